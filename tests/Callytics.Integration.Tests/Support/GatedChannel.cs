using Callytics.Runtime.Contract;

namespace Callytics.Integration.Tests.Support;

/// <summary>
/// A call whose prompts play only once <paramref name="gate"/> completes, so a test can hold many
/// calls in flight; records what was played. Only play and hang-up are supported (the hot swap flows use nothing else).
/// </summary>
public sealed class GatedChannel(int number, Task gate) : ICallChannel
{
    public string CallId { get; } = $"gated-{number}";
    public string CallerId => "+15550100";
    public string DialedNumber => "100";
    public string ChannelId => CallId;
    public List<string> Played { get; } = [];
    public bool HungUp { get; private set; }

    public async ValueTask<PlayOutcome> PlayAsync(PlayEffect effect, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        Played.AddRange(effect.Prompts.Select(p => p.Value));
        return PlayOutcome.Finished;
    }

    public ValueTask HangupAsync(HangupEffect effect, CancellationToken cancellationToken)
    {
        HungUp = true;
        return ValueTask.CompletedTask;
    }

    public ValueTask<DigitsOutcome> ReadDigitsAsync(ReadDigitsEffect effect, CancellationToken cancellationToken) => throw new NotSupportedException();
    public ValueTask<DialOutcome> DialAsync(DialEffect effect, CancellationToken cancellationToken) => throw new NotSupportedException();
    public ValueTask<QueueOutcome> QueueAsync(QueueEffect effect, CancellationToken cancellationToken) => throw new NotSupportedException();
    public IQueueView Queues => throw new NotSupportedException();
    public ValueTask<QueueLoginOutcome> QueueLoginAsync(QueueLoginEffect effect, CancellationToken cancellationToken) => throw new NotSupportedException();
    public ValueTask<ConferenceOutcome> ConferenceAsync(ConferenceEffect effect, CancellationToken cancellationToken) => throw new NotSupportedException();
    public ValueTask<CallbackOutcome> CallbackAsync(CallbackEffect effect, CancellationToken cancellationToken) => throw new NotSupportedException();
    public ValueTask<VoicemailOutcome> VoicemailAsync(VoicemailEffect effect, CancellationToken cancellationToken) => throw new NotSupportedException();
}
