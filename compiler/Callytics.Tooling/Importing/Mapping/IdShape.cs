using System.Text;

namespace Callytics.Compiler.Importing.Mapping;

/// <summary>
/// The identifier shapes of the flow language, and a deterministic way to bend any text into one:
/// characters outside the shape become a filler, a bad first character gets a prefix, and the
/// result is cut to 64 characters. The same input always gives the same id.
/// </summary>
public sealed class IdShape
{
    private readonly Func<char, bool> _allowed;
    private readonly Func<char, bool> _allowedFirst;
    private readonly char _filler;
    private readonly string _prefix;
    private readonly bool _lowerCase;

    private IdShape(string name, Func<char, bool> allowed, Func<char, bool> allowedFirst, char filler, string prefix, bool lowerCase)
    {
        Name = name;
        _allowed = allowed;
        _allowedFirst = allowedFirst;
        _filler = filler;
        _prefix = prefix;
        _lowerCase = lowerCase;
    }

    /// <summary>What kind of id this is, for messages ("node id", "variable name", ...).</summary>
    public string Name { get; }

    /// <summary>Node ids: <c>^[A-Za-z_][A-Za-z0-9_-]{0,63}$</c>.</summary>
    public static IdShape Node { get; } = new("node id", c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-', c => char.IsAsciiLetter(c) || c == '_', '_', "n_", false);

    /// <summary>Flow ids: <c>^[a-z0-9][a-z0-9_-]{0,63}$</c>.</summary>
    public static IdShape Flow { get; } = new("flow id", c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-', c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c), '-', "f", true);

    /// <summary>Catalog ids (audio, queues, trunks, mailboxes): <c>^[A-Za-z0-9_.-]{1,64}$</c>.</summary>
    public static IdShape Reference { get; } = new("catalog id", c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.', c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.', '_', "_", false);

    /// <summary>Conference rooms and extensions: <c>^[A-Za-z0-9_-]{1,64}$</c>.</summary>
    public static IdShape Room { get; } = new("room or extension", c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-', c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-', '_', "_", false);

    /// <summary>Variable names: <c>^[a-z_][a-z0-9_]{0,63}$</c>.</summary>
    public static IdShape Variable { get; } = new("variable name", c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_', c => char.IsAsciiLetterLower(c) || c == '_', '_', "_", true);

    /// <summary>True when <paramref name="text"/> already has this shape.</summary>
    public bool Matches(string text) =>
        text.Length is >= 1 and <= 64 && _allowedFirst(text[0]) && text.All(_allowed);

    /// <summary>Bends <paramref name="text"/> into this shape (unchanged when it already fits).</summary>
    public string Fit(string text)
    {
        if (Matches(text)) return text;
        var sb = new StringBuilder(text.Length + _prefix.Length);
        foreach (var raw in text.Trim())
        {
            var c = _lowerCase ? char.ToLowerInvariant(raw) : raw;
            var keep = _allowed(c) ? c : _filler;
            // Runs of replaced characters collapse into one filler, so "Main  Menu" reads "main-menu".
            if (keep == _filler && sb.Length > 0 && sb[^1] == _filler && !_allowed(raw)) continue;
            sb.Append(keep);
        }
        var result = sb.ToString().Trim(_filler);
        if (result.Length == 0 || !_allowedFirst(result[0])) result = _prefix + result;
        if (result.Length > 64) result = result[..64].TrimEnd(_filler);
        return Matches(result) ? result : _prefix.TrimEnd(_filler) + "x";
    }
}
