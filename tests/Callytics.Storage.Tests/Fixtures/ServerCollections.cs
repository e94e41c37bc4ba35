using Callytics.TestSupport.Servers;

namespace Callytics.Storage.Tests.Fixtures;

/// <summary>One real redis-server for every test class in this collection, started once per run.</summary>
[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServer>
{
    public const string Name = "redis";
}

/// <summary>One real PostgreSQL server for every test class in this collection, started once per run.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
