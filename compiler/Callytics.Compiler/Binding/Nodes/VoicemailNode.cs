using Callytics.Compiler.Binding.Fields;
using Callytics.Runtime.Contract;

namespace Callytics.Compiler.Binding.Nodes;

/// <summary>Records a message for a mailbox.</summary>
public sealed record VoicemailNode(NodeInfo Info, Prompt Prompt, int MaxDurationSeconds, string Format, bool Beep, string Mailbox) : BoundNode(Info);

internal sealed class VoicemailNodeType : NodeType
{
    public override string Name => "voicemail";
    public override string Description => "Records the caller's message; the recording and its metadata are kept.";
    public override bool IsTerminal => true;
    public override IReadOnlyList<ConfigField> Fields { get; } =
    [
        Field.Prompt("prompt", "Played before recording.", required: true),
        Field.Integer("max_duration_s", "Longest message, in seconds.", 120, 1, 3_600),
        Field.Choice("format", "Recording format.", "ulaw", "ulaw", "wav"),
        Field.Boolean("beep", "Beep before recording.", true),
        Field.Optional("mailbox", new TextField(TextKind.Identifier), "The mailbox the message goes to.", "default"),
    ];
    public override IReadOnlyList<OutputSpec> GetOutputs(BoundNode node) => [];
    public override BoundNode Bind(NodeInfo info, ConfigValues config, BindContext context) =>
        new VoicemailNode(info, config.Get("prompt", Prompt.Sound("")), config.Int("max_duration_s"), config.Text("format"), config.Bool("beep"), config.Text("mailbox"));
}
