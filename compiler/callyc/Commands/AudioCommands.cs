using System.CommandLine;
using System.Globalization;
using Callytics.Publishing.Media;
using Callytics.Runtime.Storage;

namespace Callytics.Cli.Commands;

/// <summary>
/// <c>callyc audio add|list|remove</c>: the audio library from CI, the same <see cref="AudioLibrary"/> as the
/// admin API; and the <c>--media</c> / <c>--tts-command</c> options <c>publish</c> and <c>restore</c> render TTS with.
/// </summary>
internal static class AudioCommands
{
    public static IEnumerable<Command> All() => [new Command("audio", "The audio library: prompts flows play as { \"audio\": \"<id>\" }.") { Add(), List(), Remove() }];

    /// <summary>The media folder: <c>&lt;store&gt;/media</c> for a directory store, <c>.callytics/media</c> beside a PostgreSQL one.</summary>
    public static Option<string?> MediaOption() => new("--media")
    {
        Description = "The media folder (rendered TTS, the audio library); <store>/media when omitted (.callytics/media with PostgreSQL). The host's Callytics:Media:Directory must be the same folder.",
    };

    /// <summary>The TTS engine's command line.</summary>
    public static Option<string?> TtsCommandOption() => new("--tts-command")
    {
        Description = $"The TTS engine: a command line with {{text}}, {{textfile}}, {{voice}}, {{output}}, run without a shell; default: {SpeechEngine.DefaultCommand}",
    };

    /// <summary>The media store for the command's <c>--store</c> and <c>--media</c>.</summary>
    public static MediaStore Media(ParseResult parse, Option<string> store, Option<string?> media) =>
        new(parse.GetValue(media) ?? (parse.GetValue(store) is { } s && !StorageOptions.IsPostgres(s) ? Path.Combine(s, "media") : Path.Combine(StorageOptions.DefaultDirectory, "media")));

    /// <summary>The publish step rendering TTS prompts into the media folder.</summary>
    public static IPublishStep Renderer(ParseResult parse, Option<string> store, Option<string?> media, Option<string?> ttsCommand) =>
        new TtsPublishStep(new TtsRenderer(Media(parse, store, media), new SpeechEngine(parse.GetValue(ttsCommand))));

    private static Argument<string> Id() => new("audio-id") { Description = "The audio id (1-64 of A-Z a-z 0-9 _ . -)." };

    private static Command Add()
    {
        var id = Id();
        var file = new Argument<string>("file") { Description = "A WAV, MP3, Ogg Vorbis or Ogg Opus file." };
        var (store, media) = (StoreAccess.StoreOption(), MediaOption());
        var command = new Command("add", "Checks, transcodes (8 kHz µ-law, 16 kHz linear) and stores a prompt; replaces one of the same id.") { id, file, store, media };
        command.SetAction((parse, _) => StoreAccess.RunAsync(parse, store, async storage =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path)) throw new UsageException($"no such file: {path}");
            try
            {
                var entry = await new AudioLibrary(Media(parse, store, media), storage.Flows).AddAsync(parse.GetValue(id)!, path);
                Console.WriteLine($"added {entry.Id} ({entry.SourceFormat}, {Seconds(entry.DurationMs)} s)");
                return ExitCodes.Success;
            }
            catch (AudioLibraryException e)
            {
                Console.Error.WriteLine($"callyc: {e.Message}");
                return ExitCodes.Errors;
            }
        }));
        return command;
    }

    private static Command List()
    {
        var (store, media) = (StoreAccess.StoreOption(), MediaOption());
        var command = new Command("list", "id, duration in seconds, source format, and the published versions that play it (tab-separated).") { store, media };
        command.SetAction((parse, _) => StoreAccess.RunAsync(parse, store, async storage =>
        {
            var library = new AudioLibrary(Media(parse, store, media), storage.Flows);
            var uses = await library.UsesAsync();
            foreach (var entry in library.List())
                Console.WriteLine(string.Join('\t', entry.Id, Seconds(entry.DurationMs), entry.SourceFormat,
                    string.Join(",", (uses.GetValueOrDefault(entry.Id) ?? []).Select(u => $"{u.FlowId}@{u.Version}"))));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Remove()
    {
        var id = Id();
        var (store, media) = (StoreAccess.StoreOption(), MediaOption());
        var command = new Command("remove", "Removes a prompt; refused (exit 1) while a published version plays it.") { id, store, media };
        command.SetAction((parse, _) => StoreAccess.RunAsync(parse, store, async storage =>
        {
            try
            {
                await new AudioLibrary(Media(parse, store, media), storage.Flows).RemoveAsync(parse.GetValue(id)!);
                Console.WriteLine($"removed {parse.GetValue(id)}");
                return ExitCodes.Success;
            }
            catch (AudioLibraryException e)
            {
                Console.Error.WriteLine($"callyc: {e.Message}");
                return ExitCodes.Errors;
            }
        }));
        return command;
    }

    private static string Seconds(long ms) => (ms / 1000.0).ToString("0.0##", CultureInfo.InvariantCulture);
}
