using Callytics.Runtime.Storage.Common;
using Callytics.Runtime.Storage.Voicemail;

namespace Callytics.Runtime.Storage.Directory;

/// <summary><see cref="IVoicemailStore"/> in a directory (the embedded default): <c>voicemail/&lt;id&gt;.json</c>.</summary>
public sealed class DirectoryVoicemailStore : IVoicemailStore
{
    private readonly DocumentFolder<VoicemailMessage> _messages;

    /// <summary>Uses (and creates when needed) the store under <paramref name="root"/>.</summary>
    public DirectoryVoicemailStore(string root) => _messages = DocumentFolder<VoicemailMessage>.Under(root, "voicemail");

    /// <inheritdoc />
    public Task SaveAsync(VoicemailMessage message, CancellationToken ct = default)
    {
        message.Validate();
        return _messages.AddAsync(Key(message.Id), message with { ReceivedAt = StorageTime.Normalize(message.ReceivedAt) }, ct);
    }

    /// <inheritdoc />
    public Task<VoicemailMessage?> GetAsync(Guid id, CancellationToken ct = default) => _messages.ReadAsync(Key(id), ct);

    /// <inheritdoc />
    public async Task<IReadOnlyList<VoicemailMessage>> ListAsync(string mailbox, bool? heard = null, CancellationToken ct = default)
    {
        StorageIds.Require(mailbox, "mailbox id");
        return (await _messages.ReadAllAsync(ct).ConfigureAwait(false))
            .Where(m => m.Mailbox == mailbox && (heard is null || m.Heard == heard))
            .OrderBy(m => m.ReceivedAt).ThenBy(m => m.Id)
            .ToArray();
    }

    /// <inheritdoc />
    public Task<bool> MarkHeardAsync(Guid id, bool heard = true, CancellationToken ct = default) =>
        _messages.UpdateAsync(Key(id), m => m with { Heard = heard }, ct);

    /// <inheritdoc />
    public Task<bool> DeleteAsync(Guid id, CancellationToken ct = default) =>
        _messages.LockedAsync(() => Task.FromResult(_messages.Delete(Key(id))), ct);

    private static string Key(Guid id) => id.ToString("N");
}
