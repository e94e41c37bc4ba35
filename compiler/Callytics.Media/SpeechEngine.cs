namespace Callytics.Publishing.Media;

/// <summary>
/// The text-to-speech engine as a command line with placeholders (section <c>Callytics:Media:Tts</c>,
/// or <c>callyc --tts-command</c>): <c>{text}</c> (the prompt's text as one argument), <c>{textfile}</c>
/// (a UTF-8 file holding it), <c>{voice}</c>, <c>{output}</c> (the WAV file the engine must write). The
/// line is split into arguments once, from the setting (double quotes group words); each placeholder is
/// then replaced inside its own argument, so a prompt's text never becomes a command or an option.
/// </summary>
public sealed class SpeechEngine
{
    /// <summary>espeak-ng from Debian, reading the text from a file (so text starting with '-' is not an option).</summary>
    public const string DefaultCommand = "espeak-ng -v {voice} -w {output} -f {textfile}";

    /// <summary>The voice used when a prompt names none.</summary>
    public const string DefaultVoiceName = "en-us";

    private readonly IReadOnlyList<string> _template;

    /// <summary>An engine from its command line.</summary>
    /// <exception cref="ArgumentException">The line is empty, has an unclosed quote, or has no <c>{output}</c>.</exception>
    public SpeechEngine(string? commandLine = null, string? defaultVoice = null, TimeSpan? timeout = null)
    {
        CommandLine = string.IsNullOrWhiteSpace(commandLine) ? DefaultCommand : commandLine;
        _template = Split(CommandLine);
        if (!_template.Any(a => a.Contains("{output}", StringComparison.Ordinal)))
            throw new ArgumentException($"the TTS command line '{CommandLine}' has no {{output}} placeholder for the WAV file it must write");
        DefaultVoice = string.IsNullOrWhiteSpace(defaultVoice) ? DefaultVoiceName : defaultVoice;
        Timeout = timeout ?? TimeSpan.FromSeconds(30);
    }

    /// <summary>The command line as configured.</summary>
    public string CommandLine { get; }

    /// <summary>The voice for prompts that name none.</summary>
    public string DefaultVoice { get; }

    /// <summary>How long one rendering may take.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The argument list for one prompt.</summary>
    public IReadOnlyList<string> Arguments(string text, string voice, string textFile, string output) =>
        _template.Select(a => a.Replace("{textfile}", textFile, StringComparison.Ordinal)
                               .Replace("{output}", output, StringComparison.Ordinal)
                               .Replace("{voice}", voice, StringComparison.Ordinal)
                               .Replace("{text}", text, StringComparison.Ordinal)).ToList();

    /// <summary>Splits a command line at spaces; double quotes keep spaces inside one argument.</summary>
    internal static IReadOnlyList<string> Split(string line)
    {
        var args = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var c in line)
        {
            if (c == '"') { quoted = !quoted; any = true; continue; }
            if (char.IsWhiteSpace(c) && !quoted)
            {
                if (any) args.Add(current.ToString());
                current.Clear();
                any = false;
                continue;
            }
            current.Append(c);
            any = true;
        }
        if (quoted) throw new ArgumentException($"the TTS command line '{line}' has an unclosed quote");
        if (any) args.Add(current.ToString());
        if (args.Count == 0) throw new ArgumentException("the TTS command line is empty");
        return args;
    }
}
