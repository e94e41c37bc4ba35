using System.Text.Json;
using System.Text.Json.Serialization;

namespace Callytics.Runtime.Loading;

/// <summary>
/// manifest.json beside each compiled flow: what was built, from what, by which compiler. The
/// compiler writes it (Packaging); the runtime reads it here, in its loading layer, and
/// <see cref="FlowAssemblyLoader.Load(byte[], BuildManifest)"/> checks the assembly against it, so
/// a host never needs compiler types to load a flow.
/// </summary>
public sealed record BuildManifest
{
    /// <summary>The flow id.</summary>
    public required string FlowId { get; init; }
    /// <summary>The version number.</summary>
    public required int Version { get; init; }
    /// <summary>sha256 of the semantic JSON (layout excluded).</summary>
    public required string SemanticHash { get; init; }
    /// <summary>sha256 of the assembly file.</summary>
    public required string AssemblySha256 { get; init; }
    /// <summary>The assembly file name.</summary>
    public required string AssemblyFile { get; init; }
    /// <summary>The generated source file name.</summary>
    public required string SourceFile { get; init; }
    /// <summary>The machine class.</summary>
    public required string MachineType { get; init; }
    /// <summary>The callyc version that built it.</summary>
    public required string CompilerVersion { get; init; }
    /// <summary>When it was built (UTC). The only field that differs between two builds of the same flow.</summary>
    public required DateTimeOffset BuiltAt { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Serializes the manifest.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json) + "\n";

    /// <summary>Reads a manifest; throws <see cref="JsonException"/> when malformed.</summary>
    public static BuildManifest Parse(string json) =>
        JsonSerializer.Deserialize<BuildManifest>(json, Json) ?? throw new JsonException("empty manifest");

    /// <summary>Reads a manifest for loading: a manifest that cannot be read is a refusal (<see cref="FlowLoadException"/>), not a skipped check.</summary>
    public static BuildManifest ParseForLoading(string json)
    {
        try
        {
            return Parse(json);
        }
        catch (JsonException e)
        {
            throw new FlowLoadException("the manifest cannot be read: " + e.Message);
        }
    }
}
