using Callytics.Runtime.Storage.Common;

namespace Callytics.Runtime.Storage.Spooling;

/// <summary>
/// Saves through a database write, and when the database is unreachable keeps the item in a
/// <see cref="Spool{T}"/> and retries in the background (backing off up to <see cref="MaxRetryInterval"/>)
/// until everything spooled is written.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class SpooledWriter<T> : IAsyncDisposable where T : class
{
    private readonly Spool<T> _spool;
    private readonly Func<T, CancellationToken, Task> _write;
    private readonly TimeSpan _firstRetry;
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _gate = new();
    private Task _retrying = Task.CompletedTask;

    /// <summary>The longest wait between two retries.</summary>
    public static readonly TimeSpan MaxRetryInterval = TimeSpan.FromSeconds(30);

    /// <summary>Creates the writer; items already in the spool (from an earlier run) are retried at once.</summary>
    public SpooledWriter(Spool<T> spool, Func<T, CancellationToken, Task> write, TimeSpan firstRetry)
    {
        _spool = spool;
        _write = write;
        _firstRetry = firstRetry;
        if (_spool.Count > 0) StartRetrying();
    }

    /// <summary>Items waiting for the database.</summary>
    public int Pending => _spool.Count;

    /// <summary>Items that could never be written, kept in the spool's <c>failed/</c> folder.</summary>
    public int Quarantined => _spool.Quarantined;

    /// <summary>The last error of the background retry (other than "still unavailable"), or null; for the log and health checks.</summary>
    public Exception? LastRetryError { get; private set; }

    /// <summary>Writes <paramref name="item"/>, or spools it when the database is unreachable. Either way it is not lost.</summary>
    /// <returns>True when written to the database now, false when spooled.</returns>
    public async Task<bool> SaveAsync(Guid id, T item, CancellationToken ct = default)
    {
        try
        {
            await _write(item, ct).ConfigureAwait(false);
            return true;
        }
        catch (StorageUnavailableException)
        {
            await _spool.AddAsync(id, item, ct).ConfigureAwait(false);
            StartRetrying();
            return false;
        }
    }

    /// <summary>Tries to write everything spooled now. Returns how many items still wait.</summary>
    public Task<int> FlushAsync(CancellationToken ct = default) =>
        _spool.Count == 0 ? Task.FromResult(0) : _spool.ReplayAsync(_write, ct);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        try { await _retrying.ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        _stopping.Dispose();
    }

    private void StartRetrying()
    {
        lock (_gate)
        {
            if (!_retrying.IsCompleted || _stopping.IsCancellationRequested) return;
            _retrying = Task.Run(RetryLoopAsync);
        }
    }

    private async Task RetryLoopAsync()
    {
        var wait = _firstRetry;
        while (!_stopping.IsCancellationRequested)
        {
            await Task.Delay(wait, _stopping.Token).ConfigureAwait(false);
            try
            {
                if (await FlushAsync(_stopping.Token).ConfigureAwait(false) == 0) return;
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Items that fail are quarantined by the replay, so what reaches here is the spool
                // folder itself (unreadable, full, locked): keep the items and try again later; the
                // loop must outlive any error, or the spool silently stops draining.
                LastRetryError = e;
            }
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, MaxRetryInterval.Ticks));
        }
    }
}
