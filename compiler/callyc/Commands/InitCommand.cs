using System.CommandLine;
using System.Reflection;
using Callytics.Compiler.Schema;

namespace Callytics.Cli.Commands;

/// <summary>
/// <c>callyc init &lt;folder&gt;</c>: a new flow project that checks, builds and tests clean as
/// created: an example flow, its scenarios, a catalog, the flow schema and the CI pipeline of
/// examples/ci (embedded from that very file, so the two never drift apart).
/// </summary>
internal static class InitCommand
{
    private const string Prefix = "init:";

    public static Command Create()
    {
        var folder = new Argument<string>("folder") { Description = "The folder to create (it may exist, but must be empty)." };
        var command = new Command("init", "Creates a flow project: flows/main-line.flow.json with scenarios, catalog.json, flow.schema.json and .github/workflows/callytics-flows.yml.") { folder };
        command.SetAction(parse =>
        {
            var root = parse.GetValue(folder)!;
            if (File.Exists(root) || (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any()))
                throw new UsageException($"{root} already exists and is not empty; init only creates new projects");
            foreach (var (path, content) in Files())
            {
                var target = Path.Combine(root, path);
                Write(target, content);
                Console.Out.WriteLine($"created {target}");
            }
            Console.Out.WriteLine($"Next: cd {root} && callyc check flows --catalog catalog.json && callyc test flows");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The files of a new project: the embedded templates and the generated schema.</summary>
    private static IEnumerable<(string Path, string Content)> Files()
    {
        var assembly = typeof(InitCommand).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            yield return (name[Prefix.Length..].Replace('/', Path.DirectorySeparatorChar), Read(assembly, name));
        yield return ("flow.schema.json", FlowSchemaGenerator.Generate());
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static void Write(string path, string content)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllText(path, content);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write {path}: {e.Message}");
        }
    }
}
