using System.Text.RegularExpressions;

namespace Callytics.Runtime.Storage.Common;

/// <summary>
/// Checks ids (flows, queues, operators, mailboxes) before they reach a file name, a Redis key or SQL.
/// One rule everywhere, so an id accepted by one store is accepted by all of them.
/// </summary>
public static partial class StorageIds
{
    /// <summary>The longest id accepted.</summary>
    public const int MaxLength = 128;

    // \z, not $: $ also matches before a trailing newline, and "ok\n" would become a folder name.
    [GeneratedRegex(@"\A[A-Za-z0-9_][A-Za-z0-9_.@+-]*\z")]
    private static partial Regex Pattern();

    /// <summary>True when <paramref name="id"/> is a usable id.</summary>
    public static bool IsValid(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxLength && Pattern().IsMatch(id) && !id.Contains("..", StringComparison.Ordinal);

    // An ARI channel id: an id as above, then what Asterisk appends for the halves of a Local channel
    // (";1", ";2"). A call reaches the host on such a half whenever the dialplan or an originate goes
    // through Local/, so refusing it broke operator logins and queues on a real Asterisk.
    [GeneratedRegex(@"\A[A-Za-z0-9_][A-Za-z0-9_.@+-]*(;[0-9]{1,3})?\z")]
    private static partial Regex ChannelPattern();

    /// <summary>True when <paramref name="id"/> is a usable ARI channel id (an id, or the half of a Local channel: <c>id;2</c>).</summary>
    public static bool IsValidChannel(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxLength && ChannelPattern().IsMatch(id) && !id.Contains("..", StringComparison.Ordinal);

    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="kind"/> when <paramref name="id"/> is not a usable ARI channel id.</summary>
    /// <param name="id">The channel id to check.</param>
    /// <param name="kind">What the id names ("channel id", "caller id"), for the message.</param>
    /// <returns>The id, for chaining.</returns>
    public static string RequireChannel(string? id, string kind)
    {
        if (!IsValidChannel(id))
        {
            throw new ArgumentException(
                $"Invalid {kind} '{id}': use 1-{MaxLength} characters from A-Z a-z 0-9 _ . @ + - (not starting with '.', '@', '+' or '-'), optionally ending in ';' and a number as Asterisk's Local channels do.",
                kind);
        }
        return id!;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="kind"/> when the id is not usable.</summary>
    /// <param name="id">The id to check.</param>
    /// <param name="kind">What the id names ("flow id", "queue id", ...), for the message.</param>
    /// <returns>The id, for chaining.</returns>
    public static string Require(string? id, string kind)
    {
        if (!IsValid(id))
        {
            throw new ArgumentException(
                $"Invalid {kind} '{id}': use 1-{MaxLength} characters from A-Z a-z 0-9 _ . @ + - (not starting with '.', '@', '+' or '-').",
                kind);
        }
        return id!;
    }
}
