using System.Security.Cryptography;
using System.Text.Json;
using Callytics.Compiler.Compilation;
using Callytics.Compiler.Emit;
using Callytics.Runtime.Contract;

namespace Callytics.CompileWorker;

/// <summary>
/// Compiles one generated flow machine (C# written by the host) to an assembly, for the host's admin
/// API: <c>Callytics.CompileWorker --source &lt;file.cs&gt; --out &lt;file.dll&gt; --flow &lt;id&gt; --version &lt;n&gt; --hash &lt;semantic hash&gt;</c>.
/// Answers one JSON line on standard output: <c>{"assemblySha256": "..."}</c> when the assembly was
/// written, <c>{"problem": "..."}</c> when Roslyn reported a warning or error (the host reports it as
/// CFL5001). Exit code 2 for bad arguments. It stops when its standard input closes (the host went
/// away), so an orphaned compile does not keep a core.
/// <para>
/// A publish uses the session form instead, so that reading, checking and emitting a big flow do not
/// allocate in the host either: <c>--document &lt;draft.json&gt; --path &lt;name&gt; --out &lt;folder&gt; [--catalog &lt;catalog.json&gt;]</c>
/// (see <see cref="Session"/>). Its TTS prompts are rendered by a run of the form
/// <c>--render-speech &lt;prompts.json&gt; --media &lt;folder&gt; …</c> (see <see cref="SpeechRendering"/>).
/// </para>
/// </summary>
public static class Program
{
    /// <summary>Runs one compile.</summary>
    public static async Task<int> Main(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2) options[args[i]] = args[i + 1];
        if (args.Length % 2 == 0 && options.TryGetValue("--document", out var document) && options.TryGetValue("--path", out var path)
            && options.TryGetValue("--out", out var folder))
            return Session.Run(document, path, folder, options.GetValueOrDefault("--catalog"));
        if (args.Length % 2 == 0 && options.TryGetValue("--render-speech", out var prompts) && options.TryGetValue("--media", out var media))
        {
            if (Console.IsInputRedirected) WatchParent();
            return await SpeechRendering.RunAsync(prompts, media, options).ConfigureAwait(false);
        }
        if (args.Length % 2 != 0 || !options.TryGetValue("--source", out var source) || !options.TryGetValue("--out", out var output)
            || !options.TryGetValue("--flow", out var flowId) || !options.TryGetValue("--hash", out var hash)
            || !options.TryGetValue("--version", out var versionText) || !int.TryParse(versionText, System.Globalization.CultureInfo.InvariantCulture, out var version))
        {
            Console.Error.WriteLine("usage: Callytics.CompileWorker --source <file.cs> --out <file.dll> --flow <id> --version <n> --hash <semantic hash>");
            return 2;
        }
        if (Console.IsInputRedirected) WatchParent();

        var machine = new GeneratedMachine(File.ReadAllText(source), "", "");
        var compiled = RoslynCompiler.Compile(machine, new FlowIdentity(flowId, version, hash), concurrent: true);
        var answer = new Dictionary<string, string>(StringComparer.Ordinal);
        if (compiled.IsClean)
        {
            File.WriteAllBytes(output, compiled.Assembly!);
            answer["assemblySha256"] = Convert.ToHexStringLower(SHA256.HashData(compiled.Assembly!));
        }
        else
        {
            answer["problem"] = compiled.Diagnostics.FirstOrDefault()?.ToString() ?? "unknown error";
        }
        Console.Out.WriteLine(JsonSerializer.Serialize(answer));
        return 0;
    }

    /// <summary>The host keeps our standard input open while it waits; end of input means it is gone.</summary>
    private static void WatchParent() =>
        new Thread(() =>
        {
            while (Console.In.Read() >= 0) { }
            Environment.Exit(3);
        }) { IsBackground = true, Name = "parent watch" }.Start();
}
