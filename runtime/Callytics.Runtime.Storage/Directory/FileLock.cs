namespace Callytics.Runtime.Storage.Directory;

/// <summary>
/// An exclusive lock between processes, held as an open lock file. .NET opens a file with
/// <see cref="FileShare.None"/> under an advisory <c>flock</c> on Unix, which the kernel releases when
/// the process dies, so a killed writer never leaves the lock stuck.
/// </summary>
public sealed class FileLock : IDisposable
{
    private readonly FileStream _stream;

    private FileLock(FileStream stream) => _stream = stream;

    /// <summary>Waits until the lock at <paramref name="path"/> is free and takes it.</summary>
    /// <exception cref="TimeoutException">The lock stayed taken for longer than <paramref name="timeout"/>.</exception>
    /// <exception cref="Common.StorageUnavailableException">The lock file cannot be created or opened at all (a read-only or full file system, no permission): failing at once, not after the timeout.</exception>
    public static async Task<FileLock> AcquireAsync(string path, TimeSpan timeout, CancellationToken ct = default)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var deadline = DateTime.UtcNow + timeout;
        var delay = 2;
        while (true)
        {
            try
            {
                return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (Exception e) when (e is UnauthorizedAccessException || (e is IOException io && !IsHeldByAnother(io)))
            {
                // Only "held by another" is worth waiting for; anything else will not pass by waiting.
                throw new Common.StorageUnavailableException($"The store cannot take the lock file '{path}': {e.Message}", e);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                // Taken by another writer: back off a little, with jitter so waiters do not march in step.
                await Task.Delay(delay + Random.Shared.Next(delay), ct).ConfigureAwait(false);
                delay = Math.Min(delay * 2, 50);
            }
            catch (IOException e)
            {
                throw new TimeoutException($"The lock file '{path}' stayed locked for {timeout.TotalSeconds:0.#} s.", e);
            }
        }
    }

    // flock's EWOULDBLOCK (EAGAIN, 11 on Linux) is how .NET reports another holder on Unix; the
    // sharing and lock violations (0x20, 0x21) on Windows.
    private static bool IsHeldByAnother(IOException e) =>
        e.HResult is 11 or 35 or unchecked((int)0x80070020) or unchecked((int)0x80070021);

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _stream.Dispose();
}
