using Callytics.TestSupport.Servers;

namespace Callytics.Integration.Tests.Support;

/// <summary>One real PostgreSQL server for every test class in this collection, started once per run.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
