using System.Text;
using Callytics.Runtime.Contract;

namespace Callytics.Runtime.Simulation;

/// <summary>Assumed durations of things a simulation does not really do.</summary>
public static class SimulatedDurations
{
    /// <summary>How long a prompt plays.</summary>
    public const int PromptMs = 2_000;
    /// <summary>How long a key press takes.</summary>
    public const int KeyMs = 300;
    /// <summary>How long an answered call or a conference lasts.</summary>
    public const int ConversationMs = 60_000;
    /// <summary>How long a voicemail message lasts.</summary>
    public const int MessageSeconds = 15;
}

/// <summary>
/// A call that exists only in memory: a scripted caller, a virtual clock, and a world where
/// dialed numbers and queues behave as the script says. Used by <c>callyc simulate</c>,
/// <c>callyc test</c> and the engine's tests; the ARI channel must behave the same way.
/// </summary>
public sealed class SimulatedChannel(CallerScript script, VirtualClock clock, string callerId = "+15550100", string dialedNumber = "100") : ICallChannel, IQueueView
{
    private readonly StringBuilder _typeAhead = new();
    private int _recordings;

    /// <inheritdoc />
    public string CallId { get; } = "sim-call-1";
    /// <inheritdoc />
    public string CallerId { get; } = callerId;
    /// <inheritdoc />
    public string DialedNumber { get; } = dialedNumber;
    /// <inheritdoc />
    public string ChannelId { get; } = "sim-channel-1";

    /// <summary>Set once the call has been hung up (by either side).</summary>
    public bool HungUp { get; private set; }

    /// <summary>Pending callbacks the call stored.</summary>
    public List<string> StoredCallbacks { get; } = [];

    /// <inheritdoc />
    public ValueTask<PlayOutcome> PlayAsync(PlayEffect effect, CancellationToken cancellationToken)
    {
        ThrowIfHangingUp();
        return ValueTask.FromResult(PlayPrompts(effect.Prompts, effect.Interruptible) ? new PlayOutcome(true) : PlayOutcome.Finished);
    }

