using System.Globalization;
using Callytics.Runtime.Storage.Common;
using Callytics.Runtime.Storage.Directory;

namespace Callytics.Runtime.Storage.Spooling;

/// <summary>
/// Writes that could not reach the database, kept on disk in arrival order until they can.
/// One JSON file per item (atomic write); an item's file is deleted only after the database took it,
/// so a crash at any point loses nothing (the stores ignore a repeated save of the same id).
/// An item that can never be written (a damaged file, a save the database refuses) is moved to the
/// <c>failed/</c> folder beside the items, with a <c>.reason</c> file saying why, and the replay goes
/// on with the next: one bad item never blocks the others.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class Spool<T> where T : class
{
    private readonly string _directory;
    private readonly string _lockPath;
    private readonly Action<SpoolQuarantine>? _onQuarantined;

    /// <summary>Uses (and creates when needed) the spool folder <paramref name="directory"/>.</summary>
    /// <param name="directory">The spool folder.</param>
    /// <param name="onQuarantined">Told about each item moved to <c>failed/</c> (for the log).</param>
    public Spool(string directory, Action<SpoolQuarantine>? onQuarantined = null)
    {
        _directory = directory;
        _lockPath = Path.Combine(directory, ".lock");
        _onQuarantined = onQuarantined;
    }

    /// <summary>How many items wait.</summary>
    public int Count => System.IO.Directory.Exists(_directory) ? Files().Count() : 0;

    /// <summary>Where items that could not be written are kept (<c>&lt;spool&gt;/failed</c>).</summary>
    public string FailedDirectory => Path.Combine(_directory, "failed");

    /// <summary>How many items were quarantined in <see cref="FailedDirectory"/> (by any run).</summary>
    public int Quarantined => System.IO.Directory.Exists(FailedDirectory)
        ? System.IO.Directory.EnumerateFiles(FailedDirectory, "*.json").Count()
        : 0;

    /// <summary>Adds an item durably.</summary>
    /// <param name="id">The item's id (becomes part of the file name).</param>
    /// <param name="item">The item.</param>
    /// <param name="ct">Cancels the write.</param>
    public Task AddAsync(Guid id, T item, CancellationToken ct = default)
    {
        var name = $"{DateTime.UtcNow.Ticks.ToString("D20", CultureInfo.InvariantCulture)}-{id:N}.json";
        return JsonFiles.WriteAsync(Path.Combine(_directory, name), item, ct);
    }

    /// <summary>
    /// Hands the items, oldest first, to <paramref name="write"/> and removes each one it accepted.
    /// Stops at the first <see cref="StorageUnavailableException"/> (still down). An item that cannot
    /// be read, or whose write fails otherwise (refused by the database), is quarantined and the
    /// replay goes on. Returns how many remain.
    /// </summary>
    public async Task<int> ReplayAsync(Func<T, CancellationToken, Task> write, CancellationToken ct = default)
    {
        if (!System.IO.Directory.Exists(_directory)) return 0;
        using var held = await FileLock.AcquireAsync(_lockPath, TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
        foreach (var file in Files().Order(StringComparer.Ordinal).ToArray())
        {
            T? item;
            try
            {
                item = await JsonFiles.ReadAsync<T>(file, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidDataException or NotSupportedException)
            {
                Quarantine(file, e);
                continue;
            }
            if (item is not null)
            {
                try { await write(item, ct).ConfigureAwait(false); }
                catch (StorageUnavailableException) { break; }
                catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
                catch (Exception e)
                {
                    Quarantine(file, e);
                    continue;
                }
            }
            File.Delete(file);
        }
        AtomicFile.FlushDirectory(_directory);
        return Count;
    }

    /// <summary>Moves the item's file to <c>failed/</c> beside a <c>.reason</c> file, so it is kept for a person to look at and never retried.</summary>
    private void Quarantine(string file, Exception reason)
    {
        System.IO.Directory.CreateDirectory(FailedDirectory);
        var target = Path.Combine(FailedDirectory, Path.GetFileName(file));
        File.WriteAllText(target + ".reason", $"{DateTimeOffset.UtcNow:O} {reason.GetType().FullName}: {reason.Message}\n");
        File.Move(file, target, overwrite: true);
        AtomicFile.FlushDirectory(FailedDirectory);
        _onQuarantined?.Invoke(new SpoolQuarantine(file, target, reason));
    }

    private IEnumerable<string> Files() =>
        System.IO.Directory.EnumerateFiles(_directory, "*.json").Where(f => !Path.GetFileName(f).StartsWith('.'));
}

/// <summary>An item moved out of the spool because it can never be written.</summary>
/// <param name="File">Where it was.</param>
/// <param name="KeptAt">Where it is now (in <c>failed/</c>).</param>
/// <param name="Reason">Why it could not be written.</param>
public sealed record SpoolQuarantine(string File, string KeptAt, Exception Reason);
