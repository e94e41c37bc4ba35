using System.Text.Json.Nodes;
using Callytics.Compiler.Packaging;
using JsonLoader = Callytics.Compiler.Syntax.JsonLoader;
using Callytics.Publishing;
using Callytics.TestSupport;
using Callytics.TestSupport.Flows;

namespace Callytics.Integration.Tests.Publishing;

/// <summary>
/// Saving a draft in the host reads it by streaming (no tree of the whole flow, issue 13's publishing
/// benchmark): the streamed checks must judge every document as the compiler's parser does, and the
/// layout must be the one a tree of the document gives.
/// </summary>
public sealed class FlowDocumentStreamingTests
{
    public static TheoryData<string, string> Documents()
    {
        var deep = (int n) => string.Concat(Enumerable.Repeat("{\"a\":", n)) + "1" + new string('}', n);
        var data = new TheoryData<string, string>
        {
            { "empty object", "{}" },
            { "duplicate at the top", """{"id":"a","id":"b"}""" },
            { "duplicate deep down", """{"nodes":[{"id":"x","config":{"k":1,"k":2}}]}""" },
            { "same key in sibling objects", """{"nodes":[{"id":"x"},{"id":"y"}],"layout":{"x":{"x":1},"y":{"x":2}}}""" },
            { "escaped duplicate", """{"id":1,"\u0069d":2}""" },
            { "escaped lone surrogate", """{"a":"\ud800"}""" },
            { "escaped surrogate pair", """{"a":"\ud83d\ude00"}""" },
            { "literal backslash u", """{"a":"\\ud800"}""" },
            { "not an object", "[1,2]" },
            { "a string", "\"x\"" },
            { "nothing", "" },
            { "trailing garbage", "{} x" },
            { "trailing comma", """{"a":1,}""" },
            { "comment", """{"a":1 /* no */}""" },
            { "unclosed", """{"a":[1,2""" },
            { "bad number", """{"a":01}""" },
            { "control character", "{\"a\":\"\u0001\"}" },
            { "layout not an object", """{"layout":[1]}""" },
            { "two layouts", """{"layout":{"a":1},"layout":{"b":2}}""" },
            { "escaped layout key", """{"l\u0061yout":{"a":"<&>é"}}""" },
        };
        for (var n = 60; n <= 67; n++) data.Add($"nesting {n}", deep(n));
        foreach (var file in Directory.GetFiles(RepoPaths.Examples, "*.flow.json")) data.Add(Path.GetFileName(file), File.ReadAllText(file));
        data.Add("generated 2,000 nodes", LargeFlowGenerator.Generate(2000));
        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void A_document_is_refused_exactly_when_the_compilers_parser_cannot_read_it_as_one_object(string name, string json)
    {
        var loaded = JsonLoader.Parse("draft", json);
        var unreadable = loaded.Diagnostics.Diagnostics.Where(d => d.IsError && d.Id is "CFL0001" or "CFL0003" or "CFL0004").Select(d => d.ToString()).ToList();
        var refused = unreadable.Count > 0 || loaded.Root is not Callytics.Compiler.Syntax.JsonObject;

        var error = Record.Exception(() => FlowDocuments.RequireObject("draft", json));

        Assert.True(refused == error is InvalidFlowDocumentException, $"{name}: parser refuses: {refused}, RequireObject threw: {error?.GetType().Name ?? "nothing"}");
        if (error is InvalidFlowDocumentException e) Assert.Equal(unreadable, e.Diagnostics.Select(d => d.ToString()));
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void The_streamed_layout_is_the_one_a_tree_of_the_document_gives(string name, string json)
    {
        string? expected;
        try
        {
            expected = JsonNode.Parse(json) is JsonObject root && root["layout"] is JsonObject layout ? layout.ToJsonString() : null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or ArgumentException)
        {
            // A tree cannot be made of it (invalid, or a key twice); saving refuses these before reading a layout.
            return;
        }
        Assert.True(expected == FlowLayout.Extract(json), $"{name}: expected {expected ?? "null"}, streamed {FlowLayout.Extract(json) ?? "null"}");
    }
}
