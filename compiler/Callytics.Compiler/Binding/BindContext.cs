using Callytics.Compiler.Diagnostics;
using Callytics.Compiler.Syntax;

namespace Callytics.Compiler.Binding;

/// <summary>What a node refers to outside itself.</summary>
public enum ReferenceKind
{
    /// <summary>An audio id of the catalog.</summary>
    Audio,
    /// <summary>A queue id of the catalog.</summary>
    Queue,
    /// <summary>A trunk id of the catalog.</summary>
    Trunk,
    /// <summary>Another flow (subflow, goto_flow).</summary>
    Flow,
}

/// <summary>A variable read or written by a node, with where it is written in the file.</summary>
public readonly record struct VariableUse(string Name, JsonNode Syntax);

/// <summary>A reference to something outside the node, with where it is written.</summary>
public readonly record struct Reference(ReferenceKind Kind, string Id, JsonNode Syntax);

/// <summary>A TTS prompt with where its text is written (rendered when the flow is published).</summary>
public readonly record struct SpeechUse(Runtime.Contract.Prompt Prompt, JsonNode Syntax);

/// <summary>
/// Facts the field binders note while binding a node: which variables it reads and writes and
/// what it refers to. Analysis and the reference checks use these, so they need no code per node type.
/// </summary>
public sealed class NodeFacts
{
    /// <summary>Variables read by templates and branch rules.</summary>
    public List<VariableUse> Reads { get; } = [];

    /// <summary>Variables the node assigns when it completes.</summary>
    public List<VariableUse> Writes { get; } = [];

    /// <summary>Catalog and flow references.</summary>
    public List<Reference> References { get; } = [];

    /// <summary>TTS prompts, rendered at publish time.</summary>
    public List<SpeechUse> Speech { get; } = [];
}

/// <summary>The state shared by the field binders of one node.</summary>
/// <param name="Diagnostics">Where findings go.</param>
/// <param name="NodeId">The node being bound (for diagnostics).</param>
/// <param name="Facts">Where reads, writes and references are noted.</param>
public sealed record BindContext(DiagnosticBag Diagnostics, string? NodeId, NodeFacts Facts)
{
    /// <summary>Set when a field of the node failed to bind.</summary>
    public bool HasErrors { get; set; }
}
