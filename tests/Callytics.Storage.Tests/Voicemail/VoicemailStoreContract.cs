using Callytics.Runtime.Storage.Voicemail;

namespace Callytics.Storage.Tests.Voicemail;

/// <summary>The behaviour every <see cref="IVoicemailStore"/> must show.</summary>
public abstract class VoicemailStoreContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
    private IVoicemailStore _store = null!;

    protected abstract Task<IVoicemailStore> CreateStoreAsync();

    protected virtual Task CleanUpAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public Task DisposeAsync() => CleanUpAsync();

    public static VoicemailMessage Message(string mailbox, int minute = 0) =>
        new(Guid.NewGuid(), mailbox, "\"Jane\" <5550123>", T0.AddMinutes(minute), 42, $"vm-{Guid.NewGuid():N}.ulaw");

    [Fact]
    public async Task A_saved_message_is_unheard_with_its_metadata()
    {
        var message = Message("sales");
        await _store.SaveAsync(message);

        Assert.Equal(message, await _store.GetAsync(message.Id));
        Assert.False((await _store.GetAsync(message.Id))!.Heard);
        Assert.Null(await _store.GetAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task A_mailbox_lists_its_own_messages_oldest_first()
    {
        var second = Message("sales", minute: 2);
        var first = Message("sales", minute: 1);
        await _store.SaveAsync(second);
        await _store.SaveAsync(first);
        await _store.SaveAsync(Message("support"));

        Assert.Equal([first.Id, second.Id], (await _store.ListAsync("sales")).Select(m => m.Id));
        Assert.Single(await _store.ListAsync("support"));
        Assert.Empty(await _store.ListAsync("nobody"));
    }

    [Fact]
    public async Task Messages_can_be_marked_heard_and_unheard_and_filtered()
    {
        var heard = Message("sales", 1);
        var unheard = Message("sales", 2);
        await _store.SaveAsync(heard);
        await _store.SaveAsync(unheard);

        Assert.True(await _store.MarkHeardAsync(heard.Id));
        Assert.False(await _store.MarkHeardAsync(Guid.NewGuid()));

        Assert.Equal([heard.Id], (await _store.ListAsync("sales", heard: true)).Select(m => m.Id));
        Assert.Equal([unheard.Id], (await _store.ListAsync("sales", heard: false)).Select(m => m.Id));
        Assert.True(await _store.MarkHeardAsync(heard.Id, heard: false));
        Assert.Equal(2, (await _store.ListAsync("sales", heard: false)).Count);
    }

    [Fact]
    public async Task Saving_the_same_message_twice_stores_it_once()
    {
        var message = Message("sales");
        await _store.SaveAsync(message);
        await _store.SaveAsync(message);

        Assert.Single(await _store.ListAsync("sales"));
    }

    [Fact]
    public async Task Invalid_messages_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.SaveAsync(Message("../x")));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.SaveAsync(Message("sales") with { DurationSeconds = -1 }));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.SaveAsync(Message("sales") with { File = "" }));
        Assert.Empty(await _store.ListAsync("sales"));
    }
}
