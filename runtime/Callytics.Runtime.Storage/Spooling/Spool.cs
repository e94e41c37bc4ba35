using System.Globalization;
using Callytics.Runtime.Storage.Common;
using Callytics.Runtime.Storage.Directory;

namespace Callytics.Runtime.Storage.Spooling;

/// <summary>
/// Writes that could not reach the database, kept on disk in arrival order until they can.
/// One JSON file per item (atomic write); an item's file is deleted only after the database took it,
/// so a crash at any point loses nothing (the stores ignore a repeated save of the same id).
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class Spool<T> where T : class
{
    private readonly string _directory;
    private readonly string _lockPath;

    /// <summary>Uses (and creates when needed) the spool folder <paramref name="directory"/>.</summary>
    public Spool(string directory)
    {
        _directory = directory;
        _lockPath = Path.Combine(directory, ".lock");
    }

    /// <summary>How many items wait.</summary>
    public int Count => System.IO.Directory.Exists(_directory) ? Files().Count() : 0;

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
    /// Stops at the first <see cref="StorageUnavailableException"/> (still down). Returns how many remain.
    /// </summary>
    public async Task<int> ReplayAsync(Func<T, CancellationToken, Task> write, CancellationToken ct = default)
    {
        if (!System.IO.Directory.Exists(_directory)) return 0;
        using var held = await FileLock.AcquireAsync(_lockPath, TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
        foreach (var file in Files().Order(StringComparer.Ordinal).ToArray())
        {
            var item = await JsonFiles.ReadAsync<T>(file, ct).ConfigureAwait(false);
            if (item is not null)
            {
                try { await write(item, ct).ConfigureAwait(false); }
                catch (StorageUnavailableException) { break; }
            }
            File.Delete(file);
        }
        AtomicFile.FlushDirectory(_directory);
        return Count;
    }

    private IEnumerable<string> Files() =>
        System.IO.Directory.EnumerateFiles(_directory, "*.json").Where(f => !Path.GetFileName(f).StartsWith('.'));
}
