using System.Text.Json;
using Callytics.TestSupport;
using static Callytics.Compiler.Tests.Support.Verify;
using static Callytics.TestSupport.FlowHarness;

namespace Callytics.Compiler.Tests.Hostile;

/// <summary>
/// Issue #14: every position where a template can stand (payload keys and values, headers, URLs,
/// bodies) is validated when the flow is bound, with a located finding, and a caller's text inserted
/// there at run time is escaped by the rules of that position.
/// </summary>
public sealed class TemplatePositionTests
{
    private static string Hook(string config) => $$"""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "bye", "type": "hangup" },
            { "id": "n", "type": "webhook", "config": {{config}} }
          ],
          "edges": [{ "source": "start", "target": "bye" }, { "source": "bye", "target": "n" }]
        }
        """;

    [Fact]
    public void An_unclosed_placeholder_in_a_payload_key_is_CFL1020_at_the_key() =>
        Flow(Hook("""{ "url": "https://h.example.com/x", "payload": { {|CFL1020:"{{"|}: "a}}b" } }"""));

    [Fact]
    public void A_payload_key_that_names_no_variable_is_CFL1020_at_the_key() =>
        Flow(Hook("""{ "url": "https://h.example.com/x", "payload": { "ok": { {|CFL1020:"{{ Not-A-Name }}"|}: 1 } } }"""));

    [Fact]
    public void Payload_keys_are_templates_and_placeholders_may_hold_blanks()
    {
        // A tab inside the braces is allowed by the template rule; JSON-escaping the source text would
        // have turned it into "\t" and made the placeholder unreadable.
        var flow = Hook("""{ "url": "https://h.example.com/x", "payload": { "from_{{caller_id}}": "{{\t call_id }}", "n": [1, true, null] } }""");
        Clean(flow);
        var result = Run(flow, callerId: "\"},\"admin\":true,\"x\":{\"");
        var body = JsonDocument.Parse(result.Webhooks.Single().Body!).RootElement;
        var property = body.EnumerateObject().First();
        Assert.Equal("from_\"},\"admin\":true,\"x\":{\"", property.Name);
        Assert.Equal(result.Call.State.Get("call_id"), property.Value.GetString());
        Assert.Equal(2, body.EnumerateObject().Count());
    }
}
