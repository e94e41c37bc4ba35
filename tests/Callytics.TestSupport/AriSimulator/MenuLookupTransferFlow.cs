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

    /// <summary>The prompts and the agent's extension: the simulator plays any name; a real Asterisk needs sounds it has.</summary>
    public sealed record Media(string Menu = "main-menu", string Thanks = "thanks", string Nobody = "nobody-there", string Failed = "lookup-failed",
        string Goodbye = "goodbye", string Agent = "201", int LookupTimeoutMs = 1000, int RingMs = 5000);

    /// <summary>The flow document, calling the loopback server at <paramref name="baseUrl"/>.</summary>
    public static string Json(string baseUrl, Media? media = null)
    {
        var m = media ?? new Media();
        return new FlowJson(FlowId)
        .Node("start", "start")
        .Node("menu", "menu", $$"""{ "prompt": { "sound": {{FlowJson.Q(m.Menu)}} }, "options": { "1": { "label": "Account" } }, "timeout_ms": 5000 }""")
        .Node("notify", "webhook", $$"""{ "url": {{FlowJson.Q(baseUrl + "/hook")}}, "method": "POST" }""")
        .Node("lookup", "http_request", $$"""{ "url": {{FlowJson.Q(baseUrl + "/lookup?caller={{caller_id}}")}}, "timeout_ms": {{m.LookupTimeoutMs}} }""")
        .Node("agent", "transfer", $$"""{ "destination": { "type": "extension", "value": {{FlowJson.Q(m.Agent)}} }, "timeout_ms": {{m.RingMs}} }""")
        .Node("thanks", "hangup", $$"""{ "prompt": { "sound": {{FlowJson.Q(m.Thanks)}} } }""")
        .Node("nobody", "hangup", $$"""{ "prompt": { "sound": {{FlowJson.Q(m.Nobody)}} } }""")
        .Node("failed", "hangup", $$"""{ "prompt": { "sound": {{FlowJson.Q(m.Failed)}} } }""")
        .Node("goodbye", "hangup", $$"""{ "prompt": { "sound": {{FlowJson.Q(m.Goodbye)}} } }""")
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
}
