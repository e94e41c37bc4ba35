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
        if (!flow.Succeeded || flow.Graph is null) throw new InvalidOperationException("Only flows without errors can be built.");
        var bound = flow.Flow!;
        var semanticJson = SemanticHash.CanonicalJson(bound.Root);
        var identity = new FlowIdentity(bound.FlowId, version, SemanticHash.Sha256(semanticJson));
        var machine = StateMachineEmitter.Emit(flow.Graph, identity);
        var compiled = RoslynCompiler.Compile(machine, identity, concurrent, cancellationToken);
        if (!compiled.IsClean)
        {
            var first = compiled.Diagnostics.FirstOrDefault()?.ToString() ?? "unknown error";
            flow.Diagnostics.Report(DiagnosticDescriptors.GeneratedCodeError, 0, "", null, first);
            return null;
        }
        var baseName = $"{identity.FlowId}.v{version}";
        var manifest = new BuildManifest
        {
            FlowId = identity.FlowId,
            Version = version,
            SemanticHash = identity.SemanticHash,
            AssemblySha256 = Convert.ToHexStringLower(SHA256.HashData(compiled.Assembly!)),
            AssemblyFile = baseName + ".dll",
            SourceFile = baseName + ".g.cs",
            MachineType = machine.TypeName,
            CompilerVersion = StateMachineEmitter.CompilerVersion,
            BuiltAt = (clock ?? TimeProvider.System).GetUtcNow(),
        };
        return new BuiltFlow(identity, machine.Source, compiled.Assembly!, manifest, semanticJson);
    }
}
