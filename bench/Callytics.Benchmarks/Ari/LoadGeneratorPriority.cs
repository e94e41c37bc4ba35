using System.Runtime.InteropServices;

namespace Callytics.Benchmarks.Ari;

/// <summary>
/// Lowers the priority of the benchmark's own process (the load generator) below the host's. On a
/// two-core machine the simulator takes as much CPU as the host; at equal priority the host's threads,
/// its GC threads included, wait for a core behind it, which a load generator on its own machine
/// would never cause. Linux keeps niceness per thread and a new thread inherits its creator's, so
/// every thread present is set and those created later follow.
/// </summary>
internal static class LoadGeneratorPriority
{
    private const int PrioProcess = 0;

    /// <summary>Sets every thread of this process to <paramref name="nice"/> (Linux only; raising the priority back needs privilege).</summary>
    public static void Set(int nice)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("--load-nice needs Linux (/proc and setpriority).");
        foreach (var task in Directory.GetDirectories("/proc/self/task"))
        {
            if (!int.TryParse(Path.GetFileName(task), out var tid)) continue;
            // A thread that ended meanwhile fails with ESRCH: nothing to lower.
            if (SetPriority(PrioProcess, tid, nice) == 0) continue;
            var errno = Marshal.GetLastPInvokeError();
            if (errno == 3) continue;
            throw new InvalidOperationException(errno is 1 or 13
                ? $"setting niceness {nice} again needs root or CAP_SYS_NICE (errno {errno}); without them --load-nice can measure one run per process, not a comparison"
                : $"setpriority({tid}, {nice}) failed: errno {errno}");
        }
    }

    // DllImport rather than LibraryImport: the generated marshalling needs unsafe code, and ints need none.
    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int prio);
}
