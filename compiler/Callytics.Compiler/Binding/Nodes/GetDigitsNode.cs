using Callytics.Compiler.Binding.Fields;
using Callytics.Runtime.Contract;

namespace Callytics.Compiler.Binding.Nodes;

/// <summary>Collects digits into a variable.</summary>
/// <param name="TimeoutMs">Wait for the first digit; null means the flow's input_timeout_ms.</param>
/// <param name="Terminator">The terminator key, or "" for none.</param>
public sealed record GetDigitsNode(
    NodeInfo Info, string Variable, int MaxDigits, int MinDigits, string Terminator, int? TimeoutMs,
    int InterDigitTimeoutMs, Prompt? Prompt, int MaxRetries) : BoundNode(Info);

internal sealed class GetDigitsNodeType : NodeType
{
    public override string Name => "get_digits";
    public override string Description => "Collects DTMF digits into a variable (account numbers, PINs, amounts).";
    /// <summary>The config fields, declared once: schema, binding, defaults and the editor's form come from here.</summary>
    internal static class Config
    {
        public static readonly ConfigField<string> Variable = Field.Required("variable", new TextField(TextKind.VariableWritten), "The variable that receives the digits.");
        public static readonly ConfigField<int> MaxDigits = Field.Integer("max_digits", "Collection ends as soon as this many digits arrive.", 1, 1, 32);
        public static readonly ConfigField<int> MinDigits = Field.Integer("min_digits", "Fewer digits than this count as no input (re-prompt, then timeout).", 1, 0, 32);
        public static readonly ConfigField<string?> Terminator = Field.Optional("terminator", TerminatorField.Instance, "A key that ends input early (not stored), or null for none.", "#");
        public static readonly ConfigField<int?> TimeoutMs = Field.MillisecondsOrNull("timeout_ms", "Wait for the first digit; defaults to the flow's input_timeout_ms.", 500);
        public static readonly ConfigField<int> InterDigitTimeoutMs = Field.Milliseconds("inter_digit_timeout_ms", "Wait for each further digit.", 3_000);
        public static readonly ConfigField<Prompt?> Prompt = Field.Prompt("prompt", "Played before collecting (interruptible).");
        public static readonly ConfigField<int> MaxRetries = Field.Integer("max_retries", "Re-prompts when fewer than min_digits arrive.", 0, 0, 10);
    }

    public override IReadOnlyList<ConfigField> Fields { get; } = [Config.Variable, Config.MaxDigits, Config.MinDigits, Config.Terminator, Config.TimeoutMs, Config.InterDigitTimeoutMs, Config.Prompt, Config.MaxRetries];
    public override IReadOnlyList<OutputSpec> GetOutputs(BoundNode node) =>
    [
        OutputSpec.RequiredNext,
        new("timeout", false, "continues on next with the variable set to \"\""),
    ];
    public override BoundNode Bind(NodeInfo info, ConfigValues config, BindContext context)
    {
        var max = config.Get(Config.MaxDigits);
        var min = config.Get(Config.MinDigits);
        if (min > max && config.Syntax?["min_digits"] is { } minNode)
        {
            context.Diagnostics.ReportMinAboveMax(minNode, info.Id, "min_digits", min, "max_digits", max);
            context.HasErrors = true;
        }
        return new GetDigitsNode(info, (config.Get(Config.Variable) ?? ""), max, min, (config.Get(Config.Terminator) ?? ""), config.Get(Config.TimeoutMs),
            config.Get(Config.InterDigitTimeoutMs), config.Get(Config.Prompt), config.Get(Config.MaxRetries));
    }
}
