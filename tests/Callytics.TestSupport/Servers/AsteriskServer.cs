using System.Net.Http.Headers;
using System.Text;

namespace Callytics.TestSupport.Servers;

/// <summary>
/// A real Asterisk 22.10.1 for tests, like <see cref="RedisServer"/> and <see cref="PostgresServer"/>:
/// the binary build beside the repository (<c>../shared/asterisk/</c>) is unpacked once per machine into
/// a cache folder, and every run gets its own generated configuration in a temporary folder: HTTP/ARI on
/// 127.0.0.1 and a free port, one ARI user, Local channels only. Sounds and music on hold come from
/// Debian's <c>asterisk-core-sounds-en(-wav)</c> and <c>asterisk-moh-opsound-wav</c>.
/// </summary>
/// <remarks>
/// Dialplan contexts of the generated configuration:
/// <list type="bullet">
/// <item><see cref="InboundContext"/>: every number enters the Stasis application <see cref="Application"/>
/// (the host's); a test call is <c>Local/&lt;number&gt;@callytics-in</c> originated into <see cref="CallerApplication"/>,
/// whose half the test drives as the caller.</item>
/// <item><see cref="WorldContext"/>: stand-ins for agents and PSTN numbers: <c>2XX</c> answer and stay,
/// <c>3XX</c> answer and hang up after one second, <c>4XX</c> ring and never answer, <c>5XX</c> busy,
/// <c>9X.</c> (a trunk's prefix 9) answer and stay; anything else does not exist (unreachable).</item>
/// </list>
/// Use it as an xunit collection fixture: it starts in about 3 s and serves the whole run; calls keep apart by channel id.
/// </remarks>
public sealed class AsteriskServer : IAsyncLifetime
{
    /// <summary>The version whose build and ARI description are beside the repository.</summary>
    public const string Version = "22.10.1";

    /// <summary>The context that sends every number into the host's application.</summary>
    public const string InboundContext = "callytics-in";

    /// <summary>The context of agents and PSTN numbers (see the remarks).</summary>
    public const string WorldContext = "callytics-world";

    private readonly string _root = ServerPaths.CreateTempDirectory("asterisk");
    // res_http_media_cache's files (sound:http://… prompts). Asterisk copies a cached file's path into a
    // buffer sized by the URL's length (file.c, openstream_internal), so a path longer than the URL is cut
    // and the prompt fails: the folder's path is kept short (/var/cache/asterisk in production).
    private readonly string _cache = Directory.CreateDirectory(Path.Combine("/tmp", "ac-" + Guid.NewGuid().ToString("N")[..8])).FullName;
    private readonly HttpClient _http = new();
    private ServerProcess? _process;

    /// <summary>The HTTP/ARI port on 127.0.0.1.</summary>
    public int Port { get; } = ServerPaths.FreeLoopbackPort();

    /// <summary>The Stasis application calls are sent to (the host's).</summary>
    public string Application { get; init; } = "callytics";

    /// <summary>The Stasis application the test's side of a call (the caller) runs in.</summary>
    public string CallerApplication { get; init; } = "callytics-caller";

    /// <summary>The ARI user.</summary>
    public string User => "callytics";

