using System.Text.Json.Nodes;
using Callytics.Compiler.Binding.Nodes;
using Callytics.Compiler.Emit;
using Callytics.Compiler.Schema;
using Callytics.Runtime.Contract;
using static Callytics.Compiler.Tests.Support.Verify;
using static Callytics.TestSupport.FlowHarness;

namespace Callytics.Compiler.Tests.Rules;

/// <summary>
/// Security issue: redirects are off by default and a node option, <c>follow_redirects</c>, turns them on for
/// http_request and webhook. One declaration: the binder, the schema and the emitter all take it from there.
/// </summary>
public class FollowRedirectsTests
{
    /// <summary>An http_request node "n" with <paramref name="extra"/> in its config, both outputs to a hangup.</summary>
    private static string Request(string extra) => $$"""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "n", "type": "http_request", "config": { "url": "https://api.example.com/x"{{extra}} } },
            { "id": "bye", "type": "hangup" }
          ],
          "edges": [
            { "source": "start", "target": "n" },
            { "source": "n", "sourceHandle": "success", "target": "bye" },
            { "source": "n", "sourceHandle": "failure", "target": "bye" }
          ]
        }
        """;

    private static string Emitted(Checking.CheckedFlow flow) =>
        StateMachineEmitter.Emit(flow.Graph!, new FlowIdentity(flow.Flow!.FlowId, 1, "test")).Source;

    [Fact]
    public void Http_request_binds_follow_redirects_and_passes_it_to_the_runtime()
    {
        var on = Flow(Request(""", "follow_redirects": true"""));
        Assert.True(Assert.Single(on.Flow!.Nodes.OfType<HttpRequestNode>()).FollowRedirects);
        Assert.Contains("s, ctx.UtcNow, followRedirects: true);", Emitted(on), StringComparison.Ordinal);

        var off = Flow(Request(""));
        Assert.False(Assert.Single(off.Flow!.Nodes.OfType<HttpRequestNode>()).FollowRedirects);
        Assert.DoesNotContain("followRedirects", Emitted(off), StringComparison.Ordinal);
    }

    [Fact]
    public void Webhook_binds_follow_redirects_and_passes_it_to_the_runtime()
    {
        var on = Flow(SchemaTests.WithWebhook("""{ "id": "n", "type": "webhook", "config": { "url": "https://hooks.example.com/x", "follow_redirects": true } }"""));
        Assert.True(Assert.Single(on.Flow!.Nodes.OfType<WebhookNode>()).FollowRedirects);
        Assert.Contains("s, ctx.UtcNow, followRedirects: true);", Emitted(on), StringComparison.Ordinal);

        var off = Flow(SchemaTests.WithWebhook("""{ "id": "n", "type": "webhook", "config": { "url": "https://hooks.example.com/x" } }"""));
        Assert.False(Assert.Single(off.Flow!.Nodes.OfType<WebhookNode>()).FollowRedirects);
    }

    [Theory]
    [InlineData(""", "follow_redirects": true""", true)]
    [InlineData(""", "follow_redirects": false""", false)]
    [InlineData("", false)]
    public void The_compiled_machine_asks_the_gateway_to_follow_redirects_only_when_the_node_says_so(string extra, bool expected)
    {
        var sent = Run(Request(extra), http: [new(null, "https://api.example.com/*", 200, "{}")]).HttpRequests.Single();
        Assert.Equal(expected, sent.FollowRedirects);
    }

    [Theory]
    [InlineData("http_request")]
    [InlineData("webhook")]
    public void The_schema_has_follow_redirects_as_a_boolean_defaulting_to_false(string type)
    {
        var schema = JsonNode.Parse(FlowSchemaGenerator.Generate())!;
        var field = schema["definitions"]![$"config_{type}"]!["properties"]!["follow_redirects"]!;
        Assert.Equal("boolean", (string?)field["type"]);
        Assert.False((bool)field["default"]!);
    }

    [Fact]
    public void CFL1001_follow_redirects_that_is_not_a_boolean_points_at_the_value() =>
        Flow(Request(""", "follow_redirects": {|CFL1001:"yes"|}"""));

    [Fact]
    public void CFL1001_webhook_follow_redirects_that_is_not_a_boolean_points_at_the_value() =>
        Flow(SchemaTests.WithWebhook("""{ "id": "n", "type": "webhook", "config": { "url": "https://hooks.example.com/x", "follow_redirects": {|CFL1001:1|} } }"""));
}
