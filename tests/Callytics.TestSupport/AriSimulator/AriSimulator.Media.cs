using System.Text.Json.Nodes;

namespace Callytics.TestSupport.AriSimulator;

public sealed partial class AriSimulator
{
    // ------------------------------------------------------------------ bridges

    private (int, JsonNode?) CreateBridge(Query q)
    {
        var id = q["bridgeId"] is { Length: > 0 } given ? given : NewId("bridge");
        if (_bridges.ContainsKey(id))
            return (409, SimJson.Error("Bridge with given id already exists"));
        var bridge = new SimBridge(id, q["type"] ?? "mixing", q["name"] ?? "");
        _bridges[id] = bridge;
        if (_subscriptions.Contains("bridge:"))
            Emit("BridgeCreated", id, e => e["bridge"] = SimJson.Bridge(bridge), "bridge:" + id);
        return (200, SimJson.Bridge(bridge));
    }

    private (int, JsonNode?) AddChannels(SimBridge bridge, Query q)
    {
        if (q["channel"] is not { Length: > 0 } list)
            return (400, SimJson.Error("channel: Missing required parameter"));
        var channels = new List<SimChannel>();
        foreach (var id in list.Split(','))
        {
            if (!_channels.TryGetValue(id, out var c))
                return (400, SimJson.Error("Channel not found"));
            if (!c.InStasis)
                return (422, SimJson.Error("Channel not in Stasis application"));
            channels.Add(c);
        }
        foreach (var c in channels)
        {
            if (c.BridgeId == bridge.Id)
                continue;
            if (c.BridgeId is { } old && _bridges.TryGetValue(old, out var oldBridge))
                LeaveBridge(oldBridge, c);
            c.BridgeId = bridge.Id;
            bridge.Channels.Add(c.Id);
            Emit("ChannelEnteredBridge", c.Id, e =>
            {
                e["bridge"] = SimJson.Bridge(bridge);
                e["channel"] = SimJson.Channel(c);
            }, "bridge:" + bridge.Id);
            Trigger(c, CallerTrigger.Bridged);
        }
        return NoContent;
    }

    private (int, JsonNode?) RemoveChannel(SimBridge bridge, Query q)
    {
        if (q["channel"] is not { Length: > 0 } id || !_channels.TryGetValue(id, out var c))
            return (400, SimJson.Error("Channel not found"));
        if (c.BridgeId != bridge.Id)
            return (422, SimJson.Error("Channel not in this bridge"));
        LeaveBridge(bridge, c);
        return NoContent;
    }

    private void LeaveBridge(SimBridge bridge, SimChannel c)
    {
        bridge.Channels.Remove(c.Id);
        c.BridgeId = null;
        Emit("ChannelLeftBridge", c.Id, e =>
        {
            e["bridge"] = SimJson.Bridge(bridge);
            e["channel"] = SimJson.Channel(c);
        }, "bridge:" + bridge.Id);
    }

    private void DestroyBridgeLocked(SimBridge bridge)
    {
        var target = "bridge:" + bridge.Id;
        foreach (var p in _playbacks.Values.Where(p => p.TargetUri == target).ToList())
            FinishPlayback(p);
        foreach (var r in _recordings.Values.Where(r => r.TargetUri == target).ToList())
            FinishRecording(r);
        foreach (var id in bridge.Channels.ToList())
        {
            var c = _channels[id];
            LeaveBridge(bridge, c);
            c.DepartingUntil = _options.Time.GetUtcNow() + _options.BridgeDepartureWindow;
        }
        _bridges.Remove(bridge.Id);
        if (_subscriptions.Contains("bridge:") || _subscriptions.Contains("bridge:" + bridge.Id))
            Emit("BridgeDestroyed", bridge.Id, e => e["bridge"] = SimJson.Bridge(bridge), "bridge:" + bridge.Id);
    }

    // ------------------------------------------------------------------ playbacks

    private (int, JsonNode?) Play(string targetUri, Query q)
    {
        if (q["media"] is not { Length: > 0 } media)
            return (400, SimJson.Error("media: Missing required parameter"));
        var id = q["playbackId"] is { Length: > 0 } given ? given : NewId("playback");
        if (_playbacks.ContainsKey(id))
            return (409, SimJson.Error("Playback with given id already exists"));
        // A playlist is one comma-separated parameter (a repeated media= plays only the last).
        var playback = new SimPlayback(id, targetUri, media.Split(','));
        var body = SimJson.Playback(playback);
        if (targetUri.StartsWith("channel:", StringComparison.Ordinal) && _channels.TryGetValue(targetUri[8..], out var leaving)
            && leaving.DepartingUntil > _options.Time.GetUtcNow())
        {
            // What Asterisk does with a play on a channel still leaving a destroyed bridge: accepted, never played.
            PlaybacksDropped++;
            return (201, body);
        }
        _playbacks[id] = playback;
        Schedule(TimeSpan.Zero, () => StartMedia(playback, 0));
        return (201, body);
    }

    private void StartMedia(SimPlayback p, int index)
    {
        if (!_playbacks.ContainsKey(p.Id))
            return;
        p.Index = index;
        p.State = "playing";
        var generation = ++p.Generation;
        Emit("PlaybackStarted", p.Id, e => e["playback"] = SimJson.Playback(p), p.TargetUri);
        if (p.TargetUri.StartsWith("channel:", StringComparison.Ordinal) && _channels.TryGetValue(p.TargetUri[8..], out var c) && c.Call is { } call)
        {
            call.Played.Add(p.Media[index]);
            Trigger(c, CallerTrigger.PlaybackStarted);
        }
        Schedule(_options.MediaDuration, () =>
        {
            if (!_playbacks.ContainsKey(p.Id) || p.Generation != generation)
                return;
            if (index + 1 < p.Media.Count)
            {
                p.State = "continuing";
                Emit("PlaybackContinuing", p.Id, e => e["playback"] = SimJson.Playback(p), p.TargetUri);
                StartMedia(p, index + 1);
            }
            else
                FinishPlayback(p);
        });
    }

