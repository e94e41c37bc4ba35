using Callytics.Runtime.Storage.Callbacks;
using Callytics.Runtime.Storage.Flows;
using Callytics.Runtime.Storage.Operators;
using Callytics.Runtime.Storage.Voicemail;

namespace Callytics.Runtime.Storage;

/// <summary>The persistent stores of one configuration, opened together by <see cref="StorageFactory.OpenAsync"/>. Dispose to close them.</summary>
public sealed class StorageServices : IAsyncDisposable
{
    private readonly IReadOnlyList<IAsyncDisposable> _owned;

    internal StorageServices(IFlowStore flows, IOperatorStore operators, OperatorAccounts accounts, ICallbackStore callbacks, IVoicemailStore voicemail, IReadOnlyList<IAsyncDisposable> owned)
    {
        Flows = flows;
        Operators = operators;
        Accounts = accounts;
        Callbacks = callbacks;
        Voicemail = voicemail;
        _owned = owned;
    }

    /// <summary>Drafts and published versions.</summary>
    public IFlowStore Flows { get; }

    /// <summary>Operators, queues and memberships (raw; prefer <see cref="Accounts"/> for PINs).</summary>
    public IOperatorStore Operators { get; }

    /// <summary>Adding operators, setting and checking PINs.</summary>
    public OperatorAccounts Accounts { get; }

    /// <summary>Callback requests (saves are spooled while PostgreSQL is down).</summary>
    public ICallbackStore Callbacks { get; }

    /// <summary>Voicemail metadata (saves are spooled while PostgreSQL is down).</summary>
    public IVoicemailStore Voicemail { get; }

    /// <summary>Inbound routes (dialed number → flow) kept in the store.</summary>
    public required Routes.IRouteStore Routes { get; init; }

    /// <summary>The servers these stores depend on (PostgreSQL), for health checks; empty for the directory store.</summary>
    public IReadOnlyList<Common.IStorageHealth> Health { get; init; } = [];

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var item in _owned.Reverse()) await item.DisposeAsync().ConfigureAwait(false);
    }
}
