using System.Security.Cryptography;
using System.Text;
using Callytics.Runtime.Contract;

namespace Callytics.Runtime.Ari.Dialing;

/// <summary>Turns prompts into ARI media URIs (<c>sound:...</c>).</summary>
public sealed class PromptMedia(DialCatalog catalog)
{
    /// <summary>
    /// The media URI for a prompt. Audio ids map through the catalog (the id itself when the
    /// catalog does not list it); TTS prompts were rendered at publish time into
    /// <c>tts/&lt;sha256 of voice and text&gt;</c>.
    /// </summary>
    public string Uri(Prompt prompt) => prompt.Kind switch
    {
        PromptKind.Audio => "sound:" + (catalog.Audio.TryGetValue(prompt.Value, out var entry) && entry.Path.Length > 0 ? entry.Path : prompt.Value),
        PromptKind.Sound => "sound:" + prompt.Value,
        _ => "sound:tts/" + TtsKey(prompt.Voice ?? "", prompt.Value),
    };

    /// <summary>The cache key of a rendered TTS prompt.</summary>
    public static string TtsKey(string voice, string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(voice + "\n" + text)));
}
