namespace Callytics.Runtime.Contract;

/// <summary>
/// Something a machine asks the runtime to do on the call. Each effect resolves to one
/// <see cref="Outcome"/> that the engine feeds back into <see cref="IFlowMachine.Step"/>.
/// Effects are plain data: the same effect means the same thing over ARI and in the simulator.
/// </summary>
public abstract record Effect;

/// <summary>
/// An effect that reads or writes through what the call's channel offers besides its media (such as
/// <see cref="ICallChannel.Queues"/>) and never waits for the caller. The engine performs it by calling
/// <see cref="PerformAsync"/>, so a node type whose effect is one of these needs no method on
/// <see cref="ICallChannel"/>, no case in the engine and nothing in the simulated or ARI channel: its
/// effect, outcome and logic live in one file (Machines/QueueStatusLogic.cs is the example).
/// </summary>
public abstract record ServiceEffect : Effect
{
    /// <summary>Performs the effect on the call; throws <see cref="CallerHungUpException"/> when the caller is gone.</summary>
    public abstract ValueTask<Outcome> PerformAsync(ICallChannel channel, CancellationToken cancellationToken);
}

/// <summary>Plays prompts in order. Resolves to <see cref="PlayOutcome"/>.</summary>
/// <param name="Prompts">The prompts, played back to back.</param>
/// <param name="Interruptible">When true a key press stops playback; the digit is kept as type-ahead for the next input.</param>
public sealed record PlayEffect(IReadOnlyList<Prompt> Prompts, bool Interruptible) : Effect;

/// <summary>
/// Optionally plays prompts, then collects DTMF digits. Digits already typed ahead count first.
/// Resolves to <see cref="DigitsOutcome"/>.
/// </summary>
/// <param name="Prompts">Played before (and, when interruptible, while) collecting; may be empty.</param>
/// <param name="Interruptible">Whether a digit stops the prompt.</param>
/// <param name="MaxDigits">Collection ends as soon as this many digits were received.</param>
/// <param name="Terminators">Keys that end collection early (not included in the digits); "" for none.</param>
/// <param name="FirstDigitTimeoutMs">How long to wait for the first digit, counted from the end of the prompts.</param>
/// <param name="InterDigitTimeoutMs">How long to wait for each further digit.</param>
public sealed record ReadDigitsEffect(
    IReadOnlyList<Prompt> Prompts,
    bool Interruptible,
    int MaxDigits,
    string Terminators,
    int FirstDigitTimeoutMs,
    int InterDigitTimeoutMs) : Effect;

/// <summary>Kinds of dial destination (flow-language.md, transfer).</summary>
public enum DestinationType
{
    /// <summary>An internal extension.</summary>
    Extension,
    /// <summary>A public phone number, dialed through a trunk.</summary>
    Pstn,
    /// <summary>A SIP URI (<c>sip:user@host</c>).</summary>
    SipUri,
}

/// <summary>One place to ring.</summary>
/// <param name="Type">The destination kind.</param>
/// <param name="Value">The extension, number (as written in the flow) or SIP URI.</param>
/// <param name="Trunk">The trunk id for PSTN destinations, else null.</param>
public sealed record DialTarget(DestinationType Type, string Value, string? Trunk);

/// <summary>How a hunt group rings its destinations.</summary>
public enum DialStrategy
{
    /// <summary>Ring all at once; first answer wins, the others are hung up at once.</summary>
    Simultaneous,
    /// <summary>Ring one at a time in the given order.</summary>
    Ordered,
    /// <summary>Ring one at a time in an order shuffled for every call.</summary>
    Random,
}

