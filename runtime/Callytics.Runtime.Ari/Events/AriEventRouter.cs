using System.Collections.Concurrent;

namespace Callytics.Runtime.Ari.Events;

/// <summary>Receives the events routed to one call.</summary>
public interface ICallEventTarget
{
    /// <summary>An event about something the call registered. Must not block.</summary>
    void Deliver(AriEvent evt);
}

/// <summary>
/// Sends each ARI event to the call that owns the channel, playback, recording or bridge it is
/// about. A call registers every id before the request that creates it, so no event is missed.
/// A StasisStart for a channel nobody registered is a new inbound call.
/// </summary>
public sealed class AriEventRouter : IAriEventSink
{
    private readonly ConcurrentDictionary<string, ICallEventTarget> _targets = new(StringComparer.Ordinal);

    /// <summary>Raised for a StasisStart on a channel no call owns (a new inbound call).</summary>
    public event Action<StasisStartEvent>? NewChannel;

    /// <summary>Raised after the events socket reconnected.</summary>
    public event Action? Reconnected;

    /// <summary>Registers a channel id.</summary>
    public void AddChannel(string id, ICallEventTarget target) => _targets[ChannelKey(id)] = target;
    /// <summary>Registers a playback id.</summary>
    public void AddPlayback(string id, ICallEventTarget target) => _targets[PlaybackKey(id)] = target;
    /// <summary>Registers a recording name.</summary>
    public void AddRecording(string name, ICallEventTarget target) => _targets[RecordingKey(name)] = target;
    /// <summary>Registers a bridge id.</summary>
    public void AddBridge(string id, ICallEventTarget target) => _targets[BridgeKey(id)] = target;

    /// <summary>Forgets a channel id.</summary>
    public void RemoveChannel(string id) => _targets.TryRemove(ChannelKey(id), out _);
    /// <summary>Forgets a playback id.</summary>
    public void RemovePlayback(string id) => _targets.TryRemove(PlaybackKey(id), out _);
    /// <summary>Forgets a recording name.</summary>
    public void RemoveRecording(string name) => _targets.TryRemove(RecordingKey(name), out _);
    /// <summary>Forgets a bridge id.</summary>
    public void RemoveBridge(string id) => _targets.TryRemove(BridgeKey(id), out _);

    /// <summary>True when a call or a dialed leg owns channel <paramref name="id"/>.</summary>
    public bool HasChannel(string id) => _targets.ContainsKey(ChannelKey(id));

    /// <summary>How many ids are registered (a leak check for the router itself).</summary>
    public int Count => _targets.Count;

    /// <inheritdoc />
    public void OnEvent(AriEvent evt)
    {
        var key = evt switch
        {
            AriChannelEvent c => ChannelKey(c.Channel.Id),
            DialEvent d => ChannelKey(d.Peer.Id),
            AriPlaybackEvent p => PlaybackKey(p.Playback.Id),
            AriRecordingEvent r => RecordingKey(r.Recording.Name),
            BridgeDestroyedEvent b => BridgeKey(b.Bridge.Id),
            _ => null,
        };
        ICallEventTarget? target = null;
        if (key is not null && _targets.TryGetValue(key, out target))
            target.Deliver(evt);
        else if (evt is StasisStartEvent start)
            NewChannel?.Invoke(start);

        // A bridge's owner also hears who enters and leaves it: a queue call bridged with an
        // operator's channel (owned by the operator's call) learns this way that the operator left.
        var bridgeId = evt switch
        {
            ChannelEnteredBridgeEvent e => e.Bridge.Id,
            ChannelLeftBridgeEvent l => l.Bridge.Id,
            _ => null,
        };
        if (bridgeId is not null && _targets.TryGetValue(BridgeKey(bridgeId), out var owner) && !ReferenceEquals(owner, target))
            owner.Deliver(evt);
    }

    /// <inheritdoc />
    public void OnReconnected() => Reconnected?.Invoke();

    private static string ChannelKey(string id) => "c:" + id;
    private static string PlaybackKey(string id) => "p:" + id;
    private static string RecordingKey(string name) => "r:" + name;
    private static string BridgeKey(string id) => "b:" + id;
}
