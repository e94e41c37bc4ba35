using System.Security.Cryptography;
using Callytics.Compiler.Checking;
using Callytics.Compiler.Compilation;
using Callytics.Compiler.Diagnostics;
using Callytics.Compiler.Emit;
using Callytics.Runtime.Contract;

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
        AtomicFile.Write(Path.Combine(dir, Manifest.AssemblyFile), Assembly);
        AtomicFile.Write(Path.Combine(dir, Manifest.SourceFile), System.Text.Encoding.UTF8.GetBytes(Source));
        AtomicFile.Write(Path.Combine(dir, "manifest.json"), System.Text.Encoding.UTF8.GetBytes(Manifest.ToJson()));
        return dir;
    }
}

/// <summary>Emit → Compile → Package for a checked flow.</summary>
public static class FlowBuilder
{
    /// <summary>
    /// Builds a flow that checked without errors. Returns null and reports CFL5001 when the
    /// generated code does not compile cleanly (a compiler bug, never the user's fault).
    /// </summary>
    public static BuiltFlow? Build(CheckedFlow flow, int version, TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        if (!flow.Succeeded || flow.Graph is null) throw new InvalidOperationException("Only flows without errors can be built.");
        var bound = flow.Flow!;
        var semanticJson = SemanticHash.CanonicalJson(bound.Root);
        var identity = new FlowIdentity(bound.FlowId, version, SemanticHash.Sha256(semanticJson));
        var machine = StateMachineEmitter.Emit(flow.Graph, identity);
        var compiled = RoslynCompiler.Compile(machine, identity, cancellationToken);
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

/// <summary>Writes files so that a reader never sees half a file: temporary file, flush to disk, rename.</summary>
public static class AtomicFile
{
    /// <summary>Replaces <paramref name="path"/> with <paramref name="bytes"/> atomically.</summary>
    public static void Write(string path, byte[] bytes)
    {
        var temp = path + ".tmp-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
