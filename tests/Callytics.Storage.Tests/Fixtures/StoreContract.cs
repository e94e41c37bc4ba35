namespace Callytics.Storage.Tests.Fixtures;

/// <summary>Base of the store contract suites: one fresh store per test, from the implementation's subclass.</summary>
/// <typeparam name="TStore">The store interface under test.</typeparam>
public abstract class StoreContract<TStore> : IAsyncLifetime where TStore : class
{
    private TStore? _store;

    protected TStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    protected abstract Task<TStore> CreateStoreAsync();

    protected virtual Task CleanUpAsync() => Task.CompletedTask;

    public virtual async Task InitializeAsync() => _store = await CreateStoreAsync();

    public Task DisposeAsync() => CleanUpAsync();
}
