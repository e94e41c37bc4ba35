using System.Text.Json;
using System.Text.Json.Nodes;
using Callytics.Runtime.Storage.Flows;

namespace Callytics.Publishing.Media;

/// <summary>One entry of the audio library.</summary>
/// <param name="Id">The audio id flows use (<c>{ "audio": "&lt;id&gt;" }</c>).</param>
/// <param name="DurationMs">Length of the audio.</param>
/// <param name="SourceFormat">What was uploaded: <c>wav</c>, <c>mp3</c>, <c>ogg</c> (Vorbis) or <c>opus</c>.</param>
/// <param name="SourceBytes">Size of the upload.</param>
/// <param name="AddedAt">When it was stored.</param>
public sealed record AudioEntry(string Id, long DurationMs, string SourceFormat, long SourceBytes, DateTimeOffset AddedAt);

/// <summary>A published version that plays an audio id.</summary>
public sealed record AudioUse(string FlowId, int Version);

/// <summary>Why an upload or a removal was refused (the message is for people; nothing was changed).</summary>
public sealed class AudioLibraryException(string message, int status) : Exception(message)
{
    /// <summary>The HTTP status the admin API answers with (400 bad upload, 404 unknown, 409 in use, 413 too large, 422 unreadable audio).</summary>
    public int Status { get; } = status;
}

/// <summary>
/// The audio library beside the flows: uploads are checked (size, a known container by its first bytes,
/// audio sox can decode), transcoded into <see cref="MediaStore.Formats"/> and stored under
/// <c>audio/</c>; listing says how long each is and which published versions play it; an id a published
/// version uses cannot be removed. The one implementation behind <c>callyc audio</c> and the admin API.
/// </summary>
public sealed class AudioLibrary(MediaStore media, IFlowStore flows, long maxUploadBytes = AudioLibrary.DefaultMaxUploadBytes)
{
    /// <summary>20 MiB: several minutes of compressed audio, far more than a prompt.</summary>
    public const long DefaultMaxUploadBytes = 20L * 1024 * 1024;

    /// <summary>The largest upload accepted.</summary>
    public long MaxUploadBytes => maxUploadBytes;

    /// <summary>True when <paramref name="id"/> is stored.</summary>
    public bool Contains(string id) => AudioIds.IsValid(id) && File.Exists(media.AudioInfoFile(id));

