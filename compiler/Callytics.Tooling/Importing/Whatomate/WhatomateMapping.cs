using Callytics.Compiler.Importing.Mapping;

namespace Callytics.Compiler.Importing.Whatomate;

/// <summary>
/// A Whatomate node mapping. Whatomate's editor keeps its panel state in config keys that start
/// with "_" (<c>_expanded</c>, <c>_vars_expanded</c>: frontend/src/components/calling/IVRNodeProperties.vue);
/// they do nothing in a call and are let go.
/// </summary>
internal abstract class WhatomateMapping : NodeMapping
{
    /// <summary>Outcome of nodes with a single way on (greeting, gather).</summary>
    protected const string Default = WhatomateRouting.Default;

    /// <inheritdoc />
    public sealed override void MapConfig(NodeMappingContext context)
    {
        context.Source.IgnorePrefixed("_");
        Map(context);
    }

    /// <summary>Reads the node's config.</summary>
    protected abstract void Map(NodeMappingContext context);

    /// <summary>
    /// Whatomate's <c>max_retries</c> is the number of attempts (<c>for attempt := 0; attempt &lt;
    /// maxRetries</c>, ivr.go executeMenu / executeGather), default 3; the flow language's counts
    /// the retries after the first attempt.
    /// </summary>
    protected static long Retries(NodeMappingContext context)
    {
        var attempts = context.Source.Integer("max_retries") ?? 3;
        if (attempts < 1)
            context.Source.Adapted(context.Source.Take("max_retries")!, "max_retries",
                "Whatomate does not ask at all with fewer than one attempt and goes straight to max_retries; the import asks once");
        return Math.Max(0, attempts - 1);
    }

    /// <summary><c>timeout_seconds</c> (default 10) in ms.</summary>
    protected static long TimeoutMs(NodeMappingContext context, long defaultSeconds = 10) =>
        ConfigWriting.SecondsToMs(context.Source.Integer("timeout_seconds") is > 0 and var s ? s : defaultSeconds)!.Value;
}
