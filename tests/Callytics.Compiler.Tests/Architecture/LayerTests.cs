using System.Reflection;
using System.Xml.Linq;
using Callytics.Compiler.Binding;
using Callytics.Compiler.Diffing;
using Callytics.Runtime.Engine;
using Callytics.TestSupport;

namespace Callytics.Compiler.Tests.Architecture;

/// <summary>
/// Layers point one way (README.md, "The compiler is a pipeline"): the compiler core (Syntax → … → Packaging) uses
/// nothing but Roslyn and the runtime contract; storage, the host and publishing sit above it; the
/// runtime never uses the compiler. Importing, diffing, scenario testing and graphs live in
/// Callytics.Tooling, above the core. Read from the project files (with everything they reach), from
/// the built assemblies' references and from the namespaces of the core's types.
/// </summary>
public class LayerTests
{
    /// <summary>What each layer must not reach, directly or through another project.</summary>
    private static readonly (string Project, string[] Forbidden)[] Rules =
    [
        ("Callytics.Compiler", ["Callytics.Runtime.Storage", "Callytics.Runtime.Host", "Callytics.Runtime.Ari", "Callytics.Publishing", "Callytics.Tooling", "Npgsql", "StackExchange.Redis"]),
        // The host's compile worker: Roslyn on generated C#, nothing else (it runs beside the calls, at low priority).
        ("Callytics.CompileWorker", ["Callytics.Runtime.Storage", "Callytics.Runtime.Host", "Callytics.Runtime.Ari", "Callytics.Publishing", "Callytics.Tooling", "Npgsql", "StackExchange.Redis"]),
        ("Callytics.Tooling", ["Callytics.Publishing", "Callytics.Runtime.Host", "Callytics.Runtime.Ari"]),
        // Prompt audio (media store, TTS engine, sox): the compile worker renders with it, so it stays free of storage and the compiler.
        ("Callytics.Media", ["Callytics.Compiler", "Callytics.Runtime.Storage", "Callytics.Runtime.Host", "Callytics.Runtime.Ari", "Callytics.Publishing", "Callytics.Tooling", "Npgsql", "StackExchange.Redis"]),
        ("Callytics.Runtime", ["Callytics.Compiler", "Callytics.Publishing", "Callytics.Tooling", "Callytics.Runtime.Storage", "Callytics.Runtime.Host", "Callytics.Runtime.Ari"]),
        ("Callytics.Runtime.Storage", ["Callytics.Compiler", "Callytics.Publishing", "Callytics.Tooling", "Callytics.Runtime.Host"]),
        ("Callytics.Runtime.Ari", ["Callytics.Compiler", "Callytics.Publishing", "Callytics.Tooling", "Callytics.Runtime.Host"]),
    ];

    /// <summary>What sits above the compiler core, in Callytics.Tooling: no core type may be in these namespaces (or below them).</summary>
    private static readonly string[] ToolingNamespaces =
        ["Callytics.Compiler.Importing", "Callytics.Compiler.Diffing", "Callytics.Compiler.Testing", "Callytics.Compiler.Graphing"];

    [Fact]
    public void Project_references_point_one_way() =>
        Assert.Empty(Violations(RepoPaths.Root));

