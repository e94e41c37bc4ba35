using System.Text.Json;
using System.Text.Json.Nodes;
using Callytics.Compiler.Diffing;
using Callytics.Publishing;
using Callytics.Runtime.Catalog;
using Callytics.Runtime.Host.Configuration;
using Callytics.Runtime.Host.Flows;
using Callytics.Runtime.Host.Media;
using Callytics.Runtime.Storage.Common;
using Callytics.Runtime.Storage.Flows;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Callytics.Runtime.Host.Admin;

/// <summary>
/// The admin HTTP API for the editor: drafts, validation, publishing, versions, restore and diff
/// under <c>/api/flows</c>, stored callbacks and "call back now" under <c>/api/callbacks</c>
/// (<see cref="CallbackRoutes"/>), every route behind the bearer token, CORS limited to
/// <see cref="AdminSettings.AllowedOrigins"/>, bodies limited to <see cref="AdminSettings.MaxBodyBytes"/>.
/// Also serves the built editor when <see cref="AdminSettings.EditorDist"/> exists.
/// </summary>
public static class AdminApi
{
    private const string CorsPolicy = "admin";
    private const string LiveName = "live";

    /// <summary>Registers the settings, the token gate, CORS and the flow store access.</summary>
    public static void AddAdminApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AdminSettings>(configuration.GetSection(AdminSettings.Section));
        services.AddSingleton<BearerTokenGate>();
        services.AddSingleton<PublishWorker>();
        services.AddSingleton<CompileWorkerProcess>();
        services.TryAddSingleton<FlowStoreAccess>();
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<AdminSettings>>((cors, admin) =>
            cors.AddPolicy(CorsPolicy, policy => policy.WithOrigins(admin.Value.AllowedOrigins).WithMethods("GET", "PUT", "POST", "DELETE").WithHeaders("Authorization", "Content-Type", "Accept", "If-Match").WithExposedHeaders("ETag")));
    }

    /// <summary>Adds the middleware (CORS, token check, editor files) and maps the routes.</summary>
    public static void UseAdminApi(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<IOptions<AdminSettings>>().Value;
        app.UseCors(CorsPolicy); // answers preflight requests, which carry no token
        app.Use(async (context, next) =>
        {
            var guarded = context.Request.Path.StartsWithSegments("/api")
                || (context.Request.Path.StartsWithSegments("/metrics") && (settings.MetricsRequireToken ?? ListensBeyondLoopback(context.RequestServices)));
            if (guarded && !context.RequestServices.GetRequiredService<BearerTokenGate>().Allows(context.Request))
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await AdminJson.Error(StatusCodes.Status401Unauthorized, "a valid bearer token is required").ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        ServeEditor(app, settings);
        MapRoutes(app.MapGroup("/api/flows").AddEndpointFilter(TranslateErrors), settings);
        CallbackRoutes.Map(app.MapGroup("/api/callbacks").AddEndpointFilter(TranslateErrors), settings);
        TestCallRoutes.Map(app.MapGroup("/api/flows").AddEndpointFilter(TranslateErrors), settings);
        ScenarioRoutes.Map(app.MapGroup("/api/flows").AddEndpointFilter(TranslateErrors), settings);
        Traffic.TrafficRoutes.Map(app.MapGroup("/api/flows"));
        Media.AudioRoutes.Map(app.MapGroup("/api").AddEndpointFilter(TranslateErrors));
        VoicemailRoutes.Map(app.MapGroup("/api/voicemail").AddEndpointFilter(TranslateErrors), settings);
        OperatorRoutes.Map(app.MapGroup("/api").AddEndpointFilter(TranslateErrors), settings);
        Routing.RouteRoutes.Map(app.MapGroup("/api/routes").AddEndpointFilter(TranslateErrors));
        CatalogRoutes.Map(app.MapGroup("/api").AddEndpointFilter(TranslateErrors));
        app.MapMedia(app.Services.GetRequiredService<Publishing.Media.MediaStore>());
    }

    /// <summary>True when one of the addresses the server listens on is not loopback (<c>0.0.0.0</c>, <c>*</c>, <c>+</c>, a LAN address).</summary>
    private static bool ListensBeyondLoopback(IServiceProvider services) =>
        services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.Any(a => !IsLoopbackAddress(a)) ?? true;

    /// <summary>True for <c>http://127.0.0.1:5000</c>, <c>http://localhost:5000</c>, <c>http://[::1]:5000</c>.</summary>
    internal static bool IsLoopbackAddress(string address) =>
        Uri.TryCreate(address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) && uri.IsLoopback;

    private static void ServeEditor(WebApplication app, AdminSettings settings)
    {
        var dist = Path.GetFullPath(settings.EditorDist, app.Environment.ContentRootPath);
        if (!Directory.Exists(dist)) return;
        var files = new PhysicalFileProvider(dist);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
    }

    private static void MapRoutes(RouteGroupBuilder flows, AdminSettings settings)
    {
        flows.MapGet("", async (FlowStoreAccess access) =>
        {
            var list = await (await access.GetAsync()).ListFlowsAsync();
            return Results.Json(list.Select(f => new { id = f.FlowId, hasDraft = f.HasDraft, liveVersion = f.LatestVersion }));
        });

        flows.MapGet("/{id}/draft", async (string id, HttpResponse response, FlowStoreAccess access) =>
        {
            if (await (await access.GetAsync()).GetDraftAsync(id) is not { } draft) return AdminJson.Error(404, $"flow '{id}' has no draft");
            response.Headers.ETag = DraftRevisions.ETag(draft.Revision);
            return AdminJson.Document(draft.SemanticJson);
        });

        // If-Match names the revision the editor loaded: a save over someone else's newer save is
        // refused (412) instead of silently overwriting it. Without If-Match only a first save passes
        // (428 otherwise); "If-Match: *" overwrites whatever is there, on purpose.
        flows.MapPut("/{id}/draft", async (string id, HttpRequest request, FlowStoreAccess access) =>
        {
            if (!DraftRevisions.TryParseIfMatch(request, out var expected))
                return AdminJson.Error(400, "If-Match must be the draft's ETag (a quoted revision number) or *");
            var body = await LimitedBody.ReadAsync(request, settings.MaxBodyBytes, request.HttpContext.RequestAborted);
            if (body is null) return LimitedBody.TooLarge(settings.MaxBodyBytes);
            var publisher = Publisher(await access.GetAsync(), request);
            FlowDraft draft;
            try
            {
                draft = expected is DraftRevisions.Any
                    ? await publisher.SaveDraftAsync(id, body, settings.PublishedBy)
                    : await publisher.SaveDraftAsync(id, body, settings.PublishedBy, expected ?? 0);
            }
            catch (CompileWorkerException e)
        {
            return AdminJson.Error(500, e.Message + "; nothing was stored");
        }
        catch (DraftRevisionConflictException e) when (expected is null)
            {
                return DraftRevisions.Conflict(request.HttpContext.Response, 428,
                    $"flow '{id}' has a draft (revision {e.CurrentRevision}): send If-Match with the ETag you loaded, or If-Match: * to overwrite it", e.CurrentRevision);
            }
            request.HttpContext.Response.Headers.ETag = DraftRevisions.ETag(draft.Revision);
            return Results.Json(new { flowId = draft.FlowId, savedAt = draft.SavedAt, revision = draft.Revision });
        });

        flows.MapPost("/{id}/validate", async (string id, HttpRequest request, FlowStoreAccess access) =>
        {
            var result = await Publisher(await access.GetAsync(), request).ValidateDraftAsync(id);
            return result.Found
                ? AdminJson.Ok(new JsonObject { ["flowId"] = id, ["succeeded"] = result.Succeeded }, result.Diagnostics)
                : AdminJson.Error(404, $"flow '{id}' has no draft");
        });

        flows.MapPost("/{id}/publish", async (string id, HttpRequest request, FlowStoreAccess access) =>
        {
            var body = await LimitedBody.ReadAsync(request, settings.MaxBodyBytes, request.HttpContext.RequestAborted);
            if (body is null) return LimitedBody.TooLarge(settings.MaxBodyBytes);
            if (!TryReadMessage(body, out var message)) return AdminJson.Error(400, "the body must be {\"message\": \"...\"} or empty");
            if (!DraftRevisions.TryParseIfMatch(request, out var expected))
                return AdminJson.Error(400, "If-Match must be the draft's ETag (a quoted revision number) or *");
            var revision = expected is DraftRevisions.Any ? null : expected;
            var publisher = Publisher(await access.GetAsync(), request);
            var result = await Worker(request).RunAsync(ct => publisher.PublishDraftAsync(id, settings.PublishedBy, message, ct: ct, revision: revision), request.HttpContext.RequestAborted);
            return result.Status == PublishStatus.RevisionConflict
                ? DraftRevisions.Conflict(request.HttpContext.Response, 412, result.Message, result.DraftRevision ?? 0)
                : Answer(result);
        });

        flows.MapGet("/{id}/versions", async (string id, FlowStoreAccess access) =>
            Results.Content(new JsonArray([.. (await (await access.GetAsync()).ListVersionsAsync(id)).Select(AdminJson.Version)]).ToJsonString(), "application/json"));

        flows.MapGet("/{id}/versions/{n:int}", async (string id, int n, FlowStoreAccess access) =>
            n >= 1 && await (await access.GetAsync()).GetVersionAsync(id, n) is { } version
                ? AdminJson.Document(FlowDocuments.Compose(version.Artifacts.SemanticJson, version.Artifacts.LayoutJson))
                : AdminJson.Error(404, $"flow '{id}' has no version {n}"));

        flows.MapPost("/{id}/restore/{n:int}", async (string id, int n, HttpRequest request, FlowStoreAccess access) =>
            n < 1 ? AdminJson.Error(404, $"flow '{id}' has no version {n}")
            : Answer(await Worker(request).RunAsync(async ct => await Publisher(await access.GetAsync(), request).RestoreAsync(id, n, settings.PublishedBy, ct: ct), request.HttpContext.RequestAborted)));

        flows.MapGet("/{id}/diff", async (string id, string? a, string? b, HttpRequest request, FlowStoreAccess access) =>
        {
            if (string.IsNullOrEmpty(a) || string.IsNullOrEmpty(b)) return AdminJson.Error(400, "give both sides: ?a=<version|draft|live>&b=<version|draft|live>");
            var store = await access.GetAsync();
            // "live" is the newest version's number: the list of versions has it without loading artifacts.
            var live = string.Equals(a, LiveName, StringComparison.OrdinalIgnoreCase) || string.Equals(b, LiveName, StringComparison.OrdinalIgnoreCase)
                ? (await store.ListVersionsAsync(id)).LastOrDefault()?.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : null;
            string? Side(string side) => string.Equals(side, LiveName, StringComparison.OrdinalIgnoreCase) ? live : side;
            var (from, to) = (Side(a), Side(b));
            var diff = from is null || to is null ? null : await Publisher(store, request).DiffAsync(id, from, to);
            return diff is null
                ? AdminJson.Error(404, $"flow '{id}' has no {a} or no {b}")
                : Results.Content(FlowDiffFormatter.ToJson(diff, from, to), "application/json");
        });
    }

    /// <summary>
    /// A publisher checking against the host's catalog when one is configured (as <c>callyc --catalog</c> would),
    /// with the audio library's ids, rendering TTS prompts before a version is stored, and reading,
    /// checking, emitting and compiling publishes, and rendering their TTS prompts, in low-priority
    /// worker processes (<see cref="CompileWorkerProcess"/>): this process only reads the draft, hands
    /// the prompts the check listed to a render worker, verifies and stores what the worker built.
    /// </summary>
    private static FlowPublisher Publisher(Storage.Flows.IFlowStore store, HttpRequest request)
    {
        var services = request.HttpContext.RequestServices;
        var hasCatalog = !string.IsNullOrEmpty(services.GetRequiredService<IOptions<HostSettings>>().Value.Catalog);
        var media = services.GetRequiredService<Publishing.Media.MediaStore>();
        var catalog = hasCatalog
            ? Media.MediaServices.ForChecking(services.GetRequiredService<FlowCatalog>(), new Publishing.Media.AudioLibrary(media, store))
            : null;
        var worker = services.GetRequiredService<CompileWorkerProcess>();
        return new(store, catalog, new WorkerSpeechStep(worker, services.GetRequiredService<Publishing.Media.TtsRenderer>()), worker);
    }

    private static PublishWorker Worker(HttpRequest request) => request.HttpContext.RequestServices.GetRequiredService<PublishWorker>();

    private static IResult Answer(PublishResult result) => result.Status switch
    {
        PublishStatus.Published => Results.Content(WithRevision(AdminJson.Version(result.Version!), result.DraftRevision).ToJsonString(), "application/json", statusCode: 201),
        PublishStatus.NotFound => AdminJson.Error(404, result.Message),
        PublishStatus.NothingToPublish => AdminJson.Error(409, result.Message, result.Diagnostics),
        _ => AdminJson.Error(422, result.Message, result.Diagnostics),
    };

    private static JsonObject WithRevision(JsonObject version, long? revision)
    {
        if (revision is { } r) version["draftRevision"] = r;
        return version;
    }

    private static bool TryReadMessage(string body, out string? message)
    {
        message = null;
        if (string.IsNullOrWhiteSpace(body)) return true;
        try
        {
            if (JsonNode.Parse(body) is not JsonObject obj) return false;
            if (obj["message"] is null) return true;
            if (obj["message"] is JsonValue v && v.TryGetValue<string>(out var text)) { message = text; return true; }
            return false;
        }
        catch (Exception e) when (e is JsonException or ArgumentException) // ArgumentException: a key given twice, met when read
        {
            return false;
        }
    }

    /// <summary>Bad ids and unreadable stored documents become 400/422, an unreachable database 503, never a stack trace.</summary>
    private static async ValueTask<object?> TranslateErrors(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (InvalidFlowDocumentException e)
        {
            return AdminJson.Error(400, e.Message, e.Diagnostics);
        }
        catch (ArgumentException e)
        {
            return AdminJson.Error(400, e.Message);
        }
        catch (FlowDiffException e)
        {
            return AdminJson.Error(422, e.Message);
        }
        catch (PublishTimeoutException e)
        {
            return AdminJson.Error(503, e.Message);
        }
        catch (CompileWorkerException e)
        {
            return AdminJson.Error(500, e.Message + "; nothing was stored");
        }
        catch (DraftRevisionConflictException e)
        {
            return DraftRevisions.Conflict(context.HttpContext.Response, 412, e.Message, e.CurrentRevision);
        }
        catch (StorageUnavailableException e)
        {
            return AdminJson.Error(503, "the store is unavailable: " + e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only or full file system under the flow store: say so at once; a publish writes
            // into a hidden folder first, so nothing visible changed.
            return AdminJson.Error(507, "the flow store could not be written: " + e.Message);
        }
    }
}
