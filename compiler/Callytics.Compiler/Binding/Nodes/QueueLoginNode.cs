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
    public override IReadOnlyList<ConfigField> Fields { get; } =
    [
        Field.Required("queues", QueueListField.Instance, "The queues the operator serves (at least one)."),
        Field.Integer("pin_max_digits", "Longest PIN.", 6, 4, 12),
        Field.Integer("max_attempts", "Wrong PINs allowed before hanging up.", 3, 1, 10),
        Field.Prompt("prompt", "Asks for the PIN."),
        Field.Prompt("invalid_prompt", "Played after a wrong PIN."),
        Field.Prompt("success_prompt", "Played after login, before waiting for callers."),
    ];
    public override IReadOnlyList<OutputSpec> GetOutputs(BoundNode node) => [];
    public override BoundNode Bind(NodeInfo info, ConfigValues config, BindContext context) =>
        new QueueLoginNode(info, config.List<string>("queues"), config.Int("pin_max_digits"), config.Int("max_attempts"),
            config.Get<Prompt?>("prompt", null), config.Get<Prompt?>("invalid_prompt", null), config.Get<Prompt?>("success_prompt", null));
}