    /// <inheritdoc />
    public ValueTask<DigitsOutcome> ReadDigitsAsync(ReadDigitsEffect effect, CancellationToken cancellationToken)
    {
        ThrowIfHangingUp();
        // As the live channel: keys typed ahead answer this input at once, its prompt is not played.
        if (_typeAhead.Length == 0) PlayPrompts(effect.Prompts, effect.Interruptible);
        var digits = new StringBuilder();
        var first = true;
        while (true)
        {
            if (_typeAhead.Length > 0)
            {
                var key = _typeAhead[0];
                _typeAhead.Remove(0, 1);
                clock.Advance(SimulatedDurations.KeyMs);
                if (effect.Terminators.Contains(key)) return ValueTask.FromResult(new DigitsOutcome(digits.ToString(), DigitsEnd.Terminator, key));
                digits.Append(key);
                first = false;
                if (digits.Length >= effect.MaxDigits) return ValueTask.FromResult(new DigitsOutcome(digits.ToString(), DigitsEnd.MaxDigits));
                continue;
            }
            // Nothing typed ahead: what the caller does next decides.
            // After the first keys the caller's entry is over: more digits only come from type-ahead.
            switch (first ? script.NextInput() : new Silence())
            {
                case Keys { AtMs: { } atMs } when first && atMs >= effect.FirstDigitTimeoutMs:
                    // Pressed after the input gave up: the input times out and the keys count for nothing.
                    clock.Advance(effect.FirstDigitTimeoutMs);
                    return ValueTask.FromResult(new DigitsOutcome("", DigitsEnd.Timeout));
                case Keys keys:
                    if (keys.AtMs is { } wait) clock.Advance(wait);
                    _typeAhead.Append(keys.Digits);
                    continue;
                case HangUp:
                    throw Hangup();
                default:
                    clock.Advance(first ? effect.FirstDigitTimeoutMs : effect.InterDigitTimeoutMs);
                    return ValueTask.FromResult(new DigitsOutcome(digits.ToString(), DigitsEnd.Timeout));
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<DialOutcome> DialAsync(DialEffect effect, CancellationToken cancellationToken)
    {
        ThrowIfHangingUp();
        var targets = effect.Strategy == DialStrategy.Simultaneous ? effect.Targets.Take(1) : effect.Targets;
        var elapsed = 0;
        var result = DialResult.NoAnswer;
        foreach (var target in targets)
        {
            if (elapsed >= effect.TotalTimeoutMs) break;
            switch (script.NextDial())
            {
                case DialBehaviour.Answer:
                    clock.Advance(SimulatedDurations.ConversationMs);
                    return ValueTask.FromResult(new DialOutcome(DialResult.Completed, effect.Strategy == DialStrategy.Simultaneous ? effect.Targets[0].Value : target.Value));
                case DialBehaviour.Busy:
                    result = DialResult.Busy;
                    break;
                case DialBehaviour.Fail:
                    result = DialResult.Failed;
                    break;
                default:
                    var ring = Math.Min(effect.RingTimeoutMs, effect.TotalTimeoutMs - elapsed);
                    clock.Advance(ring);
                    elapsed += ring;
                    result = DialResult.NoAnswer;
                    break;
            }
        }
        return ValueTask.FromResult(new DialOutcome(result));
    }

    /// <inheritdoc />
    public ValueTask<QueueOutcome> QueueAsync(QueueEffect effect, CancellationToken cancellationToken)
    {
        if (script.PeekInput() is HangUp)
        {
            script.NextInput();
            HungUp = true;
            return ValueTask.FromResult(new QueueOutcome(QueueResult.Abandoned));
        }
        switch (script.NextQueue())
        {
            case QueueBehaviour.Timeout:
                clock.Advance(effect.MaxWaitMs);
                return ValueTask.FromResult(new QueueOutcome(QueueResult.Timeout));
            case QueueBehaviour.Abandon:
                clock.Advance(effect.MaxWaitMs / 2);
                HungUp = true;
                return ValueTask.FromResult(new QueueOutcome(QueueResult.Abandoned));
            default:
                clock.Advance(SimulatedDurations.ConversationMs);
                return ValueTask.FromResult(new QueueOutcome(QueueResult.Completed));
        }
    }

    /// <inheritdoc />
    public IQueueView Queues => this;

    /// <inheritdoc />
    ValueTask<QueueSnapshot> IQueueView.GetSnapshotAsync(string queue, CancellationToken cancellationToken)
    {
        ThrowIfHangingUp();
        return ValueTask.FromResult(script.QueueState(queue));
    }

    /// <inheritdoc />
    public ValueTask<QueueLoginOutcome> QueueLoginAsync(QueueLoginEffect effect, CancellationToken cancellationToken)
    {
        ThrowIfHangingUp();
        PlayPrompts(effect.Prompt is null ? [] : [effect.Prompt], true);
        // The simulator has no operator database: any PIN logs in, '#' logs out.
        return ValueTask.FromResult(script.NextInput() switch
        {
            Keys { Digits: "#" } => new QueueLoginOutcome(QueueLoginResult.LoggedOut),
            Keys => new QueueLoginOutcome(QueueLoginResult.LoggedIn),
            HangUp => throw Hangup(),
            _ => new QueueLoginOutcome(QueueLoginResult.Rejected),
        });
    }

    /// <inheritdoc />
    public ValueTask<ConferenceOutcome> ConferenceAsync(ConferenceEffect effect, CancellationToken cancellationToken)
    {
        ThrowIfHangingUp();
        clock.Advance(SimulatedDurations.ConversationMs);
        return ValueTask.FromResult(new ConferenceOutcome(false));
    }

    /// <inheritdoc />
    public ValueTask<CallbackOutcome> CallbackAsync(CallbackEffect effect, CancellationToken cancellationToken)
    {
        ThrowIfHangingUp();
        var number = CallerId;
        if (effect.Source == CallbackNumberSource.Dtmf)
        {
            PlayPrompts(effect.Prompt is null ? [] : [effect.Prompt], true);
            number = script.NextInput() switch
            {
                Keys keys => keys.Digits.Length > effect.MaxDigits ? keys.Digits[..effect.MaxDigits] : keys.Digits,
                HangUp => throw Hangup(),
                _ => "",
            };
        }
        if (number.Length == 0) return ValueTask.FromResult(new CallbackOutcome(false, ""));
        StoredCallbacks.Add(number);
        return ValueTask.FromResult(new CallbackOutcome(true, number));
    }

    /// <inheritdoc />
    public ValueTask<VoicemailOutcome> VoicemailAsync(VoicemailEffect effect, CancellationToken cancellationToken)
    {
        ThrowIfHangingUp();
        PlayPrompts([effect.Prompt], false);
        var seconds = Math.Min(SimulatedDurations.MessageSeconds, effect.MaxDurationSeconds);
        clock.Advance(seconds * 1000);
        _recordings++;
        return ValueTask.FromResult(new VoicemailOutcome($"voicemail-{CallId}-{_recordings}.{effect.Format}", seconds));
    }

    /// <inheritdoc />
    public ValueTask HangupAsync(HangupEffect effect, CancellationToken cancellationToken)
    {
        if (!HungUp && effect.Goodbye is not null) clock.Advance(SimulatedDurations.PromptMs);
        HungUp = true;
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Plays prompts; returns true when a key pressed during them interrupted playback. Keys pressed
    /// during a prompt are kept for the next input whether or not it is interruptible (the live channel's
    /// rule, docs/flow-language-notes.md); only an interruptible prompt stops early for them.
    /// </summary>
    private bool PlayPrompts(IReadOnlyList<Prompt> prompts, bool interruptible)
    {
        if (prompts.Count == 0) return false;
        var length = SimulatedDurations.PromptMs * prompts.Count;
        if (script.PeekInput() is Keys { DuringPrompt: true } keys)
        {
            script.NextInput();
            if (keys.AtMs is { } atMs && atMs >= length)
            {
                // Pressed once the prompt is over: the keys come that much later, after the prompt.
                script.PushFront(new Keys(keys.Digits, false) { AtMs = atMs - length });
                clock.Advance(length);
                return false;
            }
            _typeAhead.Append(keys.Digits);
            if (interruptible)
            {
                clock.Advance(keys.AtMs ?? SimulatedDurations.PromptMs / 2);
                return true;
            }
        }
        clock.Advance(length);
        return false;
    }

    private void ThrowIfHangingUp()
    {
        if (script.PeekInput() is HangUp && !HungUp)
        {
            script.NextInput();
            throw Hangup();
        }
    }

    private CallerHungUpException Hangup()
    {
        HungUp = true;
        return new CallerHungUpException();
    }
}