    private void FinishPlayback(SimPlayback p)
    {
        _playbacks.Remove(p.Id);
        p.State = "done";
        Emit("PlaybackFinished", p.Id, e => e["playback"] = SimJson.Playback(p), p.TargetUri);
    }

    private (int, JsonNode?) StopPlayback(string id)
    {
        if (!_playbacks.TryGetValue(id, out var p))
            return NotFound("Playback");
        FinishPlayback(p);
        return NoContent;
    }

    // ------------------------------------------------------------------ recordings

    private (int, JsonNode?) RecordChannel(SimChannel c, Query q)
    {
        var check = CheckRecording(q);
        if (check is not null)
            return check.Value;
        var recording = new SimRecording(q["name"]!, q["format"]!, "channel:" + c.Id, q["terminateOn"] ?? "none");
        _recordings[recording.Name] = recording;
        var body = SimJson.Recording(recording);
        if (c.BridgeId is not null)
        {
            // What Asterisk does: accepted, then failed.
            Schedule(TimeSpan.Zero, () =>
            {
                _recordings.Remove(recording.Name);
                recording.State = "failed";
                Emit("RecordingFailed", recording.Name, e => e["recording"] = SimJson.Recording(recording, cause: "Cannot record channel while in bridge"), recording.TargetUri);
            });
            return (201, body);
        }
        StartRecording(recording, q.Int("maxDurationSeconds", 0), c);
        return (201, body);
    }

    private (int, JsonNode?) RecordBridge(SimBridge b, Query q)
    {
        var check = CheckRecording(q);
        if (check is not null)
            return check.Value;
        var recording = new SimRecording(q["name"]!, q["format"]!, "bridge:" + b.Id, q["terminateOn"] ?? "none");
        _recordings[recording.Name] = recording;
        var body = SimJson.Recording(recording);
        StartRecording(recording, q.Int("maxDurationSeconds", 0), null);
        return (201, body);
    }

    private (int, JsonNode?)? CheckRecording(Query q)
    {
        if (q["name"] is not { Length: > 0 } name || q["format"] is not { Length: > 0 })
            return (400, SimJson.Error("name and format are required"));
        if (q["format"] is not ("wav" or "ulaw" or "gsm" or "sln"))
            return (422, SimJson.Error("Unknown format"));
        if (_recordings.ContainsKey(name) || (_stored.ContainsKey(name) && q["ifExists"] is null or "fail"))
            return (409, SimJson.Error("Recording with the same name already exists"));
        return null;
    }

    private void StartRecording(SimRecording r, int maxDurationSeconds, SimChannel? channel)
    {
        Schedule(TimeSpan.Zero, () =>
        {
            if (!_recordings.ContainsKey(r.Name))
                return;
            r.State = "recording";
            r.Started = _options.Time.GetUtcNow();
            Emit("RecordingStarted", r.Name, e => e["recording"] = SimJson.Recording(r), r.TargetUri);
            if (channel is not null)
                Trigger(channel, CallerTrigger.RecordingStarted);
            if (maxDurationSeconds > 0)
                Schedule(Seconds(maxDurationSeconds), () =>
                {
                    if (_recordings.TryGetValue(r.Name, out var still) && ReferenceEquals(still, r))
                        FinishRecording(r);
                });
        });
    }

    private void FinishRecording(SimRecording r)
    {
        _recordings.Remove(r.Name);
        r.State = "done";
        // As Asterisk: whole seconds of audio received while recording (a silent leg gives 0), not wall time.
        var duration = r.Started == default ? 0 : (int)Math.Floor(AudioHeard(r, _options.Time.GetUtcNow()) / _options.SimulatedSecond);
        _stored[r.Name] = r.Format;
        _storedSeconds[r.Name] = duration;
        Emit("RecordingFinished", r.Name, e => e["recording"] = SimJson.Recording(r, duration), r.TargetUri);
    }

    /// <summary>How much audio the recording's target received between its start and <paramref name="end"/>.</summary>
    private TimeSpan AudioHeard(SimRecording r, DateTimeOffset end)
    {
        IEnumerable<SimChannel> sources = r.TargetUri.StartsWith("bridge:", StringComparison.Ordinal) && _bridges.TryGetValue(r.TargetUri[7..], out var bridge)
            ? bridge.Channels.Select(id => _channels[id])
            : _channels.TryGetValue(r.TargetUri[8..], out var channel) ? [channel] : [];
        var heard = TimeSpan.Zero;
        foreach (var (from, to) in sources.SelectMany(c => c.Audio))
        {
            var overlap = (to < end ? to : end) - (from > r.Started ? from : r.Started);
            if (overlap > TimeSpan.Zero) heard += overlap;
        }
        var elapsed = end - r.Started;
        return heard < elapsed ? heard : elapsed;
    }

    private (int, JsonNode?) StopRecording(string name)
    {
        if (!_recordings.TryGetValue(name, out var r))
            return NotFound("Recording");
        FinishRecording(r);
        return NoContent;
    }
}
