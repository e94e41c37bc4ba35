using Callytics.TestSupport.Servers;

namespace Callytics.Integration.Tests.Support;

/// <summary>
/// Tests that start many processes at once (20 cold <c>callyc</c> compiles fill both cores for a while).
/// They run alone, after the parallel ones, so their load does not eat into other tests' time margins;
/// their PostgreSQL server is their own.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessCrowdCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "process crowd";
}
