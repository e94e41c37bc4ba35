using System.Security.Cryptography;
using Callytics.Compiler.Checking;
using Callytics.Compiler.Compilation;
using Callytics.Compiler.Diagnostics;
using Callytics.Compiler.Emit;
using Callytics.Runtime.Contract;
using Callytics.Runtime.IO;
using Callytics.Runtime.Loading;

namespace Callytics.Compiler.Packaging;

/// <summary>A built flow version: everything that goes into the flow store or an output folder.</summary>
/// <param name="Identity">Flow id, version, semantic hash.</param>
/// <param name="Source">The generated C#.</param>
/// <param name="Assembly">The compiled assembly.</param>
/// <param name="Manifest">The manifest.</param>
/// <param name="SemanticJson">The canonical semantic JSON that was hashed.</param>
public sealed record BuiltFlow(FlowIdentity Identity, string Source, byte[] Assembly, BuildManifest Manifest, string SemanticJson)
{
    /// <summary>The file names used when writing to a folder.</summary>
    public string BaseName => $"{Identity.FlowId}.v{Identity.Version}";

    /// <summary>Writes <c>&lt;id&gt;.vN.dll</c>, <c>&lt;id&gt;.vN.g.cs</c> and <c>manifest.json</c> into <c>outDir/&lt;id&gt;/</c> (atomically per file).</summary>
    public string WriteTo(string outDir)
    {
        var dir = Path.Combine(outDir, Identity.FlowId);
        Directory.CreateDirectory(dir);
        // The manifest goes last: a folder with a manifest always has the files it names.
        Write(Path.Combine(dir, Manifest.AssemblyFile), Assembly);
        Write(Path.Combine(dir, Manifest.SourceFile), System.Text.Encoding.UTF8.GetBytes(Source));
        Write(Path.Combine(dir, "manifest.json"), System.Text.Encoding.UTF8.GetBytes(Manifest.ToJson()));
        return dir;
    }

    private static void Write(string path, byte[] bytes) => AtomicFile.WriteAllBytes(path, bytes);
}

/// <summary>
/// Compiles a generated machine to an assembly: in this process (<see cref="InProcessMachineCompiler"/>)
/// or elsewhere (the host's admin API hands the C# to a low-priority worker process, so the compile
/// does not run where calls are served).
/// </summary>
public interface IMachineCompiler
{
    /// <summary>Compiles <paramref name="machine"/> as the assembly of <paramref name="identity"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; no assembly.</exception>
    Task<MachineCompileResult> CompileAsync(GeneratedMachine machine, FlowIdentity identity, CancellationToken cancellationToken);
}

/// <summary>What a compile gave: the assembly, or the first warning or error that kept it from being clean.</summary>
/// <param name="Assembly">The assembly bytes; null when <paramref name="FirstProblem"/> is set.</param>
/// <param name="FirstProblem">Roslyn's first warning or error, as text (reported as CFL5001), or null.</param>
public sealed record MachineCompileResult(byte[]? Assembly, string? FirstProblem)
{
    /// <summary>The result of an in-process Roslyn compile.</summary>
    public static MachineCompileResult From(CompileResult compiled) =>
        compiled.IsClean ? new(compiled.Assembly, null) : new(null, compiled.Diagnostics.FirstOrDefault()?.ToString() ?? "unknown error");
}

/// <summary>Compiles with Roslyn in this process, on the calling thread.</summary>
public sealed class InProcessMachineCompiler : IMachineCompiler
{
    /// <summary>The one instance (it holds no state).</summary>
    public static readonly InProcessMachineCompiler Instance = new();

    /// <inheritdoc />
    public Task<MachineCompileResult> CompileAsync(GeneratedMachine machine, FlowIdentity identity, CancellationToken cancellationToken) =>
        Task.FromResult(MachineCompileResult.From(RoslynCompiler.Compile(machine, identity, concurrent: true, cancellationToken)));
}

/// <summary>Emit → Compile → Package for a checked flow.</summary>
public static class FlowBuilder
{
    /// <summary>
    /// Builds a flow that checked without errors. Returns null and reports CFL5001 when the
    /// generated code does not compile cleanly (a compiler bug, never the user's fault).
    /// <paramref name="concurrent"/>: false when the caller builds several flows in parallel
    /// (one thread per flow is then the better use of the cores).
    /// </summary>
    public static BuiltFlow? Build(CheckedFlow flow, int version, TimeProvider? clock = null, CancellationToken cancellationToken = default, bool concurrent = true)
    {
        var (identity, machine, semanticJson) = Emit(flow, version);
        var compiled = MachineCompileResult.From(RoslynCompiler.Compile(machine, identity, concurrent, cancellationToken));
        return Package(flow, identity, machine, semanticJson, compiled, clock);
    }

    /// <summary>
    /// <see cref="Build"/> with the compile step done by <paramref name="compiler"/> (emitting the C#
    /// and packaging stay here, so diagnostics and the manifest are the same wherever Roslyn runs).
    /// </summary>
    public static async Task<BuiltFlow?> BuildAsync(CheckedFlow flow, int version, IMachineCompiler compiler, TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        var (identity, machine, semanticJson) = Emit(flow, version);
        var compiled = await compiler.CompileAsync(machine, identity, cancellationToken).ConfigureAwait(false);
        return Package(flow, identity, machine, semanticJson, compiled, clock);
    }

    private static (FlowIdentity Identity, GeneratedMachine Machine, string SemanticJson) Emit(CheckedFlow flow, int version)
    {
        if (!flow.Succeeded || flow.Graph is null) throw new InvalidOperationException("Only flows without errors can be built.");
        var bound = flow.Flow!;
        var semanticJson = SemanticHash.CanonicalJson(bound.Root);
        var identity = new FlowIdentity(bound.FlowId, version, SemanticHash.Sha256(semanticJson));
        return (identity, StateMachineEmitter.Emit(flow.Graph, identity), semanticJson);
    }

    private static BuiltFlow? Package(CheckedFlow flow, FlowIdentity identity, GeneratedMachine machine, string semanticJson, MachineCompileResult compiled, TimeProvider? clock)
    {
        if (compiled.Assembly is null)
        {
            flow.Diagnostics.Report(DiagnosticDescriptors.GeneratedCodeError, 0, "", null, compiled.FirstProblem ?? "unknown error");
            return null;
        }
        var version = identity.Version;
        var baseName = $"{identity.FlowId}.v{version}";
        var manifest = new BuildManifest
        {
            FlowId = identity.FlowId,
            Version = version,
            SemanticHash = identity.SemanticHash,
            AssemblySha256 = Convert.ToHexStringLower(SHA256.HashData(compiled.Assembly)),
            AssemblyFile = baseName + ".dll",
            SourceFile = baseName + ".g.cs",
            MachineType = machine.TypeName,
            CompilerVersion = StateMachineEmitter.CompilerVersion,
            BuiltAt = (clock ?? TimeProvider.System).GetUtcNow(),
        };
        return new BuiltFlow(identity, machine.Source, compiled.Assembly, manifest, semanticJson);
    }
}
