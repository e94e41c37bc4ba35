using Callytics.Compiler.Binding.Fields;
using Callytics.Runtime.Contract;

namespace Callytics.Compiler.Binding.Nodes;

/// <summary>Operators log in to queues with a PIN (or out, with #).</summary>
public sealed record QueueLoginNode(NodeInfo Info, IReadOnlyList<string> Queues, int PinMaxDigits, int MaxAttempts, Prompt? Prompt, Prompt? InvalidPrompt, Prompt? SuccessPrompt) : BoundNode(Info);

internal sealed class QueueLoginNodeType : NodeType
{
    public override string Name => "queue_login";
    public override string Description => "An operator enters a PIN to log in to queues and wait for callers; # at the PIN prompt, then the PIN, logs out.";
    public override bool IsTerminal => true;
    /// <summary>The config fields, declared once: schema, binding, defaults and the editor's form come from here.</summary>
    internal static class Config
    {
        public static readonly ConfigField<IReadOnlyList<string>> Queues = Field.Required("queues", QueueListField.Instance, "The queues the operator serves (at least one).");
        public static readonly ConfigField<int> PinMaxDigits = Field.Integer("pin_max_digits", "Longest PIN.", 6, 4, 12);
        public static readonly ConfigField<int> MaxAttempts = Field.Integer("max_attempts", "Wrong PINs allowed before hanging up.", 3, 1, 10);
        public static readonly ConfigField<Prompt?> Prompt = Field.Prompt("prompt", "Asks for the PIN.");
        public static readonly ConfigField<Prompt?> InvalidPrompt = Field.Prompt("invalid_prompt", "Played after a wrong PIN.");
        public static readonly ConfigField<Prompt?> SuccessPrompt = Field.Prompt("success_prompt", "Played after login, before waiting for callers.");
    }

    public override IReadOnlyList<ConfigField> Fields { get; } = [Config.Queues, Config.PinMaxDigits, Config.MaxAttempts, Config.Prompt, Config.InvalidPrompt, Config.SuccessPrompt];
    public override IReadOnlyList<OutputSpec> GetOutputs(BoundNode node) => [];
    public override BoundNode Bind(NodeInfo info, ConfigValues config, BindContext context) =>
        new QueueLoginNode(info, (config.Get(Config.Queues) ?? []), config.Get(Config.PinMaxDigits), config.Get(Config.MaxAttempts),
            config.Get(Config.Prompt), config.Get(Config.InvalidPrompt), config.Get(Config.SuccessPrompt));
}
