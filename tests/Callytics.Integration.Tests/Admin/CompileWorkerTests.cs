using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Callytics.Compiler.Checking;
using Callytics.Compiler.Packaging;
using Callytics.Integration.Tests.Support;
using Callytics.Runtime.Loading;
using Callytics.TestSupport.Flows;
using Microsoft.Extensions.DependencyInjection;

namespace Callytics.Integration.Tests.Admin;

/// <summary>
/// Publishing compiles outside the call path (issue 13): the admin API runs Roslyn in a child process
/// (Callytics.CompileWorker) at lower priority, kills it when the publish runs past its limit, and
/// answers a clear JSON error when the worker is missing or crashes; nothing is stored in either case.
/// Real processes, watched through /proc.
/// </summary>
public sealed class CompileWorkerTests
{
    private const string WorkerDll = "Callytics.CompileWorker.dll";

    [Fact]
    public async Task A_publish_compiles_in_a_child_process_at_lower_priority_and_the_version_is_the_in_process_build()
    {
        await using var host = await StartAsync();
        var (id, json) = await PutLargeDraftAsync(host, 600);

        var publish = host.Http.PostAsync($"/api/flows/{id}/publish", null);
        var worker = await WaitForWorkerAsync(publish, id);
        var threadNices = ThreadNices(worker.Pid);
        var answer = await publish;

        Assert.True(answer.StatusCode == HttpStatusCode.Created, $"{(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
        Assert.NotEqual(Environment.ProcessId, worker.Pid);
        var ownNice = Nice(Environment.ProcessId)!.Value;
        Assert.Equal(ownNice + 10, worker.Nice); // Callytics:Admin:PublishNice, 10 by default
        Assert.NotEmpty(threadNices);
        Assert.All(threadNices, n => Assert.True(n > ownNice, $"a worker thread runs at nice {n}, not below the host's {ownNice}"));
        Assert.False(Directory.Exists($"/proc/{worker.Pid}"), "the worker is gone once it answered");

        // The stored assembly is byte for byte the one an in-process build gives (deterministic Roslyn,
        // same references), and the host loads it.
        var store = await host.Services.GetRequiredService<Runtime.Host.Flows.FlowStoreAccess>().GetAsync();
        var stored = await store.GetVersionAsync(id, 1);
        Assert.NotNull(stored);
        var local = FlowBuilder.Build(FlowChecker.CheckText($"{id}.flow.json", json), 1);
        Assert.NotNull(local);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(local.Assembly)), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stored.Artifacts.Assembly)));
        Assert.Equal(id, FlowAssemblyLoader.Load(stored.Artifacts.Assembly, BuildManifest.Parse(stored.Artifacts.ManifestJson)).Machine.Identity.FlowId);
    }

    [Fact]
    public async Task A_publish_renders_its_tts_prompts_in_a_worker_below_the_hosts_priority()
    {
        await using var host = await StartAsync();
        var json = LargeFlowGenerator.Generate(300); // 21 distinct TTS prompts: espeak-ng, then sox twice, for each
        await PutAsync(host, "generated-300", json);
        var ownNice = Nice(Environment.ProcessId)!.Value;

        var publish = host.Http.PostAsync("/api/flows/generated-300/publish", null);
        var seen = new Dictionary<int, (string Tool, int Nice, int Parent, string[] ParentArgv)>();
        while (!publish.IsCompleted)
        {
            foreach (var (pid, argv, nice, parent, parentArgv) in Descendants())
                // Only this host's renders (their files are in its store's media folder): other tests run sox too.
                if (argv.Length > 0 && Path.GetFileName(argv[0]) is "espeak-ng" or "sox" && argv.Any(a => a.StartsWith(host.Store, StringComparison.Ordinal)))
                    seen.TryAdd(pid, (Path.GetFileName(argv[0]), nice, parent, parentArgv));
            await Task.Delay(2);
        }
        var answer = await publish;

        Assert.True(answer.StatusCode == HttpStatusCode.Created, $"{(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
        Assert.Contains(seen.Values, s => s.Tool == "espeak-ng");
        Assert.All(seen.Values, s => Assert.Equal(ownNice + 10, s.Nice));
        // The host spawns none of them: each is the child of a compile worker rendering this publish's prompts.
        Assert.All(seen.Values, s =>
        {
            Assert.NotEqual(Environment.ProcessId, s.Parent);
            Assert.Contains(s.ParentArgv, a => a.EndsWith(WorkerDll, StringComparison.Ordinal));
            Assert.Contains("--render-speech", s.ParentArgv);
        });
    }

    [Fact]
    public async Task A_publish_past_the_time_limit_kills_the_worker_answers_503_and_stores_nothing()
    {
        // Long enough for the worker to start, far too short for Roslyn on 3,000 nodes at low priority.
        await using var host = await StartAsync(new() { ["Callytics:Admin:PublishTimeout"] = "00:00:02" });
        var (id, _) = await PutLargeDraftAsync(host, 3000);
        var before = Snapshot(host.Store);

        var publish = host.Http.PostAsync($"/api/flows/{id}/publish", null);
        var worker = await WaitForWorkerAsync(publish, id);
        var answer = await publish;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        Assert.Contains("PublishTimeout", (string)JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["message"]!);
        Assert.False(Directory.Exists($"/proc/{worker.Pid}"), $"the worker (pid {worker.Pid}) still runs after the time-out");
        Assert.Equal(before, Snapshot(host.Store));
        var store = await host.Services.GetRequiredService<Runtime.Host.Flows.FlowStoreAccess>().GetAsync();
        Assert.Empty(await store.ListVersionsAsync(id));
    }

    [Fact]
    public async Task A_worker_that_crashes_gives_a_json_error_naming_it_stores_nothing_and_the_host_goes_on()
    {
        await using var host = await StartAsync();
        var (id, _) = await PutLargeDraftAsync(host, 3000);
        var before = Snapshot(host.Store);

        var publish = host.Http.PostAsync($"/api/flows/{id}/publish", null);
        var worker = await WaitForWorkerAsync(publish, id);
        using (var process = Process.GetProcessById(worker.Pid)) process.Kill(); // SIGKILL, as the OOM killer would
        var answer = await publish;

        Assert.Equal(HttpStatusCode.InternalServerError, answer.StatusCode);
        var message = (string)JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["message"]!;
        Assert.Contains($"compile worker (pid {worker.Pid})", message);
        Assert.Contains("signal 9", message);
        Assert.Contains("nothing was stored", message);
        Assert.Equal(before, Snapshot(host.Store));

        // The host is unharmed: the next publish compiles in a fresh worker and is stored.
        await PutAsync(host, Flows.CallbackOffer, Flows.Example(Flows.CallbackOffer));
        var next = await host.Http.PostAsync($"/api/flows/{Flows.CallbackOffer}/publish", null);
        Assert.Equal(HttpStatusCode.Created, next.StatusCode);
    }

    [Fact]
    public async Task A_missing_worker_fails_publish_and_test_calls_with_a_json_error_naming_where_it_was_looked_for()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-folder-" + Guid.NewGuid().ToString("N"), WorkerDll);
        await using var host = await StartAsync(new() { ["Callytics:Admin:CompileWorker"] = missing });
        var flow = Flows.Example(Flows.CallbackOffer);
        await PutAsync(host, Flows.CallbackOffer, flow);

        var publish = await host.Http.PostAsync($"/api/flows/{Flows.CallbackOffer}/publish", null);
        var testCall = await host.Http.PostAsync($"/api/flows/{Flows.CallbackOffer}/test-call",
            new StringContent(new JsonObject { ["flow"] = JsonNode.Parse(flow), ["scenario"] = new JsonObject() }.ToJsonString(), Encoding.UTF8, "application/json"));

        foreach (var answer in new[] { publish, testCall })
        {
            Assert.Equal(HttpStatusCode.InternalServerError, answer.StatusCode);
            var message = (string)JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["message"]!;
            Assert.Contains("compile worker was not found at " + missing, message);
        }
        var store = await host.Services.GetRequiredService<Runtime.Host.Flows.FlowStoreAccess>().GetAsync();
        Assert.Empty(await store.ListVersionsAsync(Flows.CallbackOffer));
    }

    private static Task<AdminHost> StartAsync(Dictionary<string, string?>? settings = null)
    {
        settings ??= [];
        settings["Callytics:Admin:MaxBodyBytes"] = null; // the host's default: large flows fit
        return AdminHost.StartAsync(settings: settings);
    }

    private static async Task<(string Id, string Json)> PutLargeDraftAsync(AdminHost host, int nodes)
    {
        // No TTS prompts: the publish goes straight to the compile (renders are timed elsewhere).
        var json = LargeFlowGenerator.Generate(nodes, speech: false);
        var id = $"generated-{nodes}";
        await PutAsync(host, id, json);
        return (id, json);
    }

    private static async Task PutAsync(AdminHost host, string id, string json)
    {
        using var put = await host.Http.PutAsync($"/api/flows/{id}/draft", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.True(put.IsSuccessStatusCode, $"{(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");
    }

    private sealed record Worker(int Pid, int Nice);

    /// <summary>
    /// The compile worker of flow <paramref name="id"/>'s publish among this process's children, once it runs as
    /// <c>dotnet …/Callytics.CompileWorker.dll … --path &lt;id&gt;.flow.json</c> (after <c>nice</c> has lowered its
    /// priority and handed over to dotnet). Matched by the flow because other test classes publish at the same time.
    /// </summary>
    private static async Task<Worker> WaitForWorkerAsync(Task<HttpResponseMessage> publish, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var (pid, argv, nice) in Children())
            {
                if (argv.Length > 1 && Path.GetFileName(argv[0]) == "dotnet" && argv[1].EndsWith(WorkerDll, StringComparison.Ordinal) && argv.Contains($"{id}.flow.json"))
                    return new Worker(pid, nice);
            }
            if (publish.IsCompleted)
                Assert.Fail($"the publish answered ({(int)(await publish).StatusCode}) and no compile worker was seen among this process's children");
            await Task.Delay(5);
        }
        throw new TimeoutException("no compile worker started within 60 s");
    }

    /// <summary>This process's children now: pid, command line, nice.</summary>
    private static List<(int Pid, string[] Argv, int Nice)> Children()
    {
        var children = new List<(int, string[], int)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            var (ppid, nice) = StatFields(pid);
            if (ppid != Environment.ProcessId || nice is null) continue;
            try
            {
                children.Add((pid, File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries), nice.Value));
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
        }
        return children;
    }

    private static int? Nice(int pid) => StatFields(pid).Nice;

    /// <summary>Every process below this one (children, theirs, …): pid, command line, nice, parent pid and the parent's command line.</summary>
    private static List<(int Pid, string[] Argv, int Nice, int Parent, string[] ParentArgv)> Descendants()
    {
        var all = new Dictionary<int, (int Ppid, int Nice, string[] Argv)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            var (ppid, nice) = StatFields(pid);
            if (ppid is null || nice is null) continue;
            try
            {
                all[pid] = (ppid.Value, nice.Value, File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries));
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
        }
        bool Below(int pid)
        {
            for (var p = pid; all.TryGetValue(p, out var info); p = info.Ppid)
                if (info.Ppid == Environment.ProcessId) return true;
            return false;
        }
        return [.. all.Where(p => Below(p.Key)).Select(p => (p.Key, p.Value.Argv, p.Value.Nice, p.Value.Ppid, all.TryGetValue(p.Value.Ppid, out var parent) ? parent.Argv : []))];
    }

    /// <summary>The nice value of every thread of a process.</summary>
    private static List<int> ThreadNices(int pid)
    {
        var nices = new List<int>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
                if (ReadStat(Path.Combine(task, "stat")) is { } fields) nices.Add(int.Parse(fields[16], System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (DirectoryNotFoundException)
        {
            // Gone meanwhile: the threads read so far stand.
        }
        return nices;
    }

    /// <summary>Parent pid and nice from /proc/&lt;pid&gt;/stat (fields 4 and 19), null when the process is gone.</summary>
    private static (int? Ppid, int? Nice) StatFields(int pid) =>
        ReadStat($"/proc/{pid}/stat") is { } f
            ? (int.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(f[16], System.Globalization.CultureInfo.InvariantCulture))
            : (null, null);

    /// <summary>The fields after the command name (which may hold spaces): [0] is field 3, the state.</summary>
    private static string[]? ReadStat(string path)
    {
        try
        {
            var stat = File.ReadAllText(path);
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Every file of the store's flows (drafts, versions) with its content hash.</summary>
    private static List<string> Snapshot(string store)
    {
        var folder = Path.Combine(store, "flows");
        return [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetRelativePath(folder, f)} {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))}")];
    }
}
