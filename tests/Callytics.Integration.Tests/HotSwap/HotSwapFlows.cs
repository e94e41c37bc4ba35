using Callytics.Publishing;
using Callytics.Runtime.Storage.Flows;

namespace Callytics.Integration.Tests.HotSwap;

/// <summary>A one-prompt flow whose greeting tells which version a call ran on, published through <see cref="FlowPublisher"/>.</summary>
internal static class HotSwapFlows
{
    public const string FlowId = "hot-line";

    public static string Document(string greeting) => $$"""
        {
          "schemaVersion": 1, "id": "{{FlowId}}", "name": "Hot line",
          "nodes": [
            { "id": "start", "type": "start" },
            { "id": "greet", "type": "play_audio", "config": { "prompt": { "audio": "{{greeting}}" } } },
            { "id": "bye", "type": "hangup" }
          ],
          "edges": [ { "source": "start", "target": "greet" }, { "source": "greet", "target": "bye" } ]
        }
        """;

    /// <summary>Saves the draft and publishes it; returns the version number.</summary>
    public static async Task<int> PublishAsync(IFlowStore store, string greeting)
    {
        var publisher = new FlowPublisher(store);
        await publisher.SaveDraftAsync(FlowId, Document(greeting), "test");
        var result = await publisher.PublishDraftAsync(FlowId, "test", greeting);
        Assert.True(result.Status == PublishStatus.Published, result.Message + string.Join('\n', result.Diagnostics));
        return result.Version!.Version;
    }
}
