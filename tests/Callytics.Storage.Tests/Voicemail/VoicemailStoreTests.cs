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
    private readonly PostgresTestDatabase _database = new(server, "voicemail");

    protected override async Task<IVoicemailStore> CreateStoreAsync() => new PostgresVoicemailStore(await _database.OpenAsync());

    protected override Task CleanUpAsync() => _database.DisposeAsync().AsTask();
}
