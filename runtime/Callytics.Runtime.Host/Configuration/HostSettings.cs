using Callytics.Runtime.Ari.Client;
using Callytics.Runtime.Ari.Http;

namespace Callytics.Runtime.Host.Configuration;

/// <summary>
/// The host's settings: section <c>Callytics</c> of appsettings.json, overridable by environment
/// variables (<c>Callytics__Ari__Password</c>, <c>Callytics__Routes__100=support-line</c>, ...).
/// </summary>
public sealed class HostSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Callytics";

    /// <summary>Where ARI is, who we are, and the Stasis application name.</summary>
    public AriOptions Ari { get; set; } = new();

    /// <summary>Inbound routes: dialed number → flow id.</summary>
    public Dictionary<string, string> Routes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The flow for a dialed number with no route; null: such calls are hung up.</summary>
    public string? DefaultFlow { get; set; }

    /// <summary>
    /// How often (ms) a host whose flow store is PostgreSQL reads the stored inbound routes again to take other
    /// hosts' edits (its own are used at once). A folder store is watched instead.
    /// </summary>
    public int RoutesPollMs { get; set; } = 2000;

    /// <summary>The flow store directory (published versions).</summary>
    public string FlowStore { get; set; } = ".callytics";

    /// <summary>The catalog file (audio, queues, trunks, endpoints); null: the empty catalog.</summary>
    public string? Catalog { get; set; }

    /// <summary>
    /// PostgreSQL connection string for the flow store (drafts and versions); null: the directory
    /// <see cref="FlowStore"/>. Queues, operators, callbacks and voicemail are configured in the
    /// <c>Storage</c> section (see CallCenterRegistration).
    /// </summary>
    public string? PostgreSql { get; set; }

    /// <summary>Which hosts and addresses http_request and webhook nodes may reach, and whether redirects are followed (section <c>Callytics:Outbound</c>).</summary>
    public OutboundPolicy Outbound { get; set; } = new();

    /// <summary>Webhook queue capacity.</summary>
    public int WebhookQueueCapacity { get; set; } = 10_000;

    /// <summary>How long a stopping host lets calls in progress run before hanging them up.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(10);
}
