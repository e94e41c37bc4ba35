using System.Diagnostics.Tracing;
using System.Globalization;

/// <summary>
/// A .NET startup hook (<c>DOTNET_STARTUP_HOOKS</c>) that <c>ari-load --gc-log FILE</c> loads into the host
/// process: it writes one line per garbage collection (generation, reason, pause, promoted bytes) to the
/// file named by <c>CALLYTICS_BENCH_GC_LOG</c>, so a report can say which collections pause the host and for
/// how long. It lives in the benchmark, not in the host: the product carries no diagnostics of its own
/// beyond <c>/metrics</c>. The runtime finds it by this exact name in the global namespace.
/// </summary>
internal static class StartupHook
{
    private static GcListener? _listener;

    /// <summary>Called by the runtime before the host's Main.</summary>
    public static void Initialize()
    {
        // Child processes inherit the hook (the compile worker, sox); only the host logs.
        if (Environment.GetEnvironmentVariable("CALLYTICS_BENCH_GC_LOG") is { Length: > 0 } path
            && Environment.GetCommandLineArgs() is [var entry, ..] && Path.GetFileName(entry) == "Callytics.Runtime.Host.dll")
            _listener = new GcListener(path);
    }

    /// <summary>Listens to the runtime's GC events and pairs suspension with restart to get each pause.</summary>
    private sealed class GcListener : EventListener
    {
        private readonly StreamWriter _out;
        private readonly object _gate = new();
        private DateTime _suspended;
        private int _generation = -1;
        private string _reason = "";
        private long _promoted;

        public GcListener(string path)
        {
            _out = new StreamWriter(path, append: false) { AutoFlush = true };
            _out.WriteLine("end_utc\tgeneration\treason\tpause_ms\tpromoted_bytes");
        }

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
                EnableEvents(source, EventLevel.Informational, (EventKeywords)0x1); // GC keyword
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            lock (_gate)
            {
                switch (e.EventName)
                {
                    case "GCSuspendEEBegin_V1": _suspended = e.TimeStamp; break;
                    case "GCStart_V2":
                        _generation = Convert.ToInt32(e.Payload![1], CultureInfo.InvariantCulture);
                        _reason = Convert.ToString(e.Payload![2], CultureInfo.InvariantCulture) ?? "";
                        break;
                    case "GCHeapStats_V2":
                        // Promoted out of gen0 and gen1 by this GC (payload: size/promoted per generation).
                        _promoted = Convert.ToInt64(e.Payload![1], CultureInfo.InvariantCulture) + Convert.ToInt64(e.Payload![3], CultureInfo.InvariantCulture);
                        break;
                    case "GCRestartEEEnd_V1" when _suspended != default:
                        _out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{e.TimeStamp:HH:mm:ss.fff}\t{_generation}\t{_reason}\t{(e.TimeStamp - _suspended).TotalMilliseconds:F2}\t{_promoted}"));
                        _suspended = default;
                        break;
                }
            }
        }
    }
}
