namespace Callytics.TestSupport.AriSimulator;

/// <summary>
/// The ARI load benchmark's flow as flow JSON, for the compiler: the same walk as the hand-written
/// MenuLookupTransferMachine (menu; 1: webhook, look the caller up over HTTP, transfer to
/// extension 201, "thanks" when the agent's side ends; anything else: "goodbye").
/// </summary>
public static class MenuLookupTransferFlow
{
    /// <summary>The flow id the host's route points at.</summary>
    public const string FlowId = "menu-demo";

    /// <summary>The flow document, calling the loopback server at <paramref name="baseUrl"/>.</summary>
    public static string Json(string baseUrl) => new FlowJson(FlowId)
        .Node("start", "start")
        .Node("menu", "menu", """{ "prompt": { "sound": "main-menu" }, "options": { "1": { "label": "Account" } }, "timeout_ms": 5000 }""")
        .Node("notify", "webhook", $$"""{ "url": {{FlowJson.Q(baseUrl + "/hook")}}, "method": "POST" }""")
        .Node("lookup", "http_request", $$"""{ "url": {{FlowJson.Q(baseUrl + "/lookup?caller={{caller_id}}")}}, "timeout_ms": 1000 }""")
        .Node("agent", "transfer", """{ "destination": { "type": "extension", "value": "201" }, "timeout_ms": 5000 }""")
        .Node("thanks", "hangup", """{ "prompt": { "sound": "thanks" } }""")
        .Node("nobody", "hangup", """{ "prompt": { "sound": "nobody-there" } }""")
        .Node("failed", "hangup", """{ "prompt": { "sound": "lookup-failed" } }""")
        .Node("goodbye", "hangup", """{ "prompt": { "sound": "goodbye" } }""")
        .Edge("start", "menu")
        .Edge("menu", "notify", "digit:1")
        .Edge("notify", "lookup")
        .Edge("menu", "goodbye", "invalid")
        .Edge("menu", "goodbye", "timeout")
        .Edge("lookup", "agent", "success")
        .Edge("lookup", "failed", "failure")
        .Edge("agent", "thanks", "completed")
        .Edge("agent", "nobody", "no_answer")
        .ToString();
}
