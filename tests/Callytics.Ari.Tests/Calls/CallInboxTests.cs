using Callytics.Runtime.Ari.Calls;
using Callytics.Runtime.Ari.Events;

namespace Callytics.Ari.Tests.Calls;

/// <summary>
/// A call's inbox (what the call's running effect reads its events from): events come out in the order
/// they went in whoever wrote them, a read waits for the next event, is cancelled by its token without
/// losing a later event, and ends when the call is over.
/// </summary>
public sealed class CallInboxTests
{
    private static ChannelDtmfReceivedEvent Digit(string d) => new() { Type = "ChannelDtmfReceived", Digit = d };

    [Fact]
    public async Task Events_written_before_the_read_come_out_in_order()
    {
        var inbox = new CallInbox();
        Assert.True(inbox.TryWrite(Digit("1")));
        Assert.True(inbox.TryWrite(Digit("2")));
        Assert.True(inbox.TryWrite(Digit("3")));

        Assert.True(inbox.TryRead(out var first));
        Assert.Equal("1", ((ChannelDtmfReceivedEvent)first).Digit);
        Assert.Equal("2", ((ChannelDtmfReceivedEvent)await inbox.ReadAsync(CancellationToken.None)).Digit);
        Assert.Equal("3", ((ChannelDtmfReceivedEvent)await inbox.ReadAsync(CancellationToken.None)).Digit);
        Assert.False(inbox.TryRead(out _));
    }

    [Fact]
    public async Task A_read_waits_for_the_next_event_and_resumes_off_the_writer_s_thread()
    {
        var inbox = new CallInbox();
        var read = inbox.ReadAsync(CancellationToken.None).AsTask();
        await Task.Delay(20);
        Assert.False(read.IsCompleted);

        inbox.TryWrite(Digit("7"));
        Assert.Equal("7", ((ChannelDtmfReceivedEvent)await read.WaitAsync(TimeSpan.FromSeconds(5))).Digit);
    }

    [Fact]
    public async Task A_cancelled_read_throws_and_the_next_read_gets_the_next_event()
    {
        var inbox = new CallInbox();
        using var cancel = new CancellationTokenSource();
        var read = inbox.ReadAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(TimeSpan.FromSeconds(5)));

        inbox.TryWrite(Digit("4"));
        Assert.Equal("4", ((ChannelDtmfReceivedEvent)await inbox.ReadAsync(CancellationToken.None)).Digit);
    }

    [Fact]
    public async Task An_event_arriving_while_a_read_is_cancelled_is_either_read_or_kept_never_lost()
    {
        var inbox = new CallInbox();
        for (var i = 0; i < 2000; i++)
        {
            using var cancel = new CancellationTokenSource();
            var read = inbox.ReadAsync(cancel.Token).AsTask();
            var write = Task.Run(() => inbox.TryWrite(Digit("5")));
            await cancel.CancelAsync();
            await write;
            try
            {
                Assert.Equal("5", ((ChannelDtmfReceivedEvent)await read).Digit);
            }
            catch (OperationCanceledException)
            {
                Assert.True(inbox.TryRead(out var kept), $"round {i}: the event written during the cancelled read was lost");
                Assert.Equal("5", ((ChannelDtmfReceivedEvent)kept).Digit);
            }
            Assert.False(inbox.TryRead(out _));
        }
    }

    [Fact]
    public async Task Events_from_many_writers_all_arrive_once()
    {
        var inbox = new CallInbox();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++) inbox.TryWrite(Digit($"{w}:{i}"));
        })).ToArray();
        var seen = new List<string>();
        while (seen.Count < 2000)
            seen.Add(((ChannelDtmfReceivedEvent)await inbox.ReadAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10))).Digit);
        await Task.WhenAll(writers);

        Assert.Equal(2000, seen.Distinct().Count());
        // Each writer's events stay in its order.
        foreach (var w in Enumerable.Range(0, 4))
            Assert.Equal(Enumerable.Range(0, 500).Select(i => $"{w}:{i}"), seen.Where(s => s.StartsWith($"{w}:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Completing_the_inbox_ends_a_waiting_read_and_refuses_later_events()
    {
        var inbox = new CallInbox();
        var read = inbox.ReadAsync(CancellationToken.None).AsTask();
        inbox.Complete();

        await Assert.ThrowsAsync<InvalidOperationException>(() => read.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.False(inbox.TryWrite(Digit("9")));
    }

    [Fact]
    public void Two_reads_at_once_are_a_bug_and_say_so()
    {
        var inbox = new CallInbox();
        _ = inbox.ReadAsync(CancellationToken.None);
        Assert.Throws<InvalidOperationException>(() => inbox.ReadAsync(CancellationToken.None));
    }
}
