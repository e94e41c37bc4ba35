using System.Text.Json;
using System.Text.RegularExpressions;
using Callytics.Compiler.Binding;
using Callytics.Compiler.Emit.Nodes;
using Callytics.TestSupport;

namespace Callytics.Compiler.Tests.Architecture;

/// <summary>
/// A node type is declared once per layer; this fails when the layers disagree instead of relying
/// on a reviewer: the compiler's declaration (NodeRegistry: fields, outputs and their flags,
/// terminal, waits), the checked-in schema the editor is built from, the emitters, the editor's
/// hand-written table (labels, widgets) and the language's catalogue (flow-language.md §2).
/// </summary>
public partial class NodeTypeLayersTests
{
    /// <summary>
    /// Specified in flow-language.md §2 but not built yet. Listed here so the gap is visible and the
    /// test fails the day another type is specified without being built (or this one is built).
    /// </summary>
    private static readonly string[] SpecifiedNotBuilt = [];

    private static readonly JsonElement Definitions = JsonDocument.Parse(File.ReadAllText(RepoPaths.Schema)).RootElement.GetProperty("definitions");

    public static TheoryData<string> Types() => [.. NodeRegistry.Names];

    [Theory]
    [MemberData(nameof(Types))]
    public void The_schema_declares_the_node_as_the_compiler_does(string name)
    {
        var type = NodeRegistry.Find(name)!;
        var node = Definitions.GetProperty("node_" + name);
        Assert.Equal(type.IsTerminal, node.GetProperty("x-terminal").GetBoolean());
        Assert.Equal(type.Waits, node.GetProperty("x-waits").GetBoolean());
        var schemaOutputs = node.GetProperty("x-outputs").EnumerateArray()
            .Select(o => (o.GetProperty("name").GetString()!, o.GetProperty("required").GetBoolean(), o.TryGetProperty("webhooksOnly", out var w) && w.GetBoolean()))
            .ToList();
        foreach (var output in StaticOutputs(type))
            Assert.Contains((output.Name, output.Required, output.WebhooksOnly), schemaOutputs);

        var config = Definitions.GetProperty("config_" + name);
        var properties = config.GetProperty("properties").EnumerateObject().ToList();
        Assert.Equal(type.Fields.Select(f => f.Name), properties.Select(p => p.Name));
        var required = config.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(e => e.GetString()!).ToList() : [];
        Assert.Equal(type.Fields.Where(f => f.Required).Select(f => f.Name), required);
        foreach (var (field, property) in type.Fields.Zip(properties))
            Assert.Equal(DefaultText(field.Default), property.Value.TryGetProperty("default", out var d) ? d.GetRawText() : null);
    }

    [Fact]
    public void Schema_emitters_editor_and_catalogue_have_the_same_node_types()
    {
        var compiler = NodeRegistry.Names.Order(StringComparer.Ordinal).ToList();
        var schema = Definitions.EnumerateObject().Select(p => p.Name).Where(n => n.StartsWith("node_", StringComparison.Ordinal)).Select(n => n[5..]);
        Assert.Equal(compiler, schema.Order(StringComparer.Ordinal));
        Assert.Equal(compiler, NodeEmitters.All.Select(e => e.NodeType).Order(StringComparer.Ordinal));
        Assert.Equal(compiler, EditorHandTypes().Order(StringComparer.Ordinal));
        Assert.Equal(compiler, CatalogueRows().Keys.Except(SpecifiedNotBuilt).Order(StringComparer.Ordinal));
        Assert.All(SpecifiedNotBuilt, t => Assert.DoesNotContain(t, compiler));
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void The_catalogue_names_every_declared_field_and_output(string name)
    {
        var type = NodeRegistry.Find(name)!;
        var (config, outputs) = CatalogueRows()[name];
        var documented = Backticked().Matches(config).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        Assert.All(type.Fields.Where(f => !Undocumented.Contains($"{name}.{f.Name}")), f => Assert.Contains(f.Name, documented));
        var documentedOutputs = Backticked().Matches(outputs).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        foreach (var output in StaticOutputs(type))
            Assert.Contains(output.Name.Replace("{key}", "<key>").Replace("{name}", "<name>"), documentedOutputs);
        if (type.IsTerminal) Assert.StartsWith("terminal", outputs.Trim());
    }

    /// <summary>
    /// Fields the compiler has that the catalogue does not list yet (the shared design file is changed
    /// by its owners; docs/flow-language-notes.md and docs/security.md record these meanwhile).
    /// </summary>
    private static readonly HashSet<string> Undocumented = new(StringComparer.Ordinal) { "http_request.follow_redirects", "webhook.follow_redirects" };

    private static IEnumerable<OutputSpec> StaticOutputs(NodeType type) => Callytics.Compiler.Schema.FlowSchemaGenerator.StaticOutputs(type);

    private static string? DefaultText(object? value) => value switch
    {
        int i => i.ToString(System.Globalization.CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        string s => JsonSerializer.Serialize(s),
        _ => null,
    };

    /// <summary>The types of the editor's hand-written table (labels, categories, widgets) in editor-web/src/model/nodeRegistry.ts.</summary>
    private static IEnumerable<string> EditorHandTypes()
    {
        var source = File.ReadAllText(RepoPaths.Combine("editor-web", "src", "model", "nodeRegistry.ts"));
        var hand = source[source.IndexOf("const HAND", StringComparison.Ordinal)..source.IndexOf("export const NODE_TYPES", StringComparison.Ordinal)];
        return HandType().Matches(hand).Select(m => m.Groups[1].Value);
    }

    /// <summary>The rows of flow-language.md §2: type → (config cell, outputs cell).</summary>
    private static Dictionary<string, (string Config, string Outputs)> CatalogueRows()
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Shared, "design", "flow-language.md"));
        var section = text[text.IndexOf("## 2.", StringComparison.Ordinal)..text.IndexOf("## 3.", StringComparison.Ordinal)];
        var rows = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var line in section.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            var cells = CellBreak().Split(line.Trim().Trim('|'));
            rows.Add(cells[0].Trim().Trim('`'), (cells[1], cells[2]));
        }
        return rows;
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex CellBreak();

    [GeneratedRegex(@"^\s{4}type: '([a-z_]+)',", RegexOptions.Multiline)]
    private static partial Regex HandType();
}
