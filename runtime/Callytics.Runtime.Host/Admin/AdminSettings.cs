namespace Callytics.Runtime.Host.Admin;

/// <summary>
/// The admin API's settings: section <c>Callytics:Admin</c> (e.g. <c>Callytics__Admin__Token</c>).
/// Without a token every <c>/api</c> request is refused.
/// </summary>
public sealed class AdminSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Callytics:Admin";

    /// <summary>The bearer token every <c>/api</c> request must carry; null or empty: all are refused.</summary>
    public string? Token { get; set; }

    /// <summary>Origins allowed to call the API from a browser (the editor), e.g. <c>http://localhost:5173</c>.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>
    /// The largest accepted request body; larger ones get 413. By default the compiler's own limit for
    /// a flow file, so every flow the editor opens and <c>callyc</c> checks can be saved as a draft (at
    /// 1 MiB a 5,000-node flow was refused).
    /// </summary>
    public long MaxBodyBytes { get; set; } = new Compiler.Syntax.LoadLimits().MaxFileBytes;

    /// <summary>The built editor to serve at <c>/</c> when the folder exists.</summary>
    public string EditorDist { get; set; } = "editor-web/dist";

    /// <summary>
    /// Whether <c>/metrics</c> needs the token too. Null (the default): only when the host listens on an address
    /// beyond loopback, where anyone who can reach the port could read call volumes and flow activity.
    /// </summary>
    public bool? MetricsRequireToken { get; set; }

    /// <summary>
    /// How long a publish or restore through the API may take (checking, compiling, storing); past it,
    /// it is cancelled and nothing is published (503). Two minutes by default.
    /// </summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The compile worker (<c>Callytics.CompileWorker.dll</c>) that runs Roslyn for publishes, restores
    /// and test calls in a child process. Empty (the default): the one built beside the host.
    /// </summary>
    public string CompileWorker { get; set; } = "";

    /// <summary>
    /// The niceness on Linux (0 to 19, higher is lower priority) of the processes a publish starts: the
    /// compile worker and the TTS engine and sox. 10 by default, so the calls this process serves win
    /// every contended core. 0 starts them at normal priority.
    /// </summary>
    public int PublishNice { get; set; } = 10;

    /// <summary>Recorded as "published by" for publishes and restores through the API.</summary>
    public string PublishedBy { get; set; } = "admin-api";
}
