namespace Callytics.Runtime.Storage.Voicemail;

/// <summary>
/// Voicemail metadata (PostgreSQL table <c>voicemails</c>, or the directory store).
/// </summary>
/// <remarks>
/// Implementations: <see cref="Postgres.PostgresVoicemailStore"/>, <see cref="Directory.DirectoryVoicemailStore"/>;
/// wrap the PostgreSQL one in <see cref="Spooling.SpoolingVoicemailStore"/> so a save during an outage is not lost
/// (<see cref="StorageFactory"/> does this).
/// </remarks>
public interface IVoicemailStore
{
    /// <summary>Stores a message. Saving the same id again changes nothing.</summary>
    /// <exception cref="ArgumentException">The message is invalid.</exception>
    Task SaveAsync(VoicemailMessage message, CancellationToken ct = default);

    /// <summary>One message, or null.</summary>
    Task<VoicemailMessage?> GetAsync(Guid id, CancellationToken ct = default);

    /// <summary>A mailbox's messages, oldest first, optionally only heard or unheard ones.</summary>
    Task<IReadOnlyList<VoicemailMessage>> ListAsync(string mailbox, bool? heard = null, CancellationToken ct = default);

    /// <summary>Marks a message heard or unheard. False when it does not exist.</summary>
    Task<bool> MarkHeardAsync(Guid id, bool heard = true, CancellationToken ct = default);

    /// <summary>Removes a message's record (the recording is Asterisk's: the caller deletes it there). False when there was none.</summary>
    Task<bool> DeleteAsync(Guid id, CancellationToken ct = default);
}
