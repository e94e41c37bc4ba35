using Callytics.TestSupport.Servers;

namespace Callytics.Ari.Tests.Backends;

/// <summary>
/// One real Asterisk for the test run. The tests of this collection run one at a time: the leak check
/// asks Asterisk for every channel and bridge, so another test's call would look like a leak.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AsteriskCollection : ICollectionFixture<AsteriskServer>
{
    public const string Name = "asterisk";
}

/// <summary>The backends a test runs on, for <c>[MemberData]</c>: every end-to-end test runs on both.</summary>
public static class Backends
{
    public static TheoryData<Backend> Both => new() { Backend.Simulator, Backend.Asterisk };
}
