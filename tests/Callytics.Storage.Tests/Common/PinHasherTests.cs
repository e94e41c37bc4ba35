using Callytics.Runtime.Storage.Operators;

namespace Callytics.Storage.Tests.Common;

public sealed class PinHasherTests
{
    private readonly PinHasher _hasher = new(iterations: 1000);

    [Fact]
    public void The_default_is_a_slow_hash()
    {
        Assert.True(new PinHasher().Iterations >= 600_000);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PinHasher(iterations: 10));
    }

    [Fact]
    public void A_hash_verifies_its_pin_only()
    {
        var hash = _hasher.Hash("1234");

        Assert.True(_hasher.Verify("1234", hash));
        Assert.False(_hasher.Verify("1235", hash));
        Assert.False(_hasher.Verify("", hash));
    }

    [Fact]
    public void A_hash_made_with_other_iterations_still_verifies()
    {
        var old = new PinHasher(iterations: 2000).Hash("1234");

        Assert.True(_hasher.Verify("1234", old));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1234")]
    [InlineData("bcrypt$10$abc$def")]
    [InlineData("pbkdf2-sha256$notanumber$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$1000$***$AAAA")]
    [InlineData("pbkdf2-sha256$1000$$")]
    [InlineData("pbkdf2-sha256$99999999999$AAAA$AAAA")]
    public void A_malformed_stored_hash_never_verifies_and_never_throws(string stored)
    {
        Assert.False(_hasher.Verify("1234", stored));
    }
}
