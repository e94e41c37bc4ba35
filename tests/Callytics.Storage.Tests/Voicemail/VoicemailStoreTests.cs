using Callytics.Runtime.Storage.Directory;
using Callytics.Runtime.Storage.Postgres;
using Callytics.Runtime.Storage.Voicemail;
using Callytics.Storage.Tests.Fixtures;
using Callytics.TestSupport.Servers;

namespace Callytics.Storage.Tests.Voicemail;

public sealed class DirectoryVoicemailStoreTests : VoicemailStoreContract, IDisposable
{
    private readonly TempDirectory _root = new();

    protected override Task<IVoicemailStore> CreateStoreAsync() => Task.FromResult<IVoicemailStore>(new DirectoryVoicemailStore(_root.Path));

    public void Dispose() => _root.Dispose();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresVoicemailStoreTests(PostgresServer server) : VoicemailStoreContract
{
    private PostgresDatabase? _database;

    protected override async Task<IVoicemailStore> CreateStoreAsync()
    {
        _database = await PostgresStores.FreshDatabaseAsync(server, "voicemail");
        return new PostgresVoicemailStore(_database);
    }

    protected override async Task CleanUpAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
    }
}