    /// <summary>Stores (or replaces) <paramref name="id"/> from an uploaded file. Nothing changes when it is refused.</summary>
    /// <exception cref="AudioLibraryException">Too large, not a wav/mp3/ogg/opus file, or audio sox cannot read.</exception>
    public async Task<AudioEntry> AddAsync(string id, string uploadedFile, CancellationToken ct = default)
    {
        if (!AudioIds.IsValid(id)) throw new AudioLibraryException(AudioIdMessage(id), 400);
        var size = new FileInfo(uploadedFile).Length;
        if (size > maxUploadBytes) throw new AudioLibraryException($"the file is {size} bytes; the limit is {maxUploadBytes}", 413);
        if (size == 0) throw new AudioLibraryException("the file is empty", 400);
        var type = Sniff(uploadedFile) ?? throw new AudioLibraryException("not a WAV, MP3, Ogg Vorbis or Ogg Opus file", 415);
        var work = media.NewWorkFolder();
        try
        {
            var (duration, error) = await AudioConverter.ConvertAsync(uploadedFile, type, Path.Combine(work, id), ct).ConfigureAwait(false);
            if (error is not null) throw new AudioLibraryException($"the {type} file could not be decoded: {error}", 422);
            var entry = new AudioEntry(id, duration, type, size, DateTimeOffset.UtcNow);
            var info = Path.Combine(work, id + ".json");
            await File.WriteAllTextAsync(info, JsonSerializer.Serialize(entry, Json), ct).ConfigureAwait(false);
            // The audio first, the description last: an entry is listed only once its files are all there.
            foreach (var format in MediaStore.Formats)
                MediaStore.Publish(Path.Combine(work, id + "." + format), media.AudioFile(id, format));
            MediaStore.Publish(info, media.AudioInfoFile(id));
            return entry;
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* a leftover work folder never hides the result */ }
        }
    }

    /// <summary>Every entry, by id.</summary>
    public IReadOnlyList<AudioEntry> List()
    {
        var folder = Path.Combine(media.Root, "audio");
        if (!Directory.Exists(folder)) return [];
        return Directory.EnumerateFiles(folder, "*.json")
            .Select(f => Read(f))
            .OfType<AudioEntry>()
            .OrderBy(e => e.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>One entry, or null.</summary>
    public AudioEntry? Get(string id) => AudioIds.IsValid(id) ? Read(media.AudioInfoFile(id)) : null;

    /// <summary>The published versions whose flow plays each audio id (every version of every flow is read).</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<AudioUse>>> UsesAsync(CancellationToken ct = default)
    {
        var uses = new Dictionary<string, List<AudioUse>>(StringComparer.Ordinal);
        foreach (var flow in await flows.ListFlowsAsync(ct).ConfigureAwait(false))
        {
            foreach (var info in await flows.ListVersionsAsync(flow.FlowId, ct).ConfigureAwait(false))
            {
                var version = await flows.GetVersionAsync(flow.FlowId, info.Version, ct).ConfigureAwait(false);
                if (version is null) continue;
                foreach (var id in AudioIdsIn(version.Artifacts.SemanticJson))
                {
                    if (!uses.TryGetValue(id, out var list)) uses[id] = list = [];
                    list.Add(new AudioUse(flow.FlowId, info.Version));
                }
            }
        }
        return uses.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<AudioUse>)kv.Value, StringComparer.Ordinal);
    }

    /// <summary>Removes an entry no published version plays.</summary>
    /// <exception cref="AudioLibraryException">Unknown id (404) or played by a published version (409, which ones in the message).</exception>
    public async Task RemoveAsync(string id, CancellationToken ct = default)
    {
        if (!AudioIds.IsValid(id)) throw new AudioLibraryException(AudioIdMessage(id), 400);
        if (!Contains(id)) throw new AudioLibraryException($"audio '{id}' is not in the library", 404);
        var uses = await UsesAsync(ct).ConfigureAwait(false);
        if (uses.TryGetValue(id, out var used))
            throw new AudioLibraryException($"audio '{id}' is played by published {string.Join(", ", used.Select(u => $"{u.FlowId} v{u.Version}"))}; it cannot be removed", 409);
        // The description first: the entry disappears from listings before its audio does.
        File.Delete(media.AudioInfoFile(id));
        foreach (var format in MediaStore.Formats) File.Delete(media.AudioFile(id, format));
    }

    /// <summary>The container by its first bytes (never by the file name): wav, mp3, ogg (Vorbis) or opus; null otherwise.</summary>
    public static string? Sniff(string file)
    {
        var head = new byte[64];
        int n;
        using (var stream = File.OpenRead(file)) n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var span = head.AsSpan(0, n);
        if (n >= 12 && span[..4].SequenceEqual("RIFF"u8) && span[8..12].SequenceEqual("WAVE"u8)) return "wav";
        if (n >= 3 && span[..3].SequenceEqual("ID3"u8)) return "mp3";
        if (n >= 2 && span[0] == 0xFF && (span[1] & 0xE0) == 0xE0) return "mp3";
        if (n >= 4 && span[..4].SequenceEqual("OggS"u8))
        {
            if (span.IndexOf("OpusHead"u8) >= 0) return "opus";
            if (span.IndexOf("vorbis"u8) >= 0) return "ogg";
        }
        return null;
    }

    private static string AudioIdMessage(string? id) => $"'{id}' is not a valid audio id (1-64 of A-Z a-z 0-9 _ . -, not starting with a dot)";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static AudioEntry? Read(string file)
    {
        try
        {
            return File.Exists(file) ? JsonSerializer.Deserialize<AudioEntry>(File.ReadAllText(file), Json) : null;
        }
        catch (JsonException)
        {
            return null; // a damaged description: the entry is not listed rather than breaking the listing
        }
    }

    private static IEnumerable<string> AudioIdsIn(string semanticJson)
    {
        JsonNode? root;
        try { root = JsonNode.Parse(semanticJson); }
        catch (JsonException) { yield break; }
        var pending = new Stack<JsonNode?>([root]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case JsonObject obj:
                    foreach (var (key, value) in obj)
                    {
                        if (key == "audio" && value is JsonValue v && v.TryGetValue<string>(out var id) && seen.Add(id)) yield return id;
                        else pending.Push(value);
                    }
                    break;
                case JsonArray array:
                    foreach (var item in array) pending.Push(item);
                    break;
            }
        }
    }
}
