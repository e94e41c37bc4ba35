using System.Runtime.InteropServices;

namespace Callytics.Runtime.IO;

/// <summary>
/// Crash-safe file writes: the content goes to a temporary file in the same directory, is flushed to
/// disk, and replaces the target with one rename, after which the directory entry is flushed too.
/// A reader sees the old content or the new one, never a half-written file.
/// </summary>
public static class AtomicFile
{
    /// <summary>Prefix of temporary names; listings skip every name starting with '.'.</summary>
    public const string TempPrefix = ".tmp-";

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically and durably.</summary>
    public static async Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken ct = default)
    {
        var (directory, temp) = TempBeside(path);
        try
        {
            await WriteDurablyAsync(temp, bytes, ct).ConfigureAwait(false);
            Replace(temp, path, directory);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>
    /// Writes what <paramref name="write"/> puts into the stream to <paramref name="path"/> atomically and
    /// durably: for content serialized as it is written, so a large document is never one array in memory.
    /// </summary>
    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken ct = default)
    {
        var (directory, temp) = TempBeside(path);
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await write(stream, ct).ConfigureAwait(false);
                await stream.FlushAsync(ct).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            Replace(temp, path, directory);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>
    /// Writes <paramref name="bytes"/> to <paramref name="path"/> atomically and durably, synchronously:
    /// for callers that are synchronous themselves (a build writing its output folder), so they need not
    /// block on the asynchronous variant.
    /// </summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var (directory, temp) = TempBeside(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            Replace(temp, path, directory);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static (string Directory, string Temp) TempBeside(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        System.IO.Directory.CreateDirectory(directory);
        return (directory, Path.Combine(directory, TempPrefix + Guid.NewGuid().ToString("N")));
    }

    private static void Replace(string temp, string path, string directory)
    {
        File.Move(temp, path, overwrite: true);
        FlushDirectory(directory);
    }

    /// <summary>Writes a new file and flushes it to disk (no rename: for files inside a temporary directory).</summary>
    public static async Task WriteDurablyAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken ct = default)
    {
        await using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
        await stream.WriteAsync(bytes, ct).ConfigureAwait(false);
        await stream.FlushAsync(ct).ConfigureAwait(false);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Flushes a directory's entries (renames, new files) to disk. .NET has no API for it, so on
    /// Unix the directory is opened and fsync'ed through libc; on Windows renames are already durable enough.
    /// </summary>
    public static void FlushDirectory(string directory)
    {
        if (OperatingSystem.IsWindows()) return;
        var fd = NativeMethods.open(directory, 0);
        if (fd < 0) return;
        try { _ = NativeMethods.fsync(fd); }
        finally { _ = NativeMethods.close(fd); }
    }

    private static class NativeMethods
    {
#pragma warning disable SYSLIB1054 // plain DllImport keeps the project free of unsafe code
        [DllImport("libc", SetLastError = true)]
        public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int fsync(int fd);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);
#pragma warning restore SYSLIB1054
    }
}
