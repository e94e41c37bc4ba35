namespace Callytics.Runtime.Helpers;

/// <summary>Cleaning of PSTN numbers as written by people (flow-language.md §3 and §6).</summary>
public static class PhoneNumbers
{
    /// <summary>Removes spaces, dashes, dots and parentheses.</summary>
    public static string Clean(string number)
    {
        var sb = new System.Text.StringBuilder(number.Length);
        foreach (var c in number)
            if (c is not (' ' or '-' or '.' or '(' or ')')) sb.Append(c);
        return sb.ToString();
    }

    /// <summary>True when the cleaned number is <c>^\+?[0-9]{3,20}$</c>.</summary>
    public static bool IsValid(string number)
    {
        var clean = Clean(number);
        var digits = clean.StartsWith('+') ? clean[1..] : clean;
        return digits.Length is >= 3 and <= 20 && digits.All(char.IsAsciiDigit);
    }

    /// <summary>
    /// Applies a trunk's <c>dial_format</c>: <c>{number}</c> is the cleaned number as written,
    /// <c>{e164}</c> the digits without the leading '+'.
    /// </summary>
    public static string Format(string dialFormat, string number)
    {
        var clean = Clean(number);
        return dialFormat.Replace("{number}", clean, StringComparison.Ordinal)
                         .Replace("{e164}", clean.TrimStart('+'), StringComparison.Ordinal);
    }
}
