namespace Callytics.Runtime.Storage.Directory;

/// <summary>
/// A folder of JSON documents, one per key, for the directory stores. Writes are atomic (see
/// <see cref="AtomicFile"/>); read-modify-write sequences run under a lock file so two processes
/// sharing the folder never lose each other's changes.
/// </summary>
/// <typeparam name="T">The document type.</typeparam>
internal sealed class DocumentFolder<T> where T : class
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);
    private readonly string _lockPath;

    /// <param name="directory">The folder holding the documents.</param>
    /// <param name="lockPath">The lock file; folders that change together share one.</param>
    public DocumentFolder(string directory, string lockPath)
    {
        Directory = directory;
        _lockPath = lockPath;
    }

    public string Directory { get; }

    /// <summary>The folder <paramref name="name"/> under <paramref name="root"/>, with its own lock file.</summary>
    public static DocumentFolder<T> Under(string root, string name)
    {
        var directory = Path.Combine(root, name);
        return new DocumentFolder<T>(directory, Path.Combine(directory, ".lock"));
    }

    /// <summary>The key must have been checked (ids or GUIDs): it becomes a file name.</summary>
    public Task<T?> ReadAsync(string key, CancellationToken ct) => JsonFiles.ReadAsync<T>(PathOf(key), ct);

    public Task WriteAsync(string key, T document, CancellationToken ct) => JsonFiles.WriteAsync(PathOf(key), document, ct);

    public bool Delete(string key)
    {
        var path = PathOf(key);
        if (!File.Exists(path)) return false;
        File.Delete(path);
        AtomicFile.FlushDirectory(Directory);
        return true;
    }

    public Task<IReadOnlyList<T>> ReadAllAsync(CancellationToken ct) => JsonFiles.ReadAllAsync<T>(Directory, ct);

    /// <summary>Runs <paramref name="action"/> holding the folder's lock file.</summary>
    public async Task<TResult> LockedAsync<TResult>(Func<Task<TResult>> action, CancellationToken ct)
    {
        using var held = await FileLock.AcquireAsync(_lockPath, LockTimeout, ct).ConfigureAwait(false);
        return await action().ConfigureAwait(false);
    }

    /// <summary>
    /// Under the lock: reads the document, lets <paramref name="change"/> produce its new version
    /// (null for "no change") and writes it. True when something was written.
    /// </summary>
    public Task<bool> UpdateAsync(string key, Func<T, T?> change, CancellationToken ct) =>
        LockedAsync(async () =>
        {
            var current = await ReadAsync(key, ct).ConfigureAwait(false);
            if (current is null || change(current) is not { } next) return false;
            await WriteAsync(key, next, ct).ConfigureAwait(false);
            return true;
        }, ct);

    /// <summary>Under the lock: writes the document only when none exists under the key. True when written.</summary>
    public Task<bool> AddAsync(string key, T document, CancellationToken ct) =>
        LockedAsync(async () =>
        {
            if (File.Exists(PathOf(key))) return false;
            await WriteAsync(key, document, ct).ConfigureAwait(false);
            return true;
        }, ct);

    private string PathOf(string key) => Path.Combine(Directory, key + ".json");
}