    [Fact]
    public void The_check_finds_a_compiler_that_reaches_storage_through_another_project()
    {
        // The shape of the fault this test guards against (the compiler referenced storage for publishing).
        var root = Directory.CreateTempSubdirectory("layers-").FullName;
        try
        {
            WriteProject(root, "compiler/Callytics.Compiler", refs: ["../../runtime/Callytics.Runtime/Callytics.Runtime.csproj", "../Helper/Helper.csproj"]);
            WriteProject(root, "compiler/Helper", refs: ["../../runtime/Callytics.Runtime.Storage/Callytics.Runtime.Storage.csproj", "../Callytics.Tooling/Callytics.Tooling.csproj"]);
            WriteProject(root, "compiler/Callytics.Tooling", refs: ["../Callytics.Compiler/Callytics.Compiler.csproj"]);
            WriteProject(root, "compiler/Callytics.CompileWorker");
            WriteProject(root, "compiler/Callytics.Media");
            WriteProject(root, "runtime/Callytics.Runtime", packages: ["NodaTime"]);
            WriteProject(root, "runtime/Callytics.Runtime.Storage", refs: ["../Callytics.Runtime/Callytics.Runtime.csproj"], packages: ["Npgsql"]);
            WriteProject(root, "runtime/Callytics.Runtime.Ari", refs: ["../../compiler/Callytics.Compiler/Callytics.Compiler.csproj"]);

            Assert.Equal(
            [
                "Callytics.Compiler reaches Callytics.Runtime.Storage",
                "Callytics.Compiler reaches Callytics.Tooling",
                "Callytics.Compiler reaches Npgsql",
                "Callytics.Runtime.Ari reaches Callytics.Compiler",
                "Callytics.Runtime.Ari reaches Callytics.Tooling",
            ], Violations(root).Order(StringComparer.Ordinal));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void The_compiler_assembly_references_only_roslyn_the_runtime_contract_and_the_framework()
    {
        var references = typeof(NodeRegistry).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        // What the runtime contract itself uses (NodaTime for time zones) comes with it.
        var runtime = typeof(CallEngine).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToHashSet(StringComparer.Ordinal);
        var outside = references.Where(n => !IsFramework(n) && !runtime.Contains(n) && !n.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) && n != "Callytics.Runtime").ToList();
        Assert.Empty(outside);
        Assert.Contains("Callytics.Runtime", references);
    }

    [Fact]
    public void The_compiler_core_holds_no_importing_diffing_scenario_testing_or_graphing_code()
    {
        var core = typeof(NodeRegistry).Assembly;
        var tooling = typeof(FlowDiffer).Assembly;
        Assert.NotEqual(core, tooling);
        var misplaced = core.GetTypes().Where(t => InToolingNamespace(t.Namespace)).Select(t => t.FullName).ToList();
        Assert.Empty(misplaced);
        // Each namespace named here is really where the tooling is, so the check above cannot pass by a rename alone.
        var toolingNamespaces = tooling.GetTypes().Select(t => t.Namespace).ToHashSet(StringComparer.Ordinal);
        Assert.All(ToolingNamespaces, n => Assert.Contains(n, toolingNamespaces));
        // The source folders too (an empty folder left by a checkout is harmless; a source file in it is not).
        var coreFolder = Path.Combine(RepoPaths.Root, "compiler", "Callytics.Compiler");
        var folders = ToolingNamespaces.Select(n => Path.Combine(coreFolder, n["Callytics.Compiler.".Length..]))
            .Where(f => Directory.Exists(f) && Directory.EnumerateFiles(f, "*.cs", SearchOption.AllDirectories).Any()).ToList();
        Assert.Empty(folders);
        Assert.DoesNotContain(core.GetReferencedAssemblies(), a => a.Name == tooling.GetName().Name);
    }

    private static bool InToolingNamespace(string? ns) =>
        ns is not null && ToolingNamespaces.Any(n => ns == n || ns.StartsWith(n + ".", StringComparison.Ordinal));

    [Fact]
    public void The_runtime_assembly_does_not_reference_the_compiler()
    {
        var references = typeof(CallEngine).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.DoesNotContain(references, n => n.StartsWith("Callytics.", StringComparison.Ordinal));
    }

    private static bool IsFramework(string name) =>
        name is "netstandard" or "mscorlib" || name.StartsWith("System", StringComparison.Ordinal) || name.StartsWith("Microsoft.Win32", StringComparison.Ordinal);

    /// <summary>"X reaches Y" for every forbidden project or package a layer's project reaches.</summary>
    private static List<string> Violations(string root)
    {
        var projects = Directory.EnumerateFiles(root, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(p => Path.GetFullPath(p), p => XDocument.Load(p));
        var byName = projects.Keys.ToDictionary(p => Path.GetFileNameWithoutExtension(p), p => p);
        var found = new List<string>();
        foreach (var (project, forbidden) in Rules)
        {
            Assert.True(byName.TryGetValue(project, out var path), $"{project}.csproj not found under {root}");
            var reached = Reach(path!, projects);
            found.AddRange(forbidden.Where(reached.Contains).Select(f => $"{project} reaches {f}"));
        }
        return found;
    }

    /// <summary>Every project (by name) and package reached from a project file.</summary>
    private static HashSet<string> Reach(string start, Dictionary<string, XDocument> projects)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([start]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryPop(out var path))
        {
            if (!seen.Add(path)) continue;
            var document = projects.GetValueOrDefault(path) ?? throw new InvalidOperationException($"{path} is referenced but does not exist");
            foreach (var item in document.Descendants("PackageReference"))
                reached.Add((string)item.Attribute("Include")!);
            foreach (var item in document.Descendants("ProjectReference"))
            {
                var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, ((string)item.Attribute("Include")!).Replace('\\', '/')));
                reached.Add(Path.GetFileNameWithoutExtension(target));
                pending.Push(target);
            }
        }
        return reached;
    }

    private static void WriteProject(string root, string folder, string[]? refs = null, string[]? packages = null)
    {
        var directory = Path.Combine(root, folder);
        Directory.CreateDirectory(directory);
        var project = new XElement("Project",
            new XElement("ItemGroup",
                (refs ?? []).Select(r => new XElement("ProjectReference", new XAttribute("Include", r))),
                (packages ?? []).Select(p => new XElement("PackageReference", new XAttribute("Include", p)))));
        project.Save(Path.Combine(directory, Path.GetFileName(folder) + ".csproj"));
    }
}
