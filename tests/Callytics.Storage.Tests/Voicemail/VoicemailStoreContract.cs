using Callytics.Runtime.Storage.Voicemail;

using Callytics.Storage.Tests.Fixtures;

namespace Callytics.Storage.Tests.Voicemail;

/// <summary>The behaviour every <see cref="IVoicemailStore"/> must show.</summary>
public abstract class VoicemailStoreContract : StoreContract<IVoicemailStore>
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
    public static VoicemailMessage Message(string mailbox, int minute = 0) =>
        new(Guid.NewGuid(), mailbox, "\"Jane\" <5550123>", T0.AddMinutes(minute), 42, $"vm-{Guid.NewGuid():N}.ulaw");

    [Fact]
    public async Task A_saved_message_is_unheard_with_its_metadata()
    {
        var message = Message("sales");
        await Store.SaveAsync(message);

        Assert.Equal(message, await Store.GetAsync(message.Id));
        Assert.False((await Store.GetAsync(message.Id))!.Heard);
        Assert.Null(await Store.GetAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task A_mailbox_lists_its_own_messages_oldest_first()
    {
        var second = Message("sales", minute: 2);
        var first = Message("sales", minute: 1);
        await Store.SaveAsync(second);
        await Store.SaveAsync(first);
        await Store.SaveAsync(Message("support"));

        Assert.Equal([first.Id, second.Id], (await Store.ListAsync("sales")).Select(m => m.Id));
        Assert.Single(await Store.ListAsync("support"));
        Assert.Empty(await Store.ListAsync("nobody"));
    }

    [Fact]
    public async Task Messages_can_be_marked_heard_and_unheard_and_filtered()
    {
        var heard = Message("sales", 1);
        var unheard = Message("sales", 2);
        await Store.SaveAsync(heard);
        await Store.SaveAsync(unheard);

        Assert.True(await Store.MarkHeardAsync(heard.Id));
        Assert.False(await Store.MarkHeardAsync(Guid.NewGuid()));

        Assert.Equal([heard.Id], (await Store.ListAsync("sales", heard: true)).Select(m => m.Id));
        Assert.Equal([unheard.Id], (await Store.ListAsync("sales", heard: false)).Select(m => m.Id));
        Assert.True(await Store.MarkHeardAsync(heard.Id, heard: false));
        Assert.Equal(2, (await Store.ListAsync("sales", heard: false)).Count);
    }

    [Fact]
    public async Task Deleting_removes_only_that_message_once()
    {
        var (gone, kept) = (Message("sales"), Message("sales"));
        await Store.SaveAsync(gone);
        await Store.SaveAsync(kept);

        Assert.True(await Store.DeleteAsync(gone.Id));
        Assert.False(await Store.DeleteAsync(gone.Id));
        Assert.Null(await Store.GetAsync(gone.Id));
        Assert.Equal([kept.Id], (await Store.ListAsync("sales")).Select(m => m.Id));
    }

    [Fact]
    public async Task Saving_the_same_message_twice_stores_it_once()
    {
        var message = Message("sales");
        await Store.SaveAsync(message);
        await Store.SaveAsync(message);

        Assert.Single(await Store.ListAsync("sales"));
    }

    [Fact]
    public async Task Invalid_messages_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.SaveAsync(Message("../x")));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.SaveAsync(Message("sales") with { DurationSeconds = -1 }));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.SaveAsync(Message("sales") with { File = "" }));
        Assert.Empty(await Store.ListAsync("sales"));
    }
}
