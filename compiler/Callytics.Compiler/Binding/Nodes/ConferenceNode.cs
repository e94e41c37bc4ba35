using Callytics.Compiler.Binding.Fields;

namespace Callytics.Compiler.Binding.Nodes;

/// <summary>Joins a conference room shared by every call naming it.</summary>
public sealed record ConferenceNode(NodeInfo Info, string Room, int MaxParticipants, bool MohWhenAlone) : BoundNode(Info);

internal sealed class ConferenceNodeType : NodeType
{
    public override string Name => "conference";
    public override string Description => "Joins the caller to a conference room; every call naming the room shares one mixing bridge.";
    public override IReadOnlyList<ConfigField> Fields { get; } =
    [
        Field.Required("room", new TextField(TextKind.RoomName), "The room name: 1-64 letters, digits, '_' or '-'."),
        Field.Integer("max_participants", "0 for no limit.", 0, 0, 1_000),
        Field.Boolean("moh_when_alone", "Music on hold while the caller is alone in the room.", true),
    ];
    public override IReadOnlyList<OutputSpec> GetOutputs(BoundNode node) => [new("next", false, "hangs up")];
    public override BoundNode Bind(NodeInfo info, ConfigValues config, BindContext context) =>
        new ConferenceNode(info, config.Text("room"), config.Int("max_participants"), config.Bool("moh_when_alone"));
}
