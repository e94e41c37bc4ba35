using Callytics.Compiler.Binding.Fields;
using Callytics.Runtime.Contract;

namespace Callytics.Compiler.Binding.Nodes;

/// <summary>Plays a prompt and routes on the key (or two keys) pressed, with retries.</summary>
/// <param name="TimeoutMs">Wait for the first key; null means the flow's input_timeout_ms.</param>
public sealed record MenuNode(
    NodeInfo Info, Prompt Prompt, IReadOnlyList<MenuOption> Options, int? TimeoutMs, int InterDigitTimeoutMs, int MaxRetries,
    Prompt? InvalidPrompt, Prompt? TimeoutPrompt, Prompt? FinalPrompt, bool Interruptible) : BoundNode(Info)
{
    /// <summary>The output for an option.</summary>
    public static string OutputFor(string key) => MenuNodeType.DigitPrefix + key;
}

internal sealed class MenuNodeType : NodeType
{
    public const string DigitPrefix = "digit:";

    public override string Name => "menu";
    public override string Description => "Plays a prompt and routes on the option pressed; invalid input and silence are retried.";
    public override string? DynamicOutputPrefix => DigitPrefix;
    /// <summary>The config fields, declared once: schema, binding, defaults and the editor's form come from here.</summary>
    internal static class Config
    {
        public static readonly ConfigField<Prompt?> Prompt = Field.Prompt("prompt", "The menu prompt.", required: true);
        public static readonly ConfigField<IReadOnlyList<MenuOption>> Options = Field.Required("options", MenuOptionsField.Instance, "The options: keys of one or two of 0-9, * and # (\"21\" for HR, \"22\" for Finance), each with a label.");
        public static readonly ConfigField<int?> TimeoutMs = Field.MillisecondsOrNull("timeout_ms", "Wait for the first key; defaults to the flow's input_timeout_ms.", 500);
        public static readonly ConfigField<int> InterDigitTimeoutMs = Field.Milliseconds("inter_digit_timeout_ms", "Wait for a second key after a key that starts a two-key option.", 2_000);
        public static readonly ConfigField<int> MaxRetries = Field.Integer("max_retries", "Retries after invalid input or silence before giving up.", 3, 0, 10);
        public static readonly ConfigField<Prompt?> InvalidPrompt = Field.Prompt("invalid_prompt", "Played before retrying after an invalid key (when 'invalid' is not connected).");
        public static readonly ConfigField<Prompt?> TimeoutPrompt = Field.Prompt("timeout_prompt", "Played before retrying after silence (when 'timeout' is not connected).");
        public static readonly ConfigField<Prompt?> FinalPrompt = Field.Prompt("final_prompt", "Played before hanging up when retries are used up (when 'max_retries' is not connected).");
        public static readonly ConfigField<bool> Interruptible = Field.Boolean("interruptible", "A key press stops the prompt.", true);
    }

    public override IReadOnlyList<ConfigField> Fields { get; } = [Config.Prompt, Config.Options, Config.TimeoutMs, Config.InterDigitTimeoutMs, Config.MaxRetries, Config.InvalidPrompt, Config.TimeoutPrompt, Config.FinalPrompt, Config.Interruptible];

    public override IReadOnlyList<OutputSpec> GetOutputs(BoundNode node)
    {
        var outputs = ((MenuNode)node).Options.Select(o => new OutputSpec(MenuNode.OutputFor(o.Key), true)).ToList();
        outputs.Add(new("invalid", false, "plays invalid_prompt and retries"));
        outputs.Add(new("timeout", false, "plays timeout_prompt and retries"));
        outputs.Add(new("max_retries", false, "plays final_prompt and hangs up"));
        return outputs;
    }

    public override BoundNode Bind(NodeInfo info, ConfigValues config, BindContext context) =>
        new MenuNode(info, (config.Get(Config.Prompt) ?? Prompt.Sound("")), (config.Get(Config.Options) ?? []), config.Get(Config.TimeoutMs),
            config.Get(Config.InterDigitTimeoutMs), config.Get(Config.MaxRetries), config.Get(Config.InvalidPrompt),
            config.Get(Config.TimeoutPrompt), config.Get(Config.FinalPrompt), config.Get(Config.Interruptible));
}
