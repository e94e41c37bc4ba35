using Callytics.Compiler.Binding.Fields;

namespace Callytics.Compiler.Binding.Nodes;

/// <summary>Joins a conference room shared by every call naming it.</summary>
public sealed record ConferenceNode(NodeInfo Info, string Room, int MaxParticipants, bool MohWhenAlone) : BoundNode(Info);

internal sealed class ConferenceNodeType : NodeType
{
    public override string Name => "conference";
    public override string Description => "Joins the caller to a conference room; every call naming the room shares one mixing bridge.";
    /// <summary>The config fields, declared once: schema, binding, defaults and the editor's form come from here.</summary>
    internal static class Config
    {
        public static readonly ConfigField<string> Room = Field.Required("room", new TextField(TextKind.RoomName), "The room name: 1-64 letters, digits, '_' or '-'.");
        public static readonly ConfigField<int> MaxParticipants = Field.Integer("max_participants", "0 for no limit.", 0, 0, 1_000);
        public static readonly ConfigField<bool> MohWhenAlone = Field.Boolean("moh_when_alone", "Music on hold while the caller is alone in the room.", true);
    }

    public override IReadOnlyList<ConfigField> Fields { get; } = [Config.Room, Config.MaxParticipants, Config.MohWhenAlone];
    public override IReadOnlyList<OutputSpec> GetOutputs(BoundNode node) => [new("next", false, "hangs up")];
    public override BoundNode Bind(NodeInfo info, ConfigValues config, BindContext context) =>
        new ConferenceNode(info, (config.Get(Config.Room) ?? ""), config.Get(Config.MaxParticipants), config.Get(Config.MohWhenAlone));
}
