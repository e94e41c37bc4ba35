using Callytics.Runtime.Storage.Common;

namespace Callytics.Runtime.Storage.Voicemail;

/// <summary>The metadata of one voicemail; the audio itself is the ARI recording named by <see cref="File"/>.</summary>
/// <param name="Id">Chosen by the caller of the store, so a retried or spooled save is stored once.</param>
/// <param name="Mailbox">The mailbox id from the voicemail node.</param>
/// <param name="CallerId">Who left it (caller id as received).</param>
/// <param name="ReceivedAt">When the recording started.</param>
/// <param name="DurationSeconds">Length of the message.</param>
/// <param name="File">The recording (name or path, e.g. <c>vm-123.ulaw</c>).</param>
/// <param name="Heard">Whether someone listened to it.</param>
public sealed record VoicemailMessage(Guid Id, string Mailbox, string CallerId, DateTimeOffset ReceivedAt, int DurationSeconds, string File, bool Heard = false)
{
    /// <summary>Throws <see cref="ArgumentException"/> when the message cannot be stored.</summary>
    public void Validate()
    {
        if (Id == Guid.Empty) throw new ArgumentException("A voicemail needs an id.", nameof(Id));
        StorageIds.Require(Mailbox, "mailbox id");
        if (CallerId is null || CallerId.Length > 256) throw new ArgumentException("The caller id is missing or longer than 256 characters.", nameof(CallerId));
        if (DurationSeconds < 0) throw new ArgumentException("A duration cannot be negative.", nameof(DurationSeconds));
        if (string.IsNullOrWhiteSpace(File) || File.Length > 1024) throw new ArgumentException("The recording file name is missing or too long.", nameof(File));
    }
}
