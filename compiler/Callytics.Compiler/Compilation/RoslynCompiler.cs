using System.Collections.Immutable;
using Callytics.Compiler.Emit;
using Callytics.Runtime.Contract;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace Callytics.Compiler.Compilation;

/// <summary>The outcome of compiling generated source.</summary>
/// <param name="Assembly">The assembly bytes, or null when compilation failed.</param>
/// <param name="Diagnostics">Roslyn's warnings and errors (generated code should have none).</param>
public sealed record CompileResult(byte[]? Assembly, IReadOnlyList<Microsoft.CodeAnalysis.Diagnostic> Diagnostics)
{
    /// <summary>True when an assembly was produced with no warning.</summary>
    public bool IsClean => Assembly is not null && Diagnostics.Count == 0;
}

/// <summary>
/// Compiles generated machines in process with Roslyn. Deterministic: the same source gives the
/// same bytes (no timestamps, no random MVID, fixed file names, no PDB paths). Metadata references
/// are built once per process and shared, which is what makes warm compiles fast.
/// </summary>
public static class RoslynCompiler
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(LoadReferences);

    /// <summary>The metadata references every flow compiles against (loaded once per process).</summary>
    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    /// <summary>The C# version generated code is written in.</summary>
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12, DocumentationMode.None);

    /// <summary>The compilation options of every flow (deterministic, Release, all warnings).</summary>
    public static readonly CSharpCompilationOptions Options = new(
        OutputKind.DynamicallyLinkedLibrary,
        optimizationLevel: OptimizationLevel.Release,
        deterministic: true,
        nullableContextOptions: NullableContextOptions.Enable,
        concurrentBuild: false, // builds run many flows in parallel; one thread per flow is the better use of cores
        warningLevel: 9999);

    /// <summary>
    /// <see cref="Options"/> with Roslyn's concurrent build, for a flow compiled alone: the parts
    /// of a big machine (nested classes, see <see cref="Callytics.Compiler.Emit.EmitContext.NodesPerPart"/>) are compiled on
    /// several threads. The output is the same bytes (deterministic emit).
    /// </summary>
    public static readonly CSharpCompilationOptions ConcurrentOptions = Options.WithConcurrentBuild(true);

    private static readonly EmitOptions EmitOptions = new();

    /// <summary>The assembly name of a flow version: <c>Callytics.Flow.&lt;flow-id&gt;.v&lt;version&gt;</c>.</summary>
    public static string AssemblyName(FlowIdentity identity) => $"Callytics.Flow.{identity.FlowId}.v{identity.Version}";

    /// <summary>Compiles one generated machine; <paramref name="concurrent"/> when it is the only compile running (see <see cref="ConcurrentOptions"/>).</summary>
    public static CompileResult Compile(GeneratedMachine machine, FlowIdentity identity, bool concurrent = true, CancellationToken cancellationToken = default)
    {
        var tree = CSharpSyntaxTree.ParseText(machine.Source, ParseOptions, path: $"{identity.FlowId}.v{identity.Version}.g.cs", encoding: System.Text.Encoding.UTF8, cancellationToken);
        var compilation = CSharpCompilation.Create(AssemblyName(identity), [tree], References, concurrent ? ConcurrentOptions : Options);
        using var stream = new MemoryStream();
        // No PDB stream is given: the assembly carries no debug paths, which keeps it byte-identical across machines.
        var result = compilation.Emit(stream, options: EmitOptions, cancellationToken: cancellationToken);
        var diagnostics = result.Diagnostics.Where(d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).ToArray();
        return new CompileResult(result.Success ? stream.ToArray() : null, diagnostics);
    }

    /// <summary>Forces the references to load (benchmarks and the first build of a process call this to measure warm compiles).</summary>
    public static void Warm() => _ = LazyReferences.Value;

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        // The generated code needs the core library, collections, and the runtime contract.
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        string[] wanted = ["System.Private.CoreLib.dll", "System.Runtime.dll", "System.Collections.dll", "netstandard.dll"];
        var framework = trusted.Where(p => wanted.Contains(Path.GetFileName(p)));
        var runtime = typeof(Callytics.Runtime.Machines.FlowMachine).Assembly.Location;
        return [.. framework.Append(runtime).Distinct().OrderBy(p => Path.GetFileName(p), StringComparer.Ordinal).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }
}
