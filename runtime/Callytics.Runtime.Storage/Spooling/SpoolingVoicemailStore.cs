using Callytics.Runtime.Storage.Voicemail;

namespace Callytics.Runtime.Storage.Spooling;

/// <summary>
/// An <see cref="IVoicemailStore"/> that never loses a new message's metadata: when the inner store
/// (PostgreSQL) is unreachable, <see cref="SaveAsync"/> spools it to disk and succeeds; the spool is
/// written when the database is back (in the background, and before every read).
/// </summary>
public sealed class SpoolingVoicemailStore : IVoicemailStore, IAsyncDisposable
{
    private readonly IVoicemailStore _inner;
    private readonly SpooledWriter<VoicemailMessage> _writer;

    /// <summary>Wraps <paramref name="inner"/>, spooling to <paramref name="spoolDirectory"/>.</summary>
    /// <param name="inner">The database store.</param>
    /// <param name="spoolDirectory">A local folder for messages waiting for the database.</param>
    /// <param name="firstRetry">The first retry delay (doubles up to 30 s); one second when null.</param>
    public SpoolingVoicemailStore(IVoicemailStore inner, string spoolDirectory, TimeSpan? firstRetry = null)
    {
        _inner = inner;
        _writer = new SpooledWriter<VoicemailMessage>(new Spool<VoicemailMessage>(spoolDirectory), (m, ct) => inner.SaveAsync(m, ct), firstRetry ?? TimeSpan.FromSeconds(1));
    }

    /// <summary>Messages waiting for the database.</summary>
    public int Spooled => _writer.Pending;

    /// <summary>Spooled messages that could never be written (damaged or refused), kept in the spool's <c>failed/</c> folder.</summary>
    public int Quarantined => _writer.Quarantined;

    /// <summary>Writes the spooled messages now; returns how many still wait.</summary>
    public Task<int> FlushAsync(CancellationToken ct = default) => _writer.FlushAsync(ct);

    /// <inheritdoc />
    public Task SaveAsync(VoicemailMessage message, CancellationToken ct = default)
    {
        message.Validate();
        return _writer.SaveAsync(message.Id, message, ct);
    }

    /// <inheritdoc />
    public async Task<VoicemailMessage?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await _writer.FlushAsync(ct).ConfigureAwait(false);
        return await _inner.GetAsync(id, ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<VoicemailMessage>> ListAsync(string mailbox, bool? heard = null, CancellationToken ct = default)
    {
        await _writer.FlushAsync(ct).ConfigureAwait(false);
        return await _inner.ListAsync(mailbox, heard, ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> MarkHeardAsync(Guid id, bool heard = true, CancellationToken ct = default)
    {
        await _writer.FlushAsync(ct).ConfigureAwait(false);
        return await _inner.MarkHeardAsync(id, heard, ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct = default)
    {
        // A message still in the spool would come back after the delete: write it first.
        await _writer.FlushAsync(ct).ConfigureAwait(false);
        return await _inner.DeleteAsync(id, ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
