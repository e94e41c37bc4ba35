namespace Callytics.Publishing.Media;

/// <summary>
/// Where prompt audio lives beside the flows (<c>&lt;store&gt;/media</c> by default): rendered TTS prompts
/// under <c>tts/&lt;key&gt;.&lt;format&gt;</c> (key: <c>FlowCatalog.TtsCacheKey</c>, a content hash, so a
/// version's audio is never overwritten by another text and is never deleted: an old version keeps its
/// audio) and the audio library under <c>audio/&lt;id&gt;.&lt;format&gt;</c> with <c>audio/&lt;id&gt;.json</c>.
/// Every file is in each of <see cref="Formats"/>, which Asterisk plays without transcoding.
/// The same layout serves both ways of reaching Asterisk (docs/ari.md): over HTTP from the host, or as
/// a folder Asterisk's sounds directory shares.
/// </summary>
public sealed class MediaStore
{
    /// <summary>8 kHz µ-law (telephone channels) and 16 kHz signed linear (wideband).</summary>
    public static readonly IReadOnlyList<string> Formats = ["ulaw", "sln16"];

    /// <summary>A store rooted at <paramref name="root"/> (created on first write).</summary>
    public MediaStore(string root) => Root = Path.GetFullPath(root);

    /// <summary>The folder.</summary>
    public string Root { get; }

    /// <summary>The rendered file of a TTS prompt.</summary>
    public string TtsFile(string key, string format) => Path.Combine(Root, "tts", key + "." + CheckFormat(format));

    /// <summary>A library file (<paramref name="id"/> is checked by <see cref="AudioIds"/>).</summary>
    public string AudioFile(string id, string format) => Path.Combine(Root, "audio", AudioIds.Require(id) + "." + CheckFormat(format));

    /// <summary>A library entry's description (<c>&lt;id&gt;.json</c>).</summary>
    public string AudioInfoFile(string id) => Path.Combine(Root, "audio", AudioIds.Require(id) + ".json");

    /// <summary>True when the TTS key has every format.</summary>
    public bool HasTts(string key) => Formats.All(f => File.Exists(TtsFile(key, f)));

    /// <summary>A fresh temporary folder inside the store (same file system, so moving out of it is a rename).</summary>
    public string NewWorkFolder() => Directory.CreateDirectory(Path.Combine(Root, ".work", Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>Moves a finished file into place atomically (readers see the old file or the whole new one).</summary>
    public static void Publish(string finished, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(finished, target, overwrite: true);
    }

    private static string CheckFormat(string format) =>
        Formats.Contains(format) ? format : throw new ArgumentException($"'{format}' is not a stored format ({string.Join(", ", Formats)})");
}

/// <summary>Audio library ids: the flow language's audio id rule (<c>^[A-Za-z0-9_.-]{1,64}$</c>), not starting with a dot.</summary>
public static class AudioIds
{
    private static readonly System.Text.RegularExpressions.Regex Pattern = new(@"\A[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>True for a valid id.</summary>
    public static bool IsValid(string? id) => id is not null && Pattern.IsMatch(id);

    /// <summary>The id, or an <see cref="ArgumentException"/> saying what a valid one is.</summary>
    public static string Require(string? id) =>
        IsValid(id) ? id! : throw new ArgumentException($"'{id}' is not a valid audio id (1-64 of A-Z a-z 0-9 _ . -, not starting with a dot)");
}
