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
    /// <summary>The config fields, declared once: schema, binding, defaults and the editor's form come from here.</summary>
    internal static class Config
    {
        public static readonly ConfigField<Prompt?> Prompt = Field.Prompt("prompt", "Played before recording.", required: true);
        public static readonly ConfigField<int> MaxDurationS = Field.Integer("max_duration_s", "Longest message, in seconds.", 120, 1, 3_600);
        public static readonly ConfigField<string> Format = Field.Choice("format", "Recording format.", "ulaw", "ulaw", "wav");
        public static readonly ConfigField<bool> Beep = Field.Boolean("beep", "Beep before recording.", true);
        public static readonly ConfigField<string?> Mailbox = Field.Optional("mailbox", new TextField(TextKind.Identifier), "The mailbox the message goes to.", "default");
    }

    public override IReadOnlyList<ConfigField> Fields { get; } = [Config.Prompt, Config.MaxDurationS, Config.Format, Config.Beep, Config.Mailbox];
    public override IReadOnlyList<OutputSpec> GetOutputs(BoundNode node) => [];
    public override BoundNode Bind(NodeInfo info, ConfigValues config, BindContext context) =>
        new VoicemailNode(info, (config.Get(Config.Prompt) ?? Prompt.Sound("")), config.Get(Config.MaxDurationS), (config.Get(Config.Format) ?? ""), config.Get(Config.Beep), (config.Get(Config.Mailbox) ?? ""));
}