    /// <summary>The ARI password (fresh per run).</summary>
    public string Password { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The ARI base URL, e.g. <c>http://127.0.0.1:8088/ari</c>.</summary>
    public string BaseUrl => $"http://127.0.0.1:{Port}/ari";

    /// <summary>Where channel and bridge recordings land (Asterisk's <c>recording/</c> spool folder).</summary>
    public string RecordingDirectory => Path.Combine(_root, "spool", "recording");

    /// <summary>Output of the server so far (for failure messages).</summary>
    public string Log => _process?.Log ?? "";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var install = await AsteriskInstall.EnsureAsync();
        WriteConfiguration(install);
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")));
        _process = ServerProcess.Start(Path.Combine(install, "usr", "sbin", "asterisk"),
            ["-f", "-n", "-C", Path.Combine(_root, "conf", "asterisk.conf")],
            stopSignal: "TERM",
            environment: new Dictionary<string, string> { ["LD_LIBRARY_PATH"] = Path.Combine(install, "usr", "lib") });
        await ServerPaths.WaitUntilAsync(AnswersAsync, TimeSpan.FromSeconds(60),
            () => $"Asterisk did not answer GET /ari/asterisk/info on 127.0.0.1:{Port}. Log:\n{_process.Log}");
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_process is not null) await _process.DisposeAsync();
        _process = null;
        _http.Dispose();
        ServerPaths.DeleteDirectory(_root);
        ServerPaths.DeleteDirectory(_cache);
    }

    /// <summary>
    /// The ids of the channels and bridges that still exist (all applications). A test that ended its calls
    /// expects none; Asterisk tears a channel down a moment after the hang-up request, so this waits up to
    /// <paramref name="timeoutMs"/> for them to go before it returns what is left.
    /// </summary>
    public async Task<(IReadOnlyList<string> Channels, IReadOnlyList<string> Bridges)> LeftoversAsync(int timeoutMs = 5000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            var channels = await IdsAsync("channels");
            var bridges = await IdsAsync("bridges");
            if ((channels.Count == 0 && bridges.Count == 0) || DateTime.UtcNow > deadline)
                return (channels, bridges);
            await Task.Delay(50);
        }
    }

    /// <summary>Hangs up every channel and destroys every bridge: after a failed test, so the next one starts clean.</summary>
    public async Task ClearAsync()
    {
        foreach (var channel in await IdsAsync("channels"))
            using (await _http.DeleteAsync($"{BaseUrl}/channels/{channel}")) { }
        foreach (var bridge in await IdsAsync("bridges"))
            using (await _http.DeleteAsync($"{BaseUrl}/bridges/{bridge}")) { }
        await LeftoversAsync();
    }

    private async Task<IReadOnlyList<string>> IdsAsync(string resource)
    {
        using var response = await _http.GetAsync($"{BaseUrl}/{resource}");
        response.EnsureSuccessStatusCode();
        using var doc = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
    }

    private async Task<bool> AnswersAsync()
    {
        if (_process is { IsRunning: false }) throw new InvalidOperationException($"Asterisk exited. Log:\n{_process.Log}");
        try
        {
            using var response = await _http.GetAsync($"{BaseUrl}/asterisk/info");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException) { return false; }
    }

    private void WriteConfiguration(string install)
    {
        var conf = Directory.CreateDirectory(Path.Combine(_root, "conf")).FullName;
        var data = Directory.CreateDirectory(Path.Combine(_root, "data")).FullName;
        foreach (var folder in new[] { "spool/recording", "run", "log", "db" })
            Directory.CreateDirectory(Path.Combine(_root, folder));
        // The build's own data (XML documentation, ARI description, keys) read in place; sounds and
        // music on hold from the Debian packages.
        foreach (var entry in Directory.EnumerateFileSystemEntries(Path.Combine(install, "var", "lib", "asterisk")))
        {
            var name = Path.GetFileName(entry);
            if (name is not ("sounds" or "moh"))
                File.CreateSymbolicLink(Path.Combine(data, name), entry);
        }
        File.CreateSymbolicLink(Path.Combine(data, "sounds"), AsteriskInstall.Sounds);
        File.CreateSymbolicLink(Path.Combine(data, "moh"), AsteriskInstall.MusicOnHold);

        Write(conf, "asterisk.conf", $"""
            [directories]
            astetcdir => {conf}
            astmoddir => {Path.Combine(install, "usr", "lib", "asterisk", "modules")}
            astvarlibdir => {data}
            astdbdir => {Path.Combine(_root, "db")}
            astkeydir => {data}
            astdatadir => {data}
            astagidir => {Path.Combine(data, "agi-bin")}
            astspooldir => {Path.Combine(_root, "spool")}
            astrundir => {Path.Combine(_root, "run")}
            astlogdir => {Path.Combine(_root, "log")}
            astsbindir => {Path.Combine(install, "usr", "sbin")}
            astcachedir => {_cache}
            [options]
            nofork = yes
            """);
        // Only what ARI over Local channels uses: starts in about 3 s instead of 10 with autoload.
        Write(conf, "modules.conf", "[modules]\nautoload = no\n" + string.Concat(Modules.Select(m => $"load => {m}.so\n")));
        Write(conf, "http.conf", $"[general]\nenabled = yes\nbindaddr = 127.0.0.1\nbindport = {Port}\n");
        Write(conf, "ari.conf", $"[general]\nenabled = yes\n[{User}]\ntype = user\nread_only = no\npassword = {Password}\n");
        Write(conf, "musiconhold.conf", "[default]\nmode = files\ndirectory = moh\n");
        Write(conf, "logger.conf", "[logfiles]\nconsole => warning,error\n");
        Write(conf, "cdr.conf", "[general]\nenable = no\n");
        File.Copy(Path.Combine(install, "etc", "asterisk", "indications.conf"), Path.Combine(conf, "indications.conf"));
        Write(conf, "extensions.conf", $"""
            [{InboundContext}]
            exten => _[0-9*#],1,Stasis({Application})
             same => n,Hangup()
            exten => _[0-9*#].,1,Stasis({Application})
             same => n,Hangup()

            [{WorldContext}]
            exten => _2XX,1,Answer()
             same => n,Wait(3600)
            exten => _3XX,1,Answer()
             same => n,Wait(1)
             same => n,Hangup()
            exten => _4XX,1,Ringing()
             same => n,Wait(3600)
            exten => _5XX,1,Busy(10)
            exten => _9X.,1,Answer()
             same => n,Wait(3600)
            """);
    }

    private static readonly string[] Modules =
    [
        "res_timing_timerfd", "res_sorcery_config", "res_sorcery_memory", "res_sorcery_astdb",
        "res_http_websocket", "res_websocket_client", "res_stasis", "res_ari", "res_ari_model",
        "res_ari_applications", "res_ari_asterisk", "res_ari_bridges", "res_ari_channels", "res_ari_endpoints",
        "res_ari_events", "res_ari_playbacks", "res_ari_recordings", "res_ari_sounds", "res_ari_device_states",
        "res_stasis_answer", "res_stasis_playback", "res_stasis_recording", "res_stasis_device_state", "res_stasis_snoop",
        "app_stasis", "chan_bridge_media", "res_musiconhold", "bridge_simple", "bridge_softmix", "bridge_holding", "bridge_native_rtp",
        "bridge_builtin_features", "codec_ulaw", "codec_alaw", "codec_gsm", "codec_resample", "codec_a_mu",
        "format_wav", "format_pcm", "format_gsm", "format_sln", "pbx_config", "app_echo", "app_playback", "func_channel",
        // sound:http://… prompts (docs/ari.md §2): fetched with libcurl and cached by the media cache.
        "res_curl", "res_http_media_cache",
    ];

    private static void Write(string folder, string name, string text) =>
        File.WriteAllText(Path.Combine(folder, name), text.Replace("\r\n", "\n") + "\n");
}

