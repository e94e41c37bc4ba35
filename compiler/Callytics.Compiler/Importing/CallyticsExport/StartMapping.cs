using Callytics.Compiler.Importing.Mapping;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.CallyticsExport;

/// <summary>Callytics <c>start</c> → <c>start</c>.</summary>
internal sealed class StartMapping : NodeMapping
{
    public override string SourceType => "start";
    public override string TargetType => "start";
    protected override IReadOnlyDictionary<string, string> Outputs => NextOnly;

    public override void MapConfig(ConfigReader source, Out.JsonObject target) =>
        target.Put("input_timeout_ms", source.Integer("input_timeout_ms"));
}
