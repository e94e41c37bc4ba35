using System.Text;
using Callytics.Runtime.Contract;

namespace Callytics.Runtime.Ari.Dialing;

/// <summary>Turns a flow's dial destination into an Asterisk endpoint, applying the trunk's <c>dial_format</c>.</summary>
public sealed class EndpointResolver(DialCatalog catalog)
{
    /// <summary>The endpoint to originate to, or null (with a reason) when the destination cannot be dialed.</summary>
    public string? Resolve(DialTarget target, out string? problem)
    {
        problem = null;
        switch (target.Type)
        {
            case DestinationType.Extension:
                return Fill(catalog.Endpoints.Extension, target.Value, "", "");
            case DestinationType.SipUri:
                var uri = target.Value.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) ? target.Value[4..] : target.Value;
                return Fill(catalog.Endpoints.SipUri, uri, "", "");
            case DestinationType.Pstn:
                if (target.Trunk is null || !catalog.Trunks.TryGetValue(target.Trunk, out var trunk))
                {
                    problem = $"unknown trunk '{target.Trunk}'";
                    return null;
                }
                var number = CleanNumber(target.Value);
                if (number is null)
                {
                    problem = "not a phone number";
                    return null;
                }
                var dial = ApplyDialFormat(trunk.DialFormat, number);
                return Fill(trunk.Endpoint ?? catalog.Endpoints.Pstn, target.Value, dial, target.Trunk);
            default:
                problem = "unknown destination type";
                return null;
        }
    }

    /// <summary>
    /// Removes spaces, dashes, dots and parentheses; returns the digits with a leading '+' kept, or
    /// null when anything else is left (flow-language.md, pstn format).
    /// </summary>
    public static string? CleanNumber(string raw)
    {
        var sb = new StringBuilder(raw.Length);
        foreach (var c in raw)
        {
            if (c is ' ' or '-' or '.' or '(' or ')')
                continue;
            if (char.IsAsciiDigit(c) || (c == '+' && sb.Length == 0))
                sb.Append(c);
            else
                return null;
        }
        var digits = sb.Length - (sb.Length > 0 && sb[0] == '+' ? 1 : 0);
        return digits is >= 3 and <= 20 ? sb.ToString() : null;
    }

    /// <summary>
    /// Applies a dial format: <c>{number}</c> is the cleaned number without '+', <c>{e164}</c> the
    /// same digits (the international form without '+', so <c>00{e164}</c> dials 0049...).
    /// </summary>
    public static string ApplyDialFormat(string format, string cleanNumber)
    {
        var digits = cleanNumber.TrimStart('+');
        return format.Replace("{number}", digits, StringComparison.Ordinal).Replace("{e164}", digits, StringComparison.Ordinal);
    }

    private static string Fill(string template, string value, string dial, string trunk) =>
        template.Replace("{value}", value, StringComparison.Ordinal)
            .Replace("{dial}", dial, StringComparison.Ordinal)
            .Replace("{trunk}", trunk, StringComparison.Ordinal);
}
