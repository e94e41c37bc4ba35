namespace Callytics.Publishing.Media;

/// <summary>
/// Turns any audio sox can read into the stored formats with <c>sox</c> (Debian's <c>sox</c> and
/// <c>libsox-fmt-mp3</c>; Ogg Opus through <c>opusdec</c> from <c>opus-tools</c>): mono, 8 kHz µ-law and
/// 16 kHz 16-bit signed linear, both raw as Asterisk's <c>format_pcm</c> and <c>format_sln</c> read them.
/// </summary>
public static class AudioConverter
{
    /// <summary>The time one conversion may take.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Converts <paramref name="input"/> (of sox type <paramref name="soxType"/>, e.g. <c>wav</c>, <c>mp3</c>, <c>ogg</c>)
    /// into <c>&lt;outputBase&gt;.ulaw</c> and <c>&lt;outputBase&gt;.sln16</c>; returns the duration in milliseconds.
    /// </summary>
    /// <param name="nice">Above 0: the tools run at that niceness on Linux (<see cref="ToolRunner.RunAsync"/>).</param>
    public static async Task<(long DurationMs, string? Error)> ConvertAsync(string input, string soxType, string outputBase, CancellationToken ct, int nice = 0)
    {
        var source = input;
        if (soxType == "opus")
        {
            // sox in Debian 12 has no Opus reader: decode to WAV first.
            source = outputBase + ".decoded.wav";
            var decoded = await ToolRunner.RunAsync(["opusdec", "--quiet", input, source], Timeout, ct, nice).ConfigureAwait(false);
            if (!decoded.Succeeded) return (0, "opusdec: " + decoded.Error);
            soxType = "wav";
        }
        var ulaw = await ToolRunner.RunAsync(["sox", "-t", soxType, source, "-t", "ul", "-r", "8000", "-c", "1", outputBase + ".ulaw"], Timeout, ct, nice).ConfigureAwait(false);
        if (!ulaw.Succeeded) return (0, "sox: " + ulaw.Error);
        var sln = await ToolRunner.RunAsync(["sox", "-t", soxType, source, "-t", "raw", "-e", "signed-integer", "-b", "16", "-r", "16000", "-c", "1", outputBase + ".sln16"], Timeout, ct, nice).ConfigureAwait(false);
        if (!sln.Succeeded) return (0, "sox: " + sln.Error);
        // 16 000 samples of 2 bytes per second.
        var length = new FileInfo(outputBase + ".sln16").Length;
        if (length == 0) return (0, "the audio has no samples");
        return (length * 1000 / 32000, null);
    }
}
