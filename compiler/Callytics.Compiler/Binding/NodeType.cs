using Callytics.Compiler.Binding.Fields;

namespace Callytics.Compiler.Binding;

/// <summary>
/// One node type of the language, for the compiler: its name, config fields, outputs and how to
/// build its bound record. One subclass per type in Binding/Nodes, listed in <see cref="NodeRegistry"/>.
/// </summary>
public abstract class NodeType
{
    /// <summary>The <c>type</c> value in JSON, e.g. <c>menu</c>.</summary>
    public abstract string Name { get; }

    /// <summary>What the node does, for people (schema description and docs).</summary>
    public abstract string Description { get; }

    /// <summary>The config properties.</summary>
    public abstract IReadOnlyList<ConfigField> Fields { get; }

    /// <summary>True when the node has no outputs (it ends the call or leaves the flow); it may still lead to webhooks.</summary>
    public virtual bool IsTerminal => false;

    /// <summary>True when the node waits for the caller or the network, so a loop through it is not endless.</summary>
    public virtual bool Waits => true;

    /// <summary>
    /// Variables every node of this type sets, whatever its config (queue_status's queue_waiting, …): the
    /// binder notes them as the node's writes (definite assignment, CFL3003) and the schema carries them
    /// as <c>x-sets</c> for the editor's rules.
    /// </summary>
    public virtual IReadOnlyList<string> Sets => [];

    /// <summary>The outputs a node of this type has.</summary>
    public abstract IReadOnlyList<OutputSpec> GetOutputs(BoundNode node);

    /// <summary>
    /// Output names that depend on config (<c>digit:</c>, <c>rule:</c>); edges naming an unknown one
    /// of these are not reported when the config itself has errors.
    /// </summary>
    public virtual string? DynamicOutputPrefix => null;

    /// <summary>Builds the bound record from the bound config values.</summary>
    public abstract BoundNode Bind(NodeInfo info, ConfigValues config, BindContext context);

    /// <summary>Finds a field by name.</summary>
    public ConfigField? FindField(string name) => Fields.FirstOrDefault(f => f.Name == name);
}
