using Callytics.Runtime.Storage.Callbacks;

using Callytics.Storage.Tests.Fixtures;

namespace Callytics.Storage.Tests.Callbacks;

/// <summary>The behaviour every <see cref="ICallbackStore"/> must show.</summary>
public abstract class CallbackStoreContract : StoreContract<ICallbackStore>
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 21, 9, 30, 0, TimeSpan.Zero);
    public static CallbackRequest Request(string number, int minutesAfterStart = 0) =>
        new(Guid.NewGuid(), number, "sales", "+15550001", "main", T0.AddMinutes(minutesAfterStart));

    [Fact]
    public async Task A_saved_callback_is_pending_with_everything_the_caller_gave()
    {
        var request = Request("+4930123456") with { RequestedAt = T0.AddTicks(1234567) };

        await Store.SaveAsync(request);

        var stored = await Store.GetAsync(request.Id);
        Assert.NotNull(stored);
        Assert.Equal(CallbackStatus.Pending, stored.Status);
        Assert.Equal(request with { RequestedAt = T0.AddTicks(1234560) }, stored.Request);
        Assert.Null(stored.AssignedTo);
        Assert.Null(await Store.GetAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task Saving_the_same_request_twice_stores_it_once()
    {
        var request = Request("5551234");
        await Store.SaveAsync(request);
        await Store.SaveAsync(request);

        Assert.Single(await Store.ListAsync());
    }

    [Fact]
    public async Task Callbacks_are_listed_oldest_first_and_filtered_by_status()
    {
        var late = Request("222", minutesAfterStart: 5);
        var early = Request("111", minutesAfterStart: 1);
        await Store.SaveAsync(late);
        await Store.SaveAsync(early);
        await Store.TryStartCallingAsync(late.Id, "alice", T0.AddMinutes(6));

        Assert.Equal(["111", "222"], (await Store.ListAsync()).Select(c => c.Request.Number));
        Assert.Equal(["111"], (await Store.ListAsync(CallbackStatus.Pending)).Select(c => c.Request.Number));
        Assert.Equal(["222"], (await Store.ListAsync(CallbackStatus.Calling)).Select(c => c.Request.Number));
        Assert.Empty(await Store.ListAsync(CallbackStatus.Done));
    }

    [Fact]
    public async Task A_callback_goes_pending_calling_done_recording_who_and_when()
    {
        var request = Request("5550100");
        await Store.SaveAsync(request);

        Assert.True(await Store.TryStartCallingAsync(request.Id, "alice", T0.AddMinutes(10)));
        Assert.True(await Store.TryFinishAsync(request.Id, reached: true, T0.AddMinutes(12), "spoke to customer"));

        var stored = await Store.GetAsync(request.Id);
        Assert.Equal(CallbackStatus.Done, stored!.Status);
        Assert.Equal("alice", stored.AssignedTo);
        Assert.Equal(T0.AddMinutes(10), stored.CallingSince);
        Assert.Equal(T0.AddMinutes(12), stored.FinishedAt);
        Assert.Equal("spoke to customer", stored.Note);
    }

    [Fact]
    public async Task An_unreached_customer_ends_as_failed()
    {
        var request = Request("5550100");
        await Store.SaveAsync(request);
        await Store.TryStartCallingAsync(request.Id, "bob", T0);

        Assert.True(await Store.TryFinishAsync(request.Id, reached: false, T0.AddMinutes(1), "no answer"));

        Assert.Equal(CallbackStatus.Failed, (await Store.GetAsync(request.Id))!.Status);
    }

    [Fact]
    public async Task A_failed_callback_can_start_again_and_the_failed_attempt_is_cleared_but_a_done_one_cannot()
    {
        var request = Request("5550100");
        await Store.SaveAsync(request);
        await Store.TryStartCallingAsync(request.Id, "bob", T0);
        await Store.TryFinishAsync(request.Id, reached: false, T0.AddMinutes(1), "operator did not answer");

        Assert.True(await Store.TryStartCallingAsync(request.Id, "alice", T0.AddMinutes(2)));

        var retried = (await Store.GetAsync(request.Id))!;
        Assert.Equal((CallbackStatus.Calling, "alice", T0.AddMinutes(2)), (retried.Status, retried.AssignedTo, retried.CallingSince));
        Assert.Null(retried.FinishedAt);
        Assert.Null(retried.Note);
        Assert.True(await Store.TryFinishAsync(request.Id, reached: true, T0.AddMinutes(3)));
        Assert.False(await Store.TryStartCallingAsync(request.Id, "carol", T0.AddMinutes(4)));
        Assert.Equal("alice", (await Store.GetAsync(request.Id))!.AssignedTo);
    }

    [Fact]
    public async Task Only_a_pending_callback_can_start_and_only_a_calling_one_can_finish()
    {
        var request = Request("5550100");
        await Store.SaveAsync(request);

        Assert.False(await Store.TryFinishAsync(request.Id, true, T0));
        Assert.True(await Store.TryStartCallingAsync(request.Id, "alice", T0));
        Assert.False(await Store.TryStartCallingAsync(request.Id, "bob", T0));
        Assert.True(await Store.TryFinishAsync(request.Id, true, T0));
        Assert.False(await Store.TryFinishAsync(request.Id, false, T0));
        Assert.False(await Store.TryStartCallingAsync(Guid.NewGuid(), "bob", T0));
        Assert.Equal("alice", (await Store.GetAsync(request.Id))!.AssignedTo);
    }

    [Fact]
    public async Task A_calling_callback_whose_host_stopped_renewing_it_can_start_again_but_not_one_still_renewed()
    {
        var request = Request("5550100");
        await Store.SaveAsync(request);
        Assert.True(await Store.TryStartCallingAsync(request.Id, "alice", T0));
        Assert.Equal(T0, (await Store.GetAsync(request.Id))!.AliveAt);
        Assert.True(await Store.KeepCallingAsync(request.Id, T0.AddMinutes(2)));
        Assert.Equal(T0.AddMinutes(2), (await Store.GetAsync(request.Id))!.AliveAt);

        // Renewed at +2 min: alive for a lease reaching back to +1 min; never stale without a lease.
        Assert.False(await Store.TryStartCallingAsync(request.Id, "bob", T0.AddMinutes(2.5), staleBefore: T0.AddMinutes(1)));
        Assert.False(await Store.TryStartCallingAsync(request.Id, "bob", T0.AddMinutes(10)));
        Assert.True(await Store.TryStartCallingAsync(request.Id, "bob", T0.AddMinutes(4), staleBefore: T0.AddMinutes(3)));

        var taken = (await Store.GetAsync(request.Id))!;
        Assert.Equal((CallbackStatus.Calling, "bob", T0.AddMinutes(4), T0.AddMinutes(4)), (taken.Status, taken.AssignedTo, taken.CallingSince, taken.AliveAt));
    }

    [Fact]
    public async Task Only_a_calling_callback_is_kept_alive()
    {
        var request = Request("5550100");
        await Store.SaveAsync(request);

        Assert.False(await Store.KeepCallingAsync(request.Id, T0));
        await Store.TryStartCallingAsync(request.Id, "alice", T0);
        await Store.TryFinishAsync(request.Id, reached: true, T0.AddMinutes(1));
        Assert.False(await Store.KeepCallingAsync(request.Id, T0.AddMinutes(2)));
        Assert.False(await Store.KeepCallingAsync(Guid.NewGuid(), T0));
        Assert.Equal(T0, (await Store.GetAsync(request.Id))!.AliveAt);
    }

    [Fact]
    public async Task Two_admins_starting_the_same_callback_at_once_start_it_once()
    {
        var request = Request("5550100");
        await Store.SaveAsync(request);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => Store.TryStartCallingAsync(request.Id, $"admin{i}", T0))));

        Assert.Single(results, started => started);
    }

    [Theory]
    [InlineData("")]
    [InlineData("+")]
    [InlineData("555-1234")]
    [InlineData("123456789012345678901234567890123")]
    public async Task Bad_numbers_are_refused(string number)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.SaveAsync(Request(number)));
        Assert.Empty(await Store.ListAsync());
    }
}
