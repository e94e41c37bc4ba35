using Callytics.Runtime.Ari.Client;
using Callytics.Runtime.Catalog;
using Callytics.Runtime.Ari.Events;
using Callytics.Runtime.Storage.Voicemail;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Callytics.Runtime.Ari.Calls;

/// <summary>Receives reaction times: from an ARI event arriving to the call's next ARI request.</summary>
public interface IReactionObserver
{
    /// <summary>One reaction. Called on the request path: must be cheap.</summary>
    void OnReaction(TimeSpan reaction);
}

/// <summary>What every <see cref="AriCallChannel"/> of one host shares.</summary>
public sealed class AriCallServices
{
    /// <summary>Creates the services; optional parts get working defaults.</summary>
    public AriCallServices(AriClient client, AriEventRouter router, FlowCatalog? catalog = null)
    {
        Client = client;
        Router = router;
        Catalog = catalog ?? FlowCatalog.Empty;
        Conferences = new ConferenceRooms(client);
    }

    /// <summary>The ARI REST client.</summary>
    public AriClient Client { get; }

    /// <summary>Routes events to calls.</summary>
    public AriEventRouter Router { get; }

    /// <summary>Audio (prompt → media URI), trunks and endpoint templates (destination → endpoint).</summary>
    public FlowCatalog Catalog { get; }

    /// <summary>The conference rooms of this host.</summary>
    public ConferenceRooms Conferences { get; }

    /// <summary>Queues, operator logins and callbacks.</summary>
    public ICallCenter CallCenter { get; init; } = NoCallCenter.Instance;

    /// <summary>
    /// Where voicemail records (mailbox, caller, duration, file) are kept: the configured directory or
    /// PostgreSQL store. Null: this host takes no voicemail (a voicemail node fails the call rather than
    /// keep a record nobody will find).
    /// </summary>
    public IVoicemailStore? Voicemail { get; init; }

    /// <summary>Time, for timeouts (tests may use a controllable one).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where hunt groups get their random order.</summary>
    public Random Random { get; init; } = Random.Shared;

    /// <summary>Told how long each call took from an ARI event arriving to its next ARI request; null: not measured.</summary>
    public IReactionObserver? Reactions { get; init; }

    /// <summary>Logs.</summary>
    public ILoggerFactory Logs { get; init; } = NullLoggerFactory.Instance;

    /// <summary>How long to wait for ARI's confirming event after a stop or hang-up request before moving on anyway.</summary>
    public TimeSpan ConfirmTimeout { get; init; } = TimeSpan.FromSeconds(2);
}
