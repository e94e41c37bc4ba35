using System.Globalization;
using System.Text.Json.Nodes;
using Callytics.Runtime.Ari.Client;
using Callytics.Runtime.Storage.Common;
using Callytics.Runtime.Storage.Voicemail;

namespace Callytics.Runtime.Host.Admin;

/// <summary>
/// <c>/api/voicemail/{mailbox}</c>: the inbox (newest first), the recording (fetched from Asterisk's stored
/// recordings, so the host needs no shared folder), mark heard, delete. Reads go straight to the voicemail
/// store; nothing here touches live calls.
/// </summary>
internal static class VoicemailRoutes
{
    public static void Map(RouteGroupBuilder voicemail, AdminSettings settings)
    {
        voicemail.MapGet("/{mailbox}", async (string mailbox, string? heard, HttpContext context) =>
        {
            StorageIds.Require(mailbox, "mailbox id");
            bool? filter = heard switch { null => null, "true" => true, "false" => false, _ => throw new ArgumentException($"heard must be true or false, not '{heard}'") };
            var messages = await Store(context).ListAsync(mailbox, filter, context.RequestAborted);
            return Results.Json(messages.OrderByDescending(m => m.ReceivedAt).ThenBy(m => m.Id).Select(ToJson));
        });

        voicemail.MapGet("/{mailbox}/{id}/recording", async (string mailbox, string id, HttpContext context) =>
        {
            if (await FindAsync(context, mailbox, id) is not { } message) return Unknown(mailbox, id);
            var (name, format) = Split(message.File);
            byte[] audio;
            try
            {
                audio = await context.RequestServices.GetRequiredService<AriClient>().GetStoredRecordingFileAsync(name, context.RequestAborted);
            }
            catch (AriRequestException e) when (e.Status == 404)
            {
                return AdminJson.Error(404, $"Asterisk no longer has the recording of voicemail {id}");
            }
            catch (AriRequestException e)
            {
                return AdminJson.Error(502, $"Asterisk did not give the recording: {e.Message}");
            }
            // Raw µ-law gets a WAV header (format 7) so a browser can play it; WAV is served as it is.
            return format switch
            {
                "wav" => Results.Bytes(audio, "audio/wav", $"{name}.wav"),
                "ulaw" => Results.Bytes([.. MuLawWavHeader(audio.Length), .. audio], "audio/wav", $"{name}.wav"),
                _ => Results.Bytes(audio, "application/octet-stream", message.File),
            };
        });

        voicemail.MapPost("/{mailbox}/{id}/heard", async (string mailbox, string id, HttpContext context) =>
        {
            var body = await LimitedBody.ReadAsync(context.Request, settings.MaxBodyBytes, context.RequestAborted);
            if (body is null) return LimitedBody.TooLarge(settings.MaxBodyBytes);
            var heard = true;
            if (!string.IsNullOrWhiteSpace(body))
            {
                try
                {
                    if (JsonNode.Parse(body) is not JsonObject obj || obj["heard"] is not JsonValue v || !v.TryGetValue(out heard))
                        return AdminJson.Error(400, "the body must be {\"heard\": true|false} or empty");
                }
                catch (System.Text.Json.JsonException)
                {
                    return AdminJson.Error(400, "the body must be {\"heard\": true|false} or empty");
                }
            }
            if (await FindAsync(context, mailbox, id) is not { } message) return Unknown(mailbox, id);
            await Store(context).MarkHeardAsync(message.Id, heard, context.RequestAborted);
            return Results.Json(ToJson(message with { Heard = heard }));
        });

        voicemail.MapDelete("/{mailbox}/{id}", async (string mailbox, string id, HttpContext context) =>
        {
            if (await FindAsync(context, mailbox, id) is not { } message) return Unknown(mailbox, id);
            try
            {
                await context.RequestServices.GetRequiredService<AriClient>().DeleteStoredRecordingAsync(Split(message.File).Name, context.RequestAborted);
            }
            catch (AriRequestException e) when (e.Status == 404)
            {
                // Already gone from Asterisk: the record is still removed below.
            }
            catch (AriRequestException e)
            {
                // The record is kept so the recording can still be found and deleted later.
                return AdminJson.Error(502, $"Asterisk did not delete the recording; nothing was deleted: {e.Message}");
            }
            await Store(context).DeleteAsync(message.Id, context.RequestAborted);
            return Results.NoContent();
        });
    }

    private static IVoicemailStore Store(HttpContext context) => context.RequestServices.GetRequiredService<IVoicemailStore>();

    private static async Task<VoicemailMessage?> FindAsync(HttpContext context, string mailbox, string id)
    {
        StorageIds.Require(mailbox, "mailbox id");
        if (!Guid.TryParse(id, out var guid)) return null;
        var message = await Store(context).GetAsync(guid, context.RequestAborted);
        return message?.Mailbox == mailbox ? message : null;
    }

    private static IResult Unknown(string mailbox, string id) => AdminJson.Error(404, $"mailbox '{mailbox}' has no voicemail '{id}'");

    private static (string Name, string Format) Split(string file)
    {
        var dot = file.LastIndexOf('.');
        return dot > 0 ? (file[..dot], file[(dot + 1)..]) : (file, "");
    }

    private static JsonObject ToJson(VoicemailMessage m) => new()
    {
        ["id"] = m.Id.ToString(),
        ["mailbox"] = m.Mailbox,
        ["caller"] = m.CallerId,
        ["receivedAt"] = m.ReceivedAt.ToString("O", CultureInfo.InvariantCulture),
        ["durationSeconds"] = m.DurationSeconds,
        ["heard"] = m.Heard,
        ["recording"] = $"/api/voicemail/{m.Mailbox}/{m.Id}/recording",
    };

    /// <summary>A WAV header for 8 kHz mono µ-law (format tag 7), as Asterisk records voicemail by default.</summary>
    private static byte[] MuLawWavHeader(int dataBytes)
    {
        var header = new byte[44];
        using var w = new BinaryWriter(new MemoryStream(header));
        w.Write("RIFF"u8); w.Write(36 + dataBytes); w.Write("WAVE"u8);
        w.Write("fmt "u8); w.Write(16); w.Write((short)7); w.Write((short)1); w.Write(8000); w.Write(8000); w.Write((short)1); w.Write((short)8);
        w.Write("data"u8); w.Write(dataBytes);
        return header;
    }
}
