using System.Text.Json;
using System.Text.Json.Nodes;
using Callytics.Publishing.Media;
using Callytics.Runtime.Contract;
using Callytics.Runtime.Host.Admin;
using Callytics.Runtime.Host.Flows;
using Microsoft.Extensions.Options;

namespace Callytics.Runtime.Host.Media;

/// <summary>
/// <c>/api/audio</c> (the audio library: list with duration and where used, upload, remove) and
/// <c>/api/tts/preview</c> (render a text now, to hear it before publishing). Behind the admin token.
/// </summary>
internal static class AudioRoutes
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/audio", async (HttpContext context) =>
        {
            var library = await LibraryAsync(context);
            var uses = await library.UsesAsync(context.RequestAborted);
            return Results.Json(library.List().Select(e => ToJson(e, uses.GetValueOrDefault(e.Id) ?? [])));
        });

        api.MapGet("/audio/{id}", async (string id, HttpContext context) =>
        {
            var library = await LibraryAsync(context);
            if (library.Get(id) is not { } entry) return AdminJson.Error(404, $"audio '{id}' is not in the library");
            var uses = await library.UsesAsync(context.RequestAborted);
            return Results.Json(ToJson(entry, uses.GetValueOrDefault(id) ?? []));
        });

        // The body is the file itself (any Content-Type): its first bytes say what it is.
        api.MapPut("/audio/{id}", async (string id, HttpContext context) =>
        {
            var library = await LibraryAsync(context);
            if (!AudioIds.IsValid(id)) return AdminJson.Error(400, $"'{id}' is not a valid audio id (1-64 of A-Z a-z 0-9 _ . -, not starting with a dot)");
            if (context.Request.ContentLength > library.MaxUploadBytes) return TooLarge(library);
            var store = context.RequestServices.GetRequiredService<MediaStore>();
            var work = store.NewWorkFolder();
            try
            {
                var upload = Path.Combine(work, "upload");
                if (!await CopyLimitedAsync(context.Request.Body, upload, library.MaxUploadBytes, context.RequestAborted)) return TooLarge(library);
                var entry = await library.AddAsync(id, upload, context.RequestAborted);
                return Results.Json(ToJson(entry, []), statusCode: 201);
            }
            catch (AudioLibraryException e)
            {
                return AdminJson.Error(e.Status, e.Message);
            }
            finally
            {
                try { Directory.Delete(work, recursive: true); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* a leftover work folder never hides the answer */ }
            }
        });

        api.MapDelete("/audio/{id}", async (string id, HttpContext context) =>
        {
            var library = await LibraryAsync(context);
            try
            {
                await library.RemoveAsync(id, context.RequestAborted);
                return Results.NoContent();
            }
            catch (AudioLibraryException e)
            {
                return AdminJson.Error(e.Status, e.Message);
            }
        });

        api.MapPost("/tts/preview", async (HttpContext context) =>
        {
            var settings = context.RequestServices.GetRequiredService<IOptions<AdminSettings>>().Value;
            var body = await LimitedBody.ReadAsync(context.Request, settings.MaxBodyBytes, context.RequestAborted);
            if (body is null) return LimitedBody.TooLarge(settings.MaxBodyBytes);
            if (!TryReadPreview(body, out var text, out var voice, out var problem)) return AdminJson.Error(400, problem);
            var renderer = context.RequestServices.GetRequiredService<TtsRenderer>();
            var (key, error) = await renderer.RenderAsync(Prompt.Tts(text, voice), context.RequestAborted);
            return error is null
                ? Results.Json(new { key, url = $"/media/tts/{key}.wav" })
                : AdminJson.Error(422, "the text could not be rendered: " + error);
        });
    }

    internal static async Task<AudioLibrary> LibraryAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var flows = await services.GetRequiredService<FlowStoreAccess>().GetAsync();
        return new AudioLibrary(services.GetRequiredService<MediaStore>(), flows, services.GetRequiredService<IOptions<MediaSettings>>().Value.MaxUploadBytes);
    }

    private static IResult TooLarge(AudioLibrary library) => AdminJson.Error(413, $"the file is larger than {library.MaxUploadBytes} bytes");

    private static async Task<bool> CopyLimitedAsync(Stream body, string path, long max, CancellationToken ct)
    {
        await using var file = File.Create(path);
        var chunk = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            total += read;
            if (total > max) return false;
            await file.WriteAsync(chunk.AsMemory(0, read), ct);
        }
        return true;
    }

    private static bool TryReadPreview(string body, out string text, out string? voice, out string problem)
    {
        (text, voice, problem) = ("", null, "the body must be {\"text\": \"...\", \"voice\": \"en-us\"} (voice optional)");
        try
        {
            if (JsonNode.Parse(body) is not JsonObject obj || obj["text"] is not JsonValue t || !t.TryGetValue<string>(out var s) || s.Length == 0) return false;
            text = s;
            if (obj["voice"] is null) return true;
            if (obj["voice"] is not JsonValue v || !v.TryGetValue<string>(out var name) || !AudioIds.IsValid(name))
            {
                problem = "voice must be a voice name such as en-us (A-Z a-z 0-9 _ . -)";
                return false;
            }
            voice = name;
            return true;
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            return false;
        }
    }

    private static JsonObject ToJson(AudioEntry entry, IReadOnlyList<AudioUse> uses) => new()
    {
        ["id"] = entry.Id,
        ["durationMs"] = entry.DurationMs,
        ["sourceFormat"] = entry.SourceFormat,
        ["sourceBytes"] = entry.SourceBytes,
        ["addedAt"] = entry.AddedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["url"] = $"/media/audio/{entry.Id}.wav",
        ["usedBy"] = new JsonArray([.. uses.Select(u => new JsonObject { ["flowId"] = u.FlowId, ["version"] = u.Version })]),
    };
}