/// <summary>Rings one or more destinations and bridges the caller with whoever answers. Resolves to <see cref="DialOutcome"/>.</summary>
/// <param name="Targets">Where to ring (a transfer has one).</param>
/// <param name="Strategy">How to ring several targets.</param>
/// <param name="RingTimeoutMs">Ring time per attempt.</param>
/// <param name="TotalTimeoutMs">Ring time for the whole effect, all attempts together.</param>
/// <param name="RecordCall">Record the bridge (never the IVR prompts).</param>
/// <param name="MusicOnHold">Play music on hold to the caller instead of ringing tone.</param>
public sealed record DialEffect(
    IReadOnlyList<DialTarget> Targets,
    DialStrategy Strategy,
    int RingTimeoutMs,
    int TotalTimeoutMs,
    bool RecordCall,
    bool MusicOnHold) : Effect;

/// <summary>Puts the caller in a queue until an operator takes the call. Resolves to <see cref="QueueOutcome"/>.</summary>
/// <param name="Queue">The queue id.</param>
/// <param name="MaxWaitMs">After this long without an operator the caller leaves through <c>timeout</c>.</param>
/// <param name="Hold">A prompt to play in a loop while waiting, or null for music on hold.</param>
/// <param name="RecordCall">Record the operator conversation.</param>
public sealed record QueueEffect(string Queue, int MaxWaitMs, Prompt? Hold, bool RecordCall) : Effect;

/// <summary>An operator logs in to (or, with <c>#</c>, out of) queues with a PIN. Resolves to <see cref="QueueLoginOutcome"/>.</summary>
public sealed record QueueLoginEffect(
    IReadOnlyList<string> Queues,
    int PinMaxDigits,
    int MaxAttempts,
    Prompt? Prompt,
    Prompt? InvalidPrompt,
    Prompt? SuccessPrompt) : Effect;

/// <summary>Joins the caller to a conference room. Resolves to <see cref="ConferenceOutcome"/>.</summary>
/// <param name="Room">The room name; every call naming it shares one mixing bridge.</param>
/// <param name="MaxParticipants">0 for no limit.</param>
/// <param name="MohWhenAlone">Play music on hold while the caller is alone in the room.</param>
public sealed record ConferenceEffect(string Room, int MaxParticipants, bool MohWhenAlone) : Effect;

/// <summary>Where a callback number comes from.</summary>
public enum CallbackNumberSource
{
    /// <summary>The caller id of the call.</summary>
    CallerId,
    /// <summary>Keyed in by the caller.</summary>
    Dtmf,
}

/// <summary>Takes a number to call back and stores a pending callback. Resolves to <see cref="CallbackOutcome"/>.</summary>
public sealed record CallbackEffect(
    CallbackNumberSource Source,
    int MaxDigits,
    Prompt? Prompt,
    Prompt? ConfirmPrompt,
    string? Queue) : Effect;

/// <summary>Records a voicemail message and stores it with its metadata. Resolves to <see cref="VoicemailOutcome"/>.</summary>
public sealed record VoicemailEffect(Prompt Prompt, int MaxDurationSeconds, string Format, bool Beep, string Mailbox) : Effect;

/// <summary>An HTTP request the call waits for. Resolves to <see cref="HttpOutcome"/>.</summary>
/// <param name="FollowRedirects">The node's <c>follow_redirects</c>: follow at most a few redirects, each re-checked by the
/// host's outbound policy; false (the default): a 3xx is the answer.</param>
public sealed record HttpRequestEffect(
    string Method,
    string Url,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string? Body,
    int TimeoutMs,
    bool FollowRedirects = false) : Effect;

/// <summary>Hangs the call up, optionally after a goodbye prompt. The call ends; no outcome is fed back.</summary>
public sealed record HangupEffect(Prompt? Goodbye) : Effect;

/// <summary>
/// Continues in another flow: a <c>subflow</c> (comes back to <see cref="ReturnNode"/>'s <c>next</c>)
/// or a <c>goto_flow</c> (never comes back). The engine resolves the flow and enters its start.
/// </summary>
public sealed record EnterFlowEffect(string FlowId, bool IsSubflow, string ReturnNode) : Effect;

/// <summary>A <c>return</c> node: back to the calling flow, or a hang-up in a top-level call.</summary>
public sealed record ReturnEffect : Effect
{
    /// <summary>The one instance.</summary>
    public static readonly ReturnEffect Instance = new();
}
