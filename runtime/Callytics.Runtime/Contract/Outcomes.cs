namespace Callytics.Runtime.Contract;

/// <summary>What came of an effect, fed back to the machine.</summary>
public abstract record Outcome
{
    /// <summary>The call has just entered the node (no effect yet).</summary>
    public static readonly Outcome Enter = new EnterOutcome();
}

/// <summary>See <see cref="Outcome.Enter"/>.</summary>
public sealed record EnterOutcome : Outcome;

/// <summary>The flow called by a subflow node reached a return node; the call is back in the subflow node.</summary>
public sealed record SubflowReturnedOutcome : Outcome
{
    /// <summary>The one instance.</summary>
    public static readonly SubflowReturnedOutcome Instance = new();
}

/// <summary>How a <see cref="PlayEffect"/> ended.</summary>
/// <param name="Interrupted">True when a key press stopped playback (the digit waits as type-ahead).</param>
public sealed record PlayOutcome(bool Interrupted) : Outcome
{
    /// <summary>Playback finished normally.</summary>
    public static readonly PlayOutcome Finished = new(false);
}

/// <summary>Why digit collection ended.</summary>
public enum DigitsEnd
{
    /// <summary>Max digits were collected.</summary>
    MaxDigits,
    /// <summary>A terminator key was pressed.</summary>
    Terminator,
    /// <summary>The first-digit or inter-digit timeout passed.</summary>
    Timeout,
}

/// <summary>The digits collected by a <see cref="ReadDigitsEffect"/>.</summary>
/// <param name="Digits">The digits, terminator excluded (may be empty).</param>
/// <param name="End">Why collection stopped.</param>
/// <param name="Terminator">The terminator pressed, when <paramref name="End"/> is <see cref="DigitsEnd.Terminator"/>.</param>
public sealed record DigitsOutcome(string Digits, DigitsEnd End, char? Terminator = null) : Outcome;

/// <summary>How a <see cref="DialEffect"/> ended.</summary>
public enum DialResult
{
    /// <summary>Someone answered, the conversation ended, and the caller is still on the line.</summary>
    Completed,
    /// <summary>Nobody answered in time.</summary>
    NoAnswer,
    /// <summary>Every destination was busy.</summary>
    Busy,
    /// <summary>Dialing failed (bad endpoint, trunk down, ARI error).</summary>
    Failed,
}

/// <summary>The result of a <see cref="DialEffect"/>.</summary>
/// <param name="Result">How it ended.</param>
/// <param name="AnsweredBy">The destination value that answered, if any.</param>
public sealed record DialOutcome(DialResult Result, string? AnsweredBy = null) : Outcome;

/// <summary>How a <see cref="QueueEffect"/> ended.</summary>
public enum QueueResult
{
    /// <summary>An operator took the call and the conversation ended with the caller still there.</summary>
    Completed,
    /// <summary>No operator within the maximum wait.</summary>
    Timeout,
    /// <summary>The caller hung up while waiting.</summary>
    Abandoned,
}

/// <summary>The result of a <see cref="QueueEffect"/>.</summary>
public sealed record QueueOutcome(QueueResult Result) : Outcome;

/// <summary>How an operator's login attempt ended.</summary>
public enum QueueLoginResult
{
    /// <summary>PIN accepted; the operator waited for callers until hanging up.</summary>
    LoggedIn,
    /// <summary>The operator pressed <c>#</c> and was logged out.</summary>
    LoggedOut,
    /// <summary>Attempts used up.</summary>
    Rejected,
}

/// <summary>The result of a <see cref="QueueLoginEffect"/>.</summary>
public sealed record QueueLoginOutcome(QueueLoginResult Result) : Outcome;

/// <summary>The caller left a conference room and is still on the line.</summary>
/// <param name="RoomWasFull">True when the caller could not join because the room was full.</param>
public sealed record ConferenceOutcome(bool RoomWasFull) : Outcome;

/// <summary>The result of a <see cref="CallbackEffect"/>.</summary>
/// <param name="Stored">Whether a pending callback was stored.</param>
/// <param name="Number">The number to call back.</param>
public sealed record CallbackOutcome(bool Stored, string Number) : Outcome;

/// <summary>The result of a <see cref="VoicemailEffect"/>.</summary>
/// <param name="RecordingName">The stored recording, or null when nothing was recorded.</param>
/// <param name="DurationSeconds">Length of the message.</param>
public sealed record VoicemailOutcome(string? RecordingName, int DurationSeconds) : Outcome;

/// <summary>The result of an <see cref="HttpRequestEffect"/>.</summary>
/// <param name="Status">The HTTP status, or 0 when no response arrived.</param>
/// <param name="Body">The response body (the runtime keeps at most 64 KiB).</param>
/// <param name="Error">Why no response arrived (timeout, network), else null.</param>
public sealed record HttpOutcome(int Status, string Body, string? Error = null) : Outcome
{
    /// <summary>True for a 2xx response.</summary>
    public bool IsSuccess => Error is null && Status is >= 200 and < 300;
}
