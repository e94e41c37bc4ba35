using System.Globalization;
using System.Text.RegularExpressions;

namespace Callytics.Runtime.Helpers;

/// <summary>The comparison operators of branch rules.</summary>
public enum BranchOperator
{
    /// <summary>Equal (ordinal string comparison).</summary>
    Eq,
    /// <summary>Not equal.</summary>
    Ne,
    /// <summary>Numerically less than.</summary>
    Lt,
    /// <summary>Numerically greater than.</summary>
    Gt,
    /// <summary>Contains the value (ordinal).</summary>
    Contains,
    /// <summary>Matches the regular expression (time-limited).</summary>
    Matches,
    /// <summary>Empty or unset.</summary>
    Empty,
    /// <summary>Set and not empty.</summary>
    NotEmpty,
}

/// <summary>One branch rule's test: <c>variable op value</c>.</summary>
public sealed class BranchCondition
{
    /// <summary>How long a regex may run before the rule counts as not matching.</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(50);

    private readonly Regex? _regex;
    private readonly decimal _number;

    /// <summary>Creates a condition; the compiler has checked that the value fits the operator.</summary>
    public BranchCondition(string variable, BranchOperator op, string value)
    {
        Variable = variable;
        Operator = op;
        Value = value;
        if (op == BranchOperator.Matches) _regex = new Regex(value, RegexOptions.CultureInvariant, RegexTimeout);
        if (op is BranchOperator.Lt or BranchOperator.Gt) _number = decimal.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>The variable tested.</summary>
    public string Variable { get; }

    /// <summary>The operator.</summary>
    public BranchOperator Operator { get; }

    /// <summary>The value compared with ("" for empty and not_empty).</summary>
    public string Value { get; }

    /// <summary>Tests a variable's current value.</summary>
    public bool Test(string actual) => Operator switch
    {
        BranchOperator.Eq => string.Equals(actual, Value, StringComparison.Ordinal),
        BranchOperator.Ne => !string.Equals(actual, Value, StringComparison.Ordinal),
        BranchOperator.Lt => TryNumber(actual, out var a) && a < _number,
        BranchOperator.Gt => TryNumber(actual, out var b) && b > _number,
        BranchOperator.Contains => actual.Contains(Value, StringComparison.Ordinal),
        BranchOperator.Matches => SafeMatch(actual),
        BranchOperator.Empty => actual.Length == 0,
        _ => actual.Length > 0,
    };

    /// <summary>Parses the language's operator names (eq, ne, lt, gt, contains, matches, empty, not_empty).</summary>
    public static bool TryParseOperator(string name, out BranchOperator op)
    {
        op = name switch
        {
            "eq" => BranchOperator.Eq,
            "ne" => BranchOperator.Ne,
            "lt" => BranchOperator.Lt,
            "gt" => BranchOperator.Gt,
            "contains" => BranchOperator.Contains,
            "matches" => BranchOperator.Matches,
            "empty" => BranchOperator.Empty,
            "not_empty" => BranchOperator.NotEmpty,
            _ => (BranchOperator)(-1),
        };
        return (int)op >= 0;
    }

    /// <summary>The operator names, as the language spells them.</summary>
    public static IReadOnlyList<string> OperatorNames { get; } = ["eq", "ne", "lt", "gt", "contains", "matches", "empty", "not_empty"];

    private static bool TryNumber(string s, out decimal d) =>
        decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out d);

    private bool SafeMatch(string actual)
    {
        try
        {
            return _regex!.IsMatch(actual);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
