using System.Text.Json.Serialization;
using Callytics.Runtime.Ari.Client;
using Callytics.Runtime.Ari.Events;
using Callytics.TestSupport.AriSimulator;

namespace Callytics.Ari.Tests.Conformance;

/// <summary>The client calls only routes ARI has, sends only parameters ARI defines, reads only fields ARI sends.</summary>
public sealed class AriSpecConformanceTests
{
    private static readonly AriSpec Spec = AriSpec.Load();
    private readonly AriSpecChecker _checker = new(Spec);

    [Fact]
    public void Every_route_method_and_query_parameter_the_client_uses_exists_in_ARI()
    {
        Assert.Empty(_checker.CheckRoutes(AriRoutes.All));
        Assert.True(AriRoutes.All.Count >= 25, "the route table covers channels, bridges, playbacks, recordings, applications, events");
    }

    [Fact]
    public void The_route_table_is_complete_every_public_route_field_is_listed_in_All()
    {
        var declared = typeof(AriRoutes).GetFields().Where(f => f.FieldType == typeof(AriRoute)).Select(f => (AriRoute)f.GetValue(null)!).ToList();
        Assert.Equal(declared.Count, AriRoutes.All.Count);
        Assert.All(declared, r => Assert.Contains(r, AriRoutes.All));
    }

    [Fact]
    public void The_checker_reports_a_route_ARI_lacks_a_wrong_method_and_an_undefined_parameter()
    {
        var problems = _checker.CheckRoutes([
            new AriRoute("POST", "/channels/{channelId}/teleport", []),
            new AriRoute("PUT", "/channels/{channelId}/answer", []),
            new AriRoute("POST", "/channels/{channelId}/play", ["media", "volume"]),
        ]);
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("no such route", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("not the method PUT", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'volume'", StringComparison.Ordinal));
    }

    [Fact]
    public void The_client_refuses_to_send_a_parameter_its_route_does_not_declare()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            AriClient.BuildUrl(AriRoutes.PlayOnChannel, ["c1"], [("media", "sound:x"), ("volume", "11")]));
        Assert.Contains("volume", e.Message, StringComparison.Ordinal);
        Assert.Equal("channels/c%2F1/play?media=sound%3Ax&playbackId=p",
            AriClient.BuildUrl(AriRoutes.PlayOnChannel, ["c/1"], [("media", "sound:x"), ("playbackId", "p")]));
    }

    [Fact]
    public void Every_event_type_and_field_the_client_reads_is_one_ARI_sends()
    {
        Assert.Equal(15, AriEventTypes.All.Count);
        foreach (var (name, type) in AriEventTypes.All)
            Assert.Empty(_checker.CheckReadModel(type, name));
    }

    [Fact]
    public void Every_REST_response_model_the_client_reads_matches_ARI()
    {
        foreach (var type in new[] { typeof(AriChannel), typeof(AriBridge), typeof(AriPlayback), typeof(AriLiveRecording), typeof(AriStoredRecording), typeof(AriVariable) })
            Assert.Empty(_checker.CheckReadModel(type));
    }

    [AriModel("ChannelDtmfReceived")]
    private sealed class MadeUpDtmf
    {
        [JsonPropertyName("digit")] public string Digit { get; set; } = "";
        [JsonPropertyName("pressure")] public int Pressure { get; set; }
    }

    [Fact]
    public void The_checker_reports_a_field_ARI_does_not_send()
    {
        var problems = _checker.CheckReadModel(typeof(MadeUpDtmf), "ChannelDtmfReceived");
        Assert.Single(problems);
        Assert.Contains("'pressure'", problems[0], StringComparison.Ordinal);
    }
}
