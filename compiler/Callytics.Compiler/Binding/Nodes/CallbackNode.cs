using Callytics.Compiler.Binding.Fields;
using Callytics.Runtime.Contract;

namespace Callytics.Compiler.Binding.Nodes;

/// <summary>Stores a pending callback; an operator starts the return call later.</summary>
public sealed record CallbackNode(NodeInfo Info, CallbackNumberSource NumberSource, int MaxDigits, Prompt? Prompt, Prompt? ConfirmPrompt, string? Queue) : BoundNode(Info);

internal sealed class CallbackNodeType : NodeType
{
    public override string Name => "callback";
    public override string Description => "Takes the number to call back (caller id or keyed in) and stores a pending callback.";
    public override bool IsTerminal => true;
    /// <summary>The config fields, declared once: schema, binding, defaults and the editor's form come from here.</summary>
    internal static class Config
    {
        public static readonly ConfigField<string> NumberSource = Field.Choice("number_source", "caller_id: the caller's number; dtmf: keyed in by the caller.", "caller_id", "caller_id", "dtmf");
        public static readonly ConfigField<int> MaxDigits = Field.Integer("max_digits", "Longest number keyed in.", 15, 3, 20);
        public static readonly ConfigField<Prompt?> Prompt = Field.Prompt("prompt", "Asks for the number (required for dtmf).");
        public static readonly ConfigField<Prompt?> ConfirmPrompt = Field.Prompt("confirm_prompt", "Reads the number back: press 1 to confirm, 2 to re-enter.");
        public static readonly ConfigField<string?> Queue = Field.Optional("queue", new TextField(TextKind.QueueId), "The queue whose operators should call back.");
    }

    public override IReadOnlyList<ConfigField> Fields { get; } = [Config.NumberSource, Config.MaxDigits, Config.Prompt, Config.ConfirmPrompt, Config.Queue];
    public override IReadOnlyList<OutputSpec> GetOutputs(BoundNode node) => [];
    public override BoundNode Bind(NodeInfo info, ConfigValues config, BindContext context)
    {
        var source = (config.Get(Config.NumberSource) ?? "") == "dtmf" ? CallbackNumberSource.Dtmf : CallbackNumberSource.CallerId;
        var prompt = config.Get(Config.Prompt);
        if (source == CallbackNumberSource.Dtmf && prompt is null && !config.Has(Config.Prompt))
        {
            context.Diagnostics.ReportMissingProperty((Syntax.JsonNode?)config.Syntax ?? info.Syntax, info.Id, "callback with number_source dtmf", "prompt");
            context.HasErrors = true;
        }
        return new CallbackNode(info, source, config.Get(Config.MaxDigits), prompt, config.Get(Config.ConfirmPrompt), config.Has(Config.Queue) ? (config.Get(Config.Queue) ?? "") : null);
    }
}
