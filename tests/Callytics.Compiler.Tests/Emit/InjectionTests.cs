using Callytics.Runtime.Contract;
using Callytics.TestSupport;
using static Callytics.TestSupport.FlowHarness;

namespace Callytics.Compiler.Tests.Emit;

/// <summary>
/// Strings from a flow never become code. Each hostile string goes into every string field a
/// flow has; the flow must compile, and each string must come back unchanged at run time.
/// </summary>
public sealed class InjectionTests
{
    /// <summary>Strings that would break a naive generator.</summary>
    public static TheoryData<string> Hostile() =>
    [
        "\"); System.Environment.Exit(1); //",
        "\\",
        "\\\"",
        "line1\nline2\r\nline3",
        "*/ class X {} /*",
        "#line 1 \"evil.cs\"",
        "\"\"\" raw \"\"\"",
        "{ }",
        "\\u0022 escaped quote",
        "\u202Eevil\u202C right-to-left override",
        "\u2028 line separator \u2029 paragraph",
        "nul \0 inside",
        "tab\tand\u0001control\u007F",
        "emoji 😀 and lone surrogate \uD800",
        "<summary>xml</summary> & ampersand",
        "@\"verbatim\" $\"{interp}\"",
        "''' \\x41 \\\\u0041",
    ];

    private static string Flow(string hostile)
    {
        var h = FlowJson.Q(hostile);
        // Template fields may not contain a literal "{{": the corpus strings above have none.
        return $$"""
        {
          "schemaVersion": 1,
          "id": "inject",
          "name": {{h}},
          "description": {{h}},
          "nodes": [
            { "id": "start", "type": "start", "label": {{h}} },
            { "id": "say", "type": "play_audio", "label": {{h}}, "config": { "prompt": { "tts": {{h}}, "voice": "en-us" } } },
            { "id": "set", "type": "set_variable", "label": {{h}}, "config": { "assign": { "v": {{h}} } } },
            { "id": "route", "type": "branch", "label": {{h}}, "config": { "rules": [ { "name": "same", "when": { "variable": "v", "op": "eq", "value": {{h}} } } ] } },
            { "id": "menu", "type": "menu", "label": {{h}}, "config": { "prompt": { "sound": {{h}} }, "options": { "1": { "label": {{h}} } } } },
            { "id": "hours", "type": "business_hours", "config": { "timezone": "UTC", "schedule": { "monday": [ { "start": "00:00", "end": "24:00" } ] }, "holidays": [ { "date": "2026-12-25", "name": {{h}} } ] } },
            { "id": "api", "type": "http_request", "config": { "url": "https://api.example.com/x", "method": "POST", "headers": { "X-V": {{FlowJson.Q(hostile.Replace("\r", "").Replace("\n", ""))}} }, "body": {{h}} } },
            { "id": "hook", "type": "webhook", "config": { "url": "https://hooks.example.com/x", "payload": { "text": {{h}} } } },
            { "id": "bye", "type": "hangup", "label": {{h}}, "config": { "prompt": { "tts": {{h}} } } },
            { "id": "other", "type": "hangup" }
          ],
          "edges": [
            { "source": "start", "target": "say" },
            { "source": "say", "target": "set" },
            { "source": "set", "target": "route" },
            { "source": "route", "sourceHandle": "rule:same", "target": "menu" },
            { "source": "route", "sourceHandle": "default", "target": "other" },
            { "source": "menu", "sourceHandle": "digit:1", "target": "hours" },
            { "source": "hours", "sourceHandle": "in_hours", "target": "api" },
            { "source": "hours", "sourceHandle": "out_of_hours", "target": "other" },
            { "source": "api", "sourceHandle": "success", "target": "bye" },
            { "source": "api", "sourceHandle": "failure", "target": "other" },
            { "source": "api", "sourceHandle": "success", "target": "hook" }
          ]
        }
        """;
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Hostile_strings_compile_and_come_back_unchanged(string hostile)
    {
        var result = Run(Flow(hostile), "1", at: new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero),
            http: [new(null, "https://api.example.com/x", 200, "{}")]);

        Assert.Equal("bye", result.Call.State.Node); // the branch compared the variable with the same string
        Assert.Equal(hostile, result.Call.State.Variables["v"]);
        Assert.Equal(Prompt.Tts(hostile, "en-us"), Effects<PlayEffect>(result).Single().Prompts.Single());
        Assert.Equal(Prompt.Sound(hostile), Effects<ReadDigitsEffect>(result).Single().Prompts.Single());
        var request = result.HttpRequests.Single();
        Assert.Equal(hostile, request.Body);
        Assert.Equal(hostile.Replace("\r", "").Replace("\n", ""), request.Headers.Single().Value);
        var payload = System.Text.Json.JsonDocument.Parse(result.Webhooks.Single().Body!);
        Assert.Equal(hostile.Replace("\uD800", "\uFFFD"), payload.RootElement.GetProperty("text").GetString());
        Assert.Equal(Prompt.Tts(hostile, null), Assert.IsType<HangupEffect>(result.Trace.Effects[^1]).Goodbye);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Hostile_strings_never_reach_the_generated_code_unescaped(string hostile)
    {
        // The generated code for a hostile string must have exactly the tokens of the code for a
        // harmless one: strings can only change the contents of literals and comments.
        var hostileSource = Build(Flow(hostile)).Source;
        var benignSource = Build(Flow("benign")).Source;
        Assert.Equal(TokenKinds(benignSource), TokenKinds(hostileSource));
        foreach (var forbidden in new[] { '\r', '\u2028', '\u2029', '\u202E', '\0' })
            Assert.DoesNotContain(forbidden, hostileSource);
    }

    private static string[] TokenKinds(string source)
    {
        var tree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source);
        Assert.Empty(tree.GetDiagnostics());
        // true/false may legitimately differ (a body that starts with '{' is JSON); both are literals.
        return tree.GetRoot().DescendantTokens()
            .Select(t => Microsoft.CodeAnalysis.CSharp.CSharpExtensions.Kind(t).ToString().Replace("TrueKeyword", "Boolean").Replace("FalseKeyword", "Boolean"))
            .ToArray();
    }
}
