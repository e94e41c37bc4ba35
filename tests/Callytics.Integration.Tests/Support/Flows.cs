using System.Text.Json.Nodes;
using Callytics.TestSupport;

namespace Callytics.Integration.Tests.Support;

/// <summary>Example flow documents and small edits of them.</summary>
public static class Flows
{
    public const string CallbackOffer = "callback-offer";

    public static string Example(string id) => File.ReadAllText(RepoPaths.Combine("examples", id + ".flow.json"));

    /// <summary>The example with <paramref name="edit"/> applied.</summary>
    public static string Edited(string id, Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(Example(id))!.AsObject();
        edit(root);
        return root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    public static JsonObject Node(JsonObject root, string nodeId) =>
        root["nodes"]!.AsArray().OfType<JsonObject>().Single(n => (string?)n["id"] == nodeId);

    /// <summary>callback-offer with another max_retries (a semantic change).</summary>
    public static string WithRetries(int retries) => Edited(CallbackOffer, root => Node(root, "offer")["config"]!["max_retries"] = retries);

    /// <summary>callback-offer with the start node moved (a layout-only change).</summary>
    public static string Moved() => Edited(CallbackOffer, root => root["layout"]!["start"] = new JsonObject { ["x"] = 7, ["y"] = 7 });

    /// <summary>callback-offer with an edge to a node that does not exist (an error).</summary>
    public static string Broken() => Edited(CallbackOffer, root => root["edges"]!.AsArray().Add(new JsonObject { ["source"] = "silence", ["target"] = "nowhere" }));
}
