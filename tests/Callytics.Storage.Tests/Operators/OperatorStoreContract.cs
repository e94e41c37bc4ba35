using Callytics.Runtime.Storage.Common;
using Callytics.Runtime.Storage.Operators;
using Callytics.Storage.Tests.Fixtures;

namespace Callytics.Storage.Tests.Operators;

/// <summary>The behaviour every <see cref="IOperatorStore"/> (and <see cref="OperatorAccounts"/> on it) must show.</summary>
public abstract class OperatorStoreContract : StoreContract<IOperatorStore>
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);
    private readonly ManualClock _clock = new(Start);
    private OperatorAccounts _accounts = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _accounts = new OperatorAccounts(Store, new PinHasher(iterations: 1000), new PinPolicy { MaxFailedAttempts = 3, LockoutDuration = TimeSpan.FromMinutes(10) }, _clock);
    }

    [Fact]
    public async Task Added_operators_are_listed_by_id_without_their_pin()
    {
        await _accounts.AddAsync("bob", "Bob B", "1234");
        await _accounts.AddAsync("alice", "Alice A", "5678");

        var operators = await Store.ListOperatorsAsync();

        Assert.Equal(["alice", "bob"], operators.Select(o => o.Id));
        Assert.Equal("Alice A", operators[0].Name);
        Assert.Equal(Start, operators[0].CreatedAt);
        Assert.Equal(operators[1], await Store.GetOperatorAsync("bob"));
        Assert.Null(await Store.GetOperatorAsync("nobody"));
    }

    [Fact]
    public async Task A_pin_is_stored_only_as_a_salted_pbkdf2_hash()
    {
        await _accounts.AddAsync("a", "A", "4321");
        await _accounts.AddAsync("b", "B", "4321");

        var first = (await Store.GetPinCredentialAsync("a"))!.PinHash;
        var second = (await Store.GetPinCredentialAsync("b"))!.PinHash;

        Assert.StartsWith("pbkdf2-sha256$1000$", first);
        Assert.DoesNotContain("4321", first);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task The_right_pin_is_accepted_and_a_wrong_one_rejected()
    {
        await _accounts.AddAsync("op", "Op", "2468");

        Assert.Equal(PinCheckResult.Accepted, await _accounts.VerifyPinAsync("op", "2468"));
        Assert.Equal(PinCheckResult.Rejected, await _accounts.VerifyPinAsync("op", "2469"));
        Assert.Equal(PinCheckResult.Rejected, await _accounts.VerifyPinAsync("nobody", "2468"));
        Assert.Equal(PinCheckResult.Rejected, await _accounts.VerifyPinAsync("../op", "2468"));
    }

    [Fact]
    public async Task Too_many_wrong_pins_lock_the_operator_out_until_the_lockout_ends()
    {
        await _accounts.AddAsync("op", "Op", "1111");

        Assert.Equal(PinCheckResult.Rejected, await _accounts.VerifyPinAsync("op", "0000"));
        Assert.Equal(PinCheckResult.Rejected, await _accounts.VerifyPinAsync("op", "0000"));
        Assert.Equal(PinCheckResult.LockedOut, await _accounts.VerifyPinAsync("op", "0000"));
        Assert.Equal(PinCheckResult.LockedOut, await _accounts.VerifyPinAsync("op", "1111"));
        Assert.Equal(Start.AddMinutes(10), (await Store.GetPinCredentialAsync("op"))!.LockedUntil);

        _clock.Advance(TimeSpan.FromMinutes(11));

        Assert.Equal(PinCheckResult.Accepted, await _accounts.VerifyPinAsync("op", "1111"));
        var credential = await Store.GetPinCredentialAsync("op");
        Assert.Equal(0, credential!.FailedAttempts);
        Assert.Null(credential.LockedUntil);
    }

    [Fact]
    public async Task A_success_resets_the_failure_count()
    {
        await _accounts.AddAsync("op", "Op", "1111");
        await _accounts.VerifyPinAsync("op", "0000");
        await _accounts.VerifyPinAsync("op", "0000");

        await _accounts.VerifyPinAsync("op", "1111");

        Assert.Equal(PinCheckResult.Rejected, await _accounts.VerifyPinAsync("op", "0000"));
        Assert.Equal(1, (await Store.GetPinCredentialAsync("op"))!.FailedAttempts);
    }

    [Fact]
    public async Task Twenty_wrong_pins_at_once_are_counted_one_by_one_and_lock_the_operator_out()
    {
        // Issue #14: the count was read, then written back as an absolute value, so parallel attempts all came
        // back Rejected and the stored count stayed low: the lock-out could be raced past.
        await _accounts.AddAsync("op", "Op", "2468");

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => _accounts.VerifyPinAsync("op", "0000"))));

        Assert.Equal(2, results.Count(r => r == PinCheckResult.Rejected));
        Assert.Equal(18, results.Count(r => r == PinCheckResult.LockedOut));
        var credential = await Store.GetPinCredentialAsync("op");
        Assert.Equal(3, credential!.FailedAttempts);
        Assert.Equal(Start.AddMinutes(10), credential.LockedUntil);
        Assert.Equal(PinCheckResult.LockedOut, await _accounts.VerifyPinAsync("op", "2468"));
    }

    [Fact]
    public async Task Claiming_an_attempt_counts_it_before_the_pin_is_checked()
    {
        await _accounts.AddAsync("op", "Op", "2468");

        var first = await Store.ClaimPinAttemptAsync("op", Start, 2, Start.AddMinutes(1));
        var second = await Store.ClaimPinAttemptAsync("op", Start, 2, Start.AddMinutes(1));
        var third = await Store.ClaimPinAttemptAsync("op", Start.AddSeconds(59), 2, Start.AddMinutes(2));
        var afterLockout = await Store.ClaimPinAttemptAsync("op", Start.AddMinutes(1), 2, Start.AddMinutes(2));

        Assert.Equal((false, 1), (first!.WasLockedOut, first.FailedAttempts));
        Assert.Equal((false, 2), (second!.WasLockedOut, second.FailedAttempts));
        Assert.Equal((true, 2), (third!.WasLockedOut, third.FailedAttempts));
        Assert.Equal((false, 1), (afterLockout!.WasLockedOut, afterLockout.FailedAttempts)); // an ended lock-out starts afresh
        Assert.Null((await Store.GetPinCredentialAsync("op"))!.LockedUntil);
        Assert.Null(await Store.ClaimPinAttemptAsync("nobody", Start, 2, Start.AddMinutes(1)));
    }

    [Fact]
    public async Task Setting_a_new_pin_replaces_the_old_one_and_lifts_a_lockout()
    {
        await _accounts.AddAsync("op", "Op", "1111");
        for (var i = 0; i < 3; i++) await _accounts.VerifyPinAsync("op", "0000");

        Assert.True(await _accounts.SetPinAsync("op", "9999"));

        Assert.Equal(PinCheckResult.Rejected, await _accounts.VerifyPinAsync("op", "1111"));
        Assert.Equal(PinCheckResult.Accepted, await _accounts.VerifyPinAsync("op", "9999"));
        Assert.False(await _accounts.SetPinAsync("nobody", "9999"));
    }

    [Theory]
    [InlineData("12")]
    [InlineData("12a4")]
    [InlineData("1234567890123")]
    public async Task Pins_that_break_the_policy_are_refused(string pin)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _accounts.AddAsync("op", "Op", pin));
        Assert.Contains("digits", error.Message);
        Assert.Null(await Store.GetOperatorAsync("op"));
    }

    [Fact]
    public async Task An_operator_id_cannot_be_added_twice()
    {
        await _accounts.AddAsync("op", "First", "1234");
        await Assert.ThrowsAsync<StorageConflictException>(() => _accounts.AddAsync("op", "Second", "5678"));
        Assert.Equal("First", (await Store.GetOperatorAsync("op"))!.Name);
    }

    [Fact]
    public async Task Queues_and_memberships_are_kept_both_ways()
    {
        await _accounts.AddAsync("alice", "Alice", "1234");
        await _accounts.AddAsync("bob", "Bob", "1234");
        await Store.SaveQueueAsync("sales", "Sales");
        await Store.SaveQueueAsync("support", "Support");
        await Store.SaveQueueAsync("sales", "Sales team");

        await Store.AddMemberAsync("sales", "bob");
        await Store.AddMemberAsync("sales", "alice");
        await Store.AddMemberAsync("sales", "alice");
        await Store.AddMemberAsync("support", "alice");

        Assert.Equal([new QueueInfo("sales", "Sales team"), new QueueInfo("support", "Support")], await Store.ListQueuesAsync());
        Assert.Equal(["alice", "bob"], await Store.ListMembersAsync("sales"));
        Assert.Equal(["sales", "support"], await Store.ListQueuesOfOperatorAsync("alice"));
        Assert.True(await Store.RemoveMemberAsync("sales", "alice"));
        Assert.False(await Store.RemoveMemberAsync("sales", "alice"));
        Assert.Equal(["bob"], await Store.ListMembersAsync("sales"));
    }

    [Fact]
    public async Task Membership_needs_an_existing_queue_and_operator()
    {
        await _accounts.AddAsync("alice", "Alice", "1234");
        await Store.SaveQueueAsync("sales", "Sales");

        await Assert.ThrowsAsync<StorageConflictException>(() => Store.AddMemberAsync("nope", "alice"));
        await Assert.ThrowsAsync<StorageConflictException>(() => Store.AddMemberAsync("sales", "nobody"));
        Assert.Empty(await Store.ListMembersAsync("sales"));
    }

    [Fact]
    public async Task Removing_an_operator_ends_its_memberships()
    {
        await _accounts.AddAsync("alice", "Alice", "1234");
        await Store.SaveQueueAsync("sales", "Sales");
        await Store.AddMemberAsync("sales", "alice");

        Assert.True(await Store.RemoveOperatorAsync("alice"));

        Assert.False(await Store.RemoveOperatorAsync("alice"));
        Assert.Empty(await Store.ListMembersAsync("sales"));
        Assert.Null(await Store.GetPinCredentialAsync("alice"));
    }

    [Fact]
    public async Task Bad_ids_are_refused_before_reaching_storage()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _accounts.AddAsync("../etc", "X", "1234"));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.SaveQueueAsync("a/b", "X"));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ListMembersAsync(""));
    }
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