/// <summary>The unpacked Asterisk build, shared by every test process of the machine.</summary>
public static class AsteriskInstall
{
    /// <summary>The binary build beside the repository.</summary>
    public static string Archive => Path.Combine(RepoPaths.Shared, "asterisk", $"asterisk-{AsteriskServer.Version}-debian12-amd64.tar.gz");

    /// <summary>Debian's sounds folder (<c>asterisk-core-sounds-en</c>).</summary>
    public const string Sounds = "/usr/share/asterisk/sounds";

    /// <summary>Debian's music on hold (<c>asterisk-moh-opsound-wav</c>).</summary>
    public const string MusicOnHold = "/usr/share/asterisk/moh";

    /// <summary>The Debian packages the tests need beside the build.</summary>
    public const string Packages = "asterisk-core-sounds-en asterisk-core-sounds-en-wav asterisk-moh-opsound-wav";

    private static string CacheRoot => Path.Combine(
        Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
        "callytics");

    /// <summary>
    /// The folder the build is unpacked in (<c>~/.cache/callytics/asterisk-22.10.1</c>), unpacking it first when
    /// needed. A lock file keeps test processes that start together from unpacking over each other; the unpacked
    /// tree is renamed into place whole, so a half-unpacked folder is never used.
    /// </summary>
    public static async Task<string> EnsureAsync()
    {
        if (!File.Exists(Archive))
            throw new InvalidOperationException($"The Asterisk build {Archive} is missing: the repository must be cloned beside shared/ (see shared/asterisk/README.md).");
        if (!File.Exists(Path.Combine(Sounds, "en", "hello-world.gsm")) && !File.Exists(Path.Combine(Sounds, "en", "hello-world.wav")) || !Directory.Exists(MusicOnHold))
            throw ServerPaths.Missing("Asterisk sounds (/usr/share/asterisk/sounds/en, /usr/share/asterisk/moh)", Packages);
        var target = Path.Combine(CacheRoot, $"asterisk-{AsteriskServer.Version}");
        var ready = Path.Combine(target, ".unpacked");
        if (File.Exists(ready)) return target;
        Directory.CreateDirectory(CacheRoot);
        using var gate = await LockAsync(Path.Combine(CacheRoot, $"asterisk-{AsteriskServer.Version}.lock"));
        if (File.Exists(ready)) return target; // another process unpacked it while we waited
        var staging = target + ".partial-" + Environment.ProcessId;
        ServerPaths.DeleteDirectory(staging);
        ServerPaths.DeleteDirectory(target);
        Directory.CreateDirectory(staging);
        await ServerPaths.RunAsync("tar", ["-xzf", Archive, "-C", staging]);
        File.WriteAllText(Path.Combine(staging, ".unpacked"), Archive + "\n");
        Directory.Move(staging, target);
        return target;
    }

    // FileShare.None takes an exclusive flock on Linux: held until disposed, released if the process dies.
    private static async Task<FileStream> LockAsync(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (DateTime.UtcNow < deadline) { await Task.Delay(100); }
        }
    }
}
