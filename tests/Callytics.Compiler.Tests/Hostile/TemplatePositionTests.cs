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
    /// <summary>A flow whose webhook "n" (with <paramref name="config"/>) fires when its hangup finishes.</summary>
    private static string Hook(string config) => Rules.SchemaTests.WithWebhook($$"""{ "id": "n", "type": "webhook", "config": {{config}} }""");

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

    private static string Request(string config) => $$"""
        {
          "schemaVersion": 1,
          "id": "t",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "api", "type": "http_request", "config": {{config}} },
            { "id": "bye", "type": "hangup" }
          ],
          "edges": [{ "source": "start", "target": "api" }, { "source": "api", "sourceHandle": "success", "target": "bye" }, { "source": "api", "sourceHandle": "failure", "target": "bye" }]
        }
        """;

    private static Runtime.Contract.HttpRequestEffect Sent(string config, string callerId) =>
        Run(Request(config), callerId: callerId, http: [new(null, "https://api.example.com/*", 200, "{}")]).HttpRequests.Single();

    private const string OrdersUrl = """{ "url": "https://api.example.com/customers/{{caller_id}}/orders?from={{caller_id}}" }""";

    [Theory]
    [InlineData("../../admin", "https://api.example.com/customers/..%2F..%2Fadmin/orders?from=..%2F..%2Fadmin")]
    [InlineData("1?admin=1#x", "https://api.example.com/customers/1%3Fadmin%3D1%23x/orders?from=1%3Fadmin%3D1%23x")]
    [InlineData("a&b=c+d e", "https://api.example.com/customers/a%26b%3Dc%2Bd%20e/orders?from=a%26b%3Dc%2Bd%20e")]
    [InlineData("v1.2", "https://api.example.com/customers/v1.2/orders?from=v1.2")]
    public void A_value_in_the_path_stays_in_its_segment_and_a_value_in_the_query_one_value(string callerId, string expected)
    {
        var request = Sent(OrdersUrl, callerId);

        Assert.Equal(expected, request.Url);
        // What HttpClient sends: System.Uri keeps the segments (it would fold a literal or %2E-encoded dot segment).
        Assert.Equal(expected[23..expected.IndexOf('?')], new Uri(request.Url).AbsolutePath);
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("%2E%2E")]
    public void A_value_that_would_make_a_dot_segment_refuses_the_request_and_the_node_fails(string callerId)
    {
        // Issue #14: a caller id of ".." turned /customers/{{caller_id}}/orders into /orders.
        var result = Run(Request(OrdersUrl), callerId: callerId, http: [new(null, "https://api.example.com/*", 200, "{}")]);

        if (callerId == "%2E%2E")
        {
            // Escaped once more, it is a harmless segment "%252E%252E".
            Assert.Equal("https://api.example.com/customers/%252E%252E/orders?from=%252E%252E", result.HttpRequests.Single().Url);
            return;
        }
        Assert.Empty(result.HttpRequests);
        Assert.Contains("api:failure", Transitions(result));
    }

    [Fact]
    public void A_body_without_a_content_type_that_is_not_JSON_is_a_form_and_values_are_form_encoded()
    {
        // Issue #14: "caller={{caller_id}}" became "caller=1&admin=true".
        var request = Sent("""{ "url": "https://api.example.com/x", "method": "POST", "body": "caller={{caller_id}}&n=1" }""", "1&admin=true");

        Assert.Equal("caller=1%26admin%3Dtrue&n=1", request.Body);
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded; charset=utf-8", "a={{caller_id}}", "a=%22%7D%26x%3D1")]
    [InlineData("application/json", "{\"a\": \"{{caller_id}}\"}", "{\"a\": \"\\\"}&x=1\"}")]
    [InlineData("application/vnd.api+json", "[\"{{caller_id}}\"]", "[\"\\\"}&x=1\"]")]
    [InlineData("text/plain", "caller {{caller_id}}", "caller \"}&x=1")]
    public void The_content_type_header_chooses_the_escaping(string contentType, string body, string expected)
    {
        var config = $$"""{ "url": "https://api.example.com/x", "method": "POST", "headers": { "Content-Type": {{FlowJson.Q(contentType)}} }, "body": {{FlowJson.Q(body)}} }""";

        Assert.Equal(expected, Sent(config, "\"}&x=1").Body);
    }
}
