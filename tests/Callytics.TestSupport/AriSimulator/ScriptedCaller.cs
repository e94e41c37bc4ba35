namespace Callytics.TestSupport.AriSimulator;

/// <summary>What in the call makes a scripted caller act.</summary>
public enum CallerTrigger
{
    /// <summary>The runtime answered the call.</summary>
    Answered,
    /// <summary>The n-th playback on the caller's channel started (1-based).</summary>
    PlaybackStarted,
    /// <summary>The caller entered a bridge for the n-th time.</summary>
    Bridged,
    /// <summary>The n-th recording of the caller's channel started.</summary>
    RecordingStarted,
    /// <summary>The runtime started ringing tone or music on hold for the n-th time (a transfer is ringing).</summary>
    Ringback,
}

/// <summary>One scripted action.</summary>
/// <param name="Trigger">What starts it.</param>
/// <param name="Occurrence">Which occurrence of the trigger (1-based).</param>
/// <param name="Delay">How long after the trigger.</param>
/// <param name="Digits">The digits to press, or null to hang up.</param>
public sealed record CallerStep(CallerTrigger Trigger, int Occurrence, TimeSpan Delay, string? Digits)
{
    /// <summary>When set, the step is audio: the caller talks this many simulated seconds (Digits is ignored).</summary>
    public double? SpeakSeconds { get; init; }
}

/// <summary>
/// A caller the simulator plays: who calls which number, and what they do when (press digits,
/// hang up). Built fluently: <c>new ScriptedCaller("5551234", "100").PressOnPlayback(1, "2")</c>.
/// </summary>
public sealed class ScriptedCaller(string callerNumber, string dialedNumber)
{
    private readonly List<CallerStep> _steps = [];

    public string CallerNumber { get; } = callerNumber;
    public string DialedNumber { get; } = dialedNumber;
    public IReadOnlyList<CallerStep> Steps => _steps;

    /// <summary>Time between two digits of one press.</summary>
    public TimeSpan DigitGap { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Presses digits when the n-th playback starts (plus a delay).</summary>
    public ScriptedCaller PressOnPlayback(int playback, string digits, int delayMs = 0) =>
        Add(new(CallerTrigger.PlaybackStarted, playback, TimeSpan.FromMilliseconds(delayMs), digits));

    /// <summary>Presses digits a while after the call was answered.</summary>
    public ScriptedCaller PressAfterAnswer(int delayMs, string digits) =>
        Add(new(CallerTrigger.Answered, 1, TimeSpan.FromMilliseconds(delayMs), digits));

    /// <summary>Presses digits when the caller is bridged for the n-th time.</summary>
    public ScriptedCaller PressWhenBridged(int occurrence, string digits, int delayMs = 0) =>
        Add(new(CallerTrigger.Bridged, occurrence, TimeSpan.FromMilliseconds(delayMs), digits));

    /// <summary>Presses digits when the n-th recording of the caller starts.</summary>
    public ScriptedCaller PressWhenRecording(int occurrence, string digits, int delayMs = 0) =>
        Add(new(CallerTrigger.RecordingStarted, occurrence, TimeSpan.FromMilliseconds(delayMs), digits));

    /// <summary>Talks for <paramref name="simulatedSeconds"/> when the n-th recording of the caller starts (plus a delay).</summary>
    public ScriptedCaller SpeakWhenRecording(int occurrence, double simulatedSeconds, int delayMs = 0) =>
        Add(new(CallerTrigger.RecordingStarted, occurrence, TimeSpan.FromMilliseconds(delayMs), null) { SpeakSeconds = simulatedSeconds });

    /// <summary>Hangs up on a trigger.</summary>
    public ScriptedCaller HangUpOn(CallerTrigger trigger, int occurrence = 1, int delayMs = 0) =>
        Add(new(trigger, occurrence, TimeSpan.FromMilliseconds(delayMs), null));

    private ScriptedCaller Add(CallerStep step)
    {
        _steps.Add(step);
        return this;
    }
}

/// <summary>How a dialed destination behaves when the runtime originates a call to it.</summary>
public sealed record DialedParty
{
    /// <summary>Answers after <see cref="AnswerAfter"/>; null: never answers (rings until hung up or ARI's timeout).</summary>
    public TimeSpan? AnswerAfter { get; init; }

    /// <summary>After answering, hangs up after this long; null: stays until the runtime hangs up.</summary>
    public TimeSpan? HangUpAfter { get; init; }

    /// <summary>Reports busy after <see cref="AnswerAfter"/> instead of answering.</summary>
    public bool Busy { get; init; }

    /// <summary>The originate request itself fails with this HTTP status (e.g. 500).</summary>
    public int? OriginateStatus { get; init; }

    /// <summary>Answers at once and talks for <paramref name="talkMs"/> (null: until hung up).</summary>
    public static DialedParty Answers(int afterMs = 0, int? talkMs = null) => new()
    {
        AnswerAfter = TimeSpan.FromMilliseconds(afterMs),
        HangUpAfter = talkMs is null ? null : TimeSpan.FromMilliseconds(talkMs.Value),
    };

    /// <summary>Rings and never answers.</summary>
    public static DialedParty NeverAnswers() => new();

    /// <summary>Is busy.</summary>
    public static DialedParty IsBusy(int afterMs = 0) => new() { Busy = true, AnswerAfter = TimeSpan.FromMilliseconds(afterMs) };

    /// <summary>Originate fails (the trunk is down).</summary>
    public static DialedParty OriginateFails(int status = 500) => new() { OriginateStatus = status };
}

/// <summary>A scripted call in progress.</summary>
public sealed class SimCall
{
    internal SimCall(ScriptedCaller script, string channelId)
    {
        Script = script;
        ChannelId = channelId;
    }

    public ScriptedCaller Script { get; }
    public string ChannelId { get; }
    internal Dictionary<CallerTrigger, int> Counts { get; } = [];
    internal TaskCompletionSource EndedSource { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the caller's channel is destroyed.</summary>
    public Task Ended => EndedSource.Task;

    /// <summary>Who hung up: true when the caller did (scripted), false when the runtime did.</summary>
    public bool HungUpByCaller { get; internal set; }

    /// <summary>Media played to the caller, in order (channel playbacks only).</summary>
    public List<string> Played { get; } = [];

    /// <summary>Waits for the call to end; fails after <paramref name="timeoutMs"/>.</summary>
    public async Task WaitEndedAsync(int timeoutMs = 5000)
    {
        if (await Task.WhenAny(Ended, Task.Delay(timeoutMs)).ConfigureAwait(false) != Ended)
            throw new TimeoutException($"Call on {ChannelId} did not end within {timeoutMs} ms (played: {string.Join(", ", Played)}).");
    }
}
