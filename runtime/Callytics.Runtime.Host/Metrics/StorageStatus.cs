using System.Globalization;
using System.Text;
using Callytics.Runtime.Storage;
using Callytics.Runtime.Storage.Common;
using Callytics.Runtime.Storage.Queues;
using Callytics.Runtime.Storage.Spooling;

namespace Callytics.Runtime.Host.Metrics;

/// <summary>
/// The call center's servers and spools as <c>/healthz</c> and <c>/metrics</c> report them. Read
/// from the services only when the host has a <c>Storage</c> section (nothing to report otherwise).
/// </summary>
internal static class StorageStatus
{
    /// <summary>Server name → why it is not usable now, for each one that is not.</summary>
    public static IReadOnlyDictionary<string, string> Problems(IServiceProvider services)
    {
        var problems = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var server in Servers(services))
            if (server.Problem is { } problem) problems[server.Name] = problem;
        return problems;
    }

    /// <summary>Prometheus lines: items waiting in each spool and items quarantined in its <c>failed/</c> folder.</summary>
    public static string SpoolMetrics(IServiceProvider services)
    {
        if (services.GetService<StorageServices>() is not { } storage) return "";
        var text = new StringBuilder();
        text.Append("# HELP callytics_spool_pending Saves waiting on disk for the database.\n# TYPE callytics_spool_pending gauge\n");
        var quarantined = new StringBuilder("# HELP callytics_spool_quarantined Spooled saves that could never be written, kept in the spool's failed/ folder.\n# TYPE callytics_spool_quarantined gauge\n");
        void Add(string store, int pending, int failed)
        {
            text.Append(CultureInfo.InvariantCulture, $"callytics_spool_pending{{store=\"{store}\"}} {pending}\n");
            quarantined.Append(CultureInfo.InvariantCulture, $"callytics_spool_quarantined{{store=\"{store}\"}} {failed}\n");
        }
        if (storage.Callbacks is SpoolingCallbackStore callbacks) Add("callbacks", callbacks.Spooled, callbacks.Quarantined);
        if (storage.Voicemail is SpoolingVoicemailStore voicemail) Add("voicemail", voicemail.Spooled, voicemail.Quarantined);
        return text.Length > 0 ? text.Append(quarantined).ToString() : "";
    }

    private static IEnumerable<IStorageHealth> Servers(IServiceProvider services)
    {
        if (services.GetService<StorageServices>() is { } storage)
            foreach (var server in storage.Health) yield return server;
        if (services.GetService<IQueueState>() is IStorageHealth queues) yield return queues;
    }
}
