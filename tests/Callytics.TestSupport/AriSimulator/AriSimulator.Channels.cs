using System.Text.Json.Nodes;

namespace Callytics.TestSupport.AriSimulator;

public sealed partial class AriSimulator
{
    private static readonly string[] KnownTechnologies = ["PJSIP/", "SIP/", "IAX2/", "DAHDI/", "Local/"];

    private (int Status, JsonNode? Body) Route(string method, string[] s, Query q) => (method, s) switch
    {
        ("POST", ["channels"]) => Originate(q),
        ("GET", ["channels"]) => (200, new JsonArray([.. _channels.Values.Select(c => (JsonNode)SimJson.Channel(c))])),
        ("GET", ["channels", var id]) => WithChannel(id, c => (200, SimJson.Channel(c))),
        ("DELETE", ["channels", var id]) => WithChannel(id, c => { HangupLocked(c, 16); return NoContent; }),
        ("POST", ["channels", var id, "answer"]) => WithChannel(id, Answer),
        ("POST", ["channels", var id, "ring"]) => WithChannel(id, c => { c.Ringing = true; Trigger(c, CallerTrigger.Ringback); return NoContent; }),
        ("DELETE", ["channels", var id, "ring"]) => WithChannel(id, c => { c.Ringing = false; return NoContent; }),
        ("POST", ["channels", var id, "moh"]) => WithChannel(id, c => { c.MusicOnHold = true; Trigger(c, CallerTrigger.Ringback); return NoContent; }),
        ("DELETE", ["channels", var id, "moh"]) => WithChannel(id, c => { c.MusicOnHold = false; return NoContent; }),
        ("POST", ["channels", var id, "play"]) => WithChannel(id, c => Play("channel:" + c.Id, q)),
        ("POST", ["channels", var id, "record"]) => WithChannel(id, c => RecordChannel(c, q)),
        ("POST", ["channels", var id, "dtmf"]) => WithChannel(id, _ => NoContent),
        ("GET", ["channels", var id, "variable"]) => WithChannel(id, c =>
            c.Variables.TryGetValue(q["variable"] ?? "", out var v) ? (200, new JsonObject { ["value"] = v }) : NotFound("Variable")),
        ("POST", ["channels", var id, "variable"]) => WithChannel(id, c => { c.Variables[q["variable"] ?? ""] = q["value"] ?? ""; return NoContent; }),
        ("POST", ["bridges"]) => CreateBridge(q),
        ("GET", ["bridges", var id]) => WithBridge(id, b => (200, SimJson.Bridge(b))),
        ("DELETE", ["bridges", var id]) => WithBridge(id, b => { DestroyBridgeLocked(b); return NoContent; }),
        ("POST", ["bridges", var id, "addChannel"]) => WithBridge(id, b => AddChannels(b, q)),
        ("POST", ["bridges", var id, "removeChannel"]) => WithBridge(id, b => RemoveChannel(b, q)),
        ("POST", ["bridges", var id, "play"]) => WithBridge(id, b => Play("bridge:" + b.Id, q)),
        ("POST", ["bridges", var id, "record"]) => WithBridge(id, b => RecordBridge(b, q)),
        ("POST", ["bridges", var id, "moh"]) => WithBridge(id, b => { b.MusicOnHold = true; return NoContent; }),
        ("DELETE", ["bridges", var id, "moh"]) => WithBridge(id, b => { b.MusicOnHold = false; return NoContent; }),
        ("GET", ["playbacks", var id]) => _playbacks.TryGetValue(id, out var p) ? (200, SimJson.Playback(p)) : NotFound("Playback"),
        ("DELETE", ["playbacks", var id]) => StopPlayback(id),
        ("GET", ["recordings", "live", var name]) => _recordings.TryGetValue(name, out var r) ? (200, SimJson.Recording(r)) : NotFound("Recording"),
        ("POST", ["recordings", "live", var name, "stop"]) => StopRecording(name),
        ("GET", ["recordings", "stored"]) => (200, new JsonArray(_stored.Select(kv => (JsonNode)new JsonObject { ["name"] = kv.Key, ["format"] = kv.Value }).ToArray())),
        ("GET", ["recordings", "stored", var name]) => _stored.TryGetValue(name, out var f) ? (200, new JsonObject { ["name"] = name, ["format"] = f }) : NotFound("Recording"),
        ("DELETE", ["recordings", "stored", var name]) => _stored.Remove(name) && _storedSeconds.Remove(name) ? NoContent : NotFound("Recording"),
        ("POST", ["applications", var app, "subscription"]) => Subscribe(app, q),
        _ => (404, SimJson.Error("Resource not found")),
    };

    private (int, JsonNode?) WithChannel(string id, Func<SimChannel, (int, JsonNode?)> action) =>
        _channels.TryGetValue(id, out var c) ? action(c) : NotFound("Channel");

    private (int, JsonNode?) WithBridge(string id, Func<SimBridge, (int, JsonNode?)> action) =>
        _bridges.TryGetValue(id, out var b) ? action(b) : NotFound("Bridge");

    private (int, JsonNode?) Answer(SimChannel c)
    {
        if (c.State != "Up")
        {
            c.State = "Up";
            Emit("ChannelStateChange", c.Id, e => e["channel"] = SimJson.Channel(c));
            Trigger(c, CallerTrigger.Answered);
        }
        return NoContent;
    }

    private (int, JsonNode?) Subscribe(string app, Query q)
    {
        if (!_options.Serves(app))
            return NotFound("Application");
        if (q["eventSource"] is not { Length: > 0 } source)
            return (400, SimJson.Error("eventSource: Missing required parameter"));
        _subscriptions.Add(source);
        return (200, new JsonObject { ["name"] = app, ["channel_ids"] = new JsonArray(), ["bridge_ids"] = new JsonArray() });
    }

    // ------------------------------------------------------------------ originate

    private (int, JsonNode?) Originate(Query q)
    {
        if (q["endpoint"] is not { Length: > 0 } endpoint)
            return (400, SimJson.Error("Endpoint must be specified"));
        if (q["app"] is not { Length: > 0 } app)
            return (400, SimJson.Error("Application or extension must be specified"));
        if (!KnownTechnologies.Any(t => endpoint.StartsWith(t, StringComparison.Ordinal)))
            return (400, SimJson.Error("Invalid endpoint"));
        var id = q["channelId"] is { Length: > 0 } given ? given : NewId("orig");
        if (_channels.ContainsKey(id))
            return (409, SimJson.Error("Channel with given unique ID already exists"));
        var party = _parties.GetValueOrDefault(endpoint);
        if (party?.OriginateStatus is { } failStatus)
            return (failStatus, SimJson.Error("Allocation failed"));
        var resource = endpoint[(endpoint.IndexOf('/') + 1)..];
        var channel = new SimChannel(id, $"{endpoint}-{++_nextId:x8}", q["callerId"] ?? "", resource, "default")
        {
            State = "Down",
            Party = party,
            Endpoint = endpoint,
            AppArgs = (q["appArgs"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries),
        };
        AddChannelLocked(channel, app);
        Schedule(TimeSpan.Zero, () => StartDialing(channel, resource, q.Int("timeout", 30)));
        return (200, SimJson.Channel(channel));
    }

    private void StartDialing(SimChannel c, string dialString, int timeoutSeconds)
    {
        if (!_channels.ContainsKey(c.Id))
            return;
        EmitDial(c, "", dialString);
        if (c.Party is not { } party)
        {
            EmitDial(c, "CHANUNAVAIL", dialString);
            DestroyLocked(c, 20);
            return;
        }
        // As Asterisk when the far end signals ringing (Ringing() in the dialplan): a destination that
        // never answers reports Dial RINGING while it rings.
        if (party.AnswerAfter is null)
        {
            c.State = "Ringing";
            EmitDial(c, "RINGING", dialString);
        }
        if (party.AnswerAfter is { } after)
            Schedule(after, () => Pickup(c, party, dialString));
        Schedule(Seconds(timeoutSeconds), () =>
        {
            if (_channels.ContainsKey(c.Id) && c.State != "Up")
            {
                EmitDial(c, "NOANSWER", dialString);
                DestroyLocked(c, 19);
            }
        });
    }

    private void Pickup(SimChannel c, DialedParty party, string dialString)
    {
        if (!_channels.ContainsKey(c.Id) || c.State == "Up")
            return;
        if (party.Busy)
        {
            EmitDial(c, "BUSY", dialString);
            DestroyLocked(c, 17);
            return;
        }
        c.State = "Up";
        Emit("ChannelStateChange", c.Id, e => e["channel"] = SimJson.Channel(c));
        EmitDial(c, "ANSWER", dialString);
        c.InStasis = true;
        Emit("StasisStart", c.Id, e =>
        {
            e["args"] = new JsonArray(c.AppArgs.Select(a => (JsonNode)JsonValue.Create(a)!).ToArray());
            e["channel"] = SimJson.Channel(c);
        });
        if (party.HangUpAfter is { } talk)
            Schedule(talk, () =>
            {
                if (_channels.TryGetValue(c.Id, out var still) && ReferenceEquals(still, c))
                    HangupLocked(c, 16);
            });
    }

    private void EmitDial(SimChannel c, string status, string dialString) =>
        Emit("Dial", c.Id, e =>
        {
            e["dialstatus"] = status;
            e["forward"] = "";
            e["dialstring"] = dialString;
            e["peer"] = SimJson.Channel(c);
        });

    // ------------------------------------------------------------------ hang-up

    /// <summary>
    /// Asterisk's hang-up order: ChannelHangupRequest; the channel's playbacks and recordings end;
    /// it leaves its bridge; StasisEnd; ChannelDestroyed.
    /// </summary>
    private void HangupLocked(SimChannel c, int cause)
    {
        if (!_channels.ContainsKey(c.Id))
            return;
        Emit("ChannelHangupRequest", c.Id, e =>
        {
            e["cause"] = cause;
            e["channel"] = SimJson.Channel(c);
        });
        DestroyLocked(c, cause);
    }

    private void DestroyLocked(SimChannel c, int cause)
    {
        var target = "channel:" + c.Id;
        foreach (var p in _playbacks.Values.Where(p => p.TargetUri == target).ToList())
            FinishPlayback(p);
        foreach (var r in _recordings.Values.Where(r => r.TargetUri == target).ToList())
            FinishRecording(r);
        if (c.BridgeId is { } bridgeId && _bridges.TryGetValue(bridgeId, out var bridge))
            LeaveBridge(bridge, c);
        if (c.InStasis)
        {
            c.InStasis = false;
            Emit("StasisEnd", c.Id, e => e["channel"] = SimJson.Channel(c));
        }
        _channels.Remove(c.Id);
        Emit("ChannelDestroyed", c.Id, e =>
        {
            e["cause"] = cause;
            e["cause_txt"] = SimJson.CauseText(cause);
            e["channel"] = SimJson.Channel(c);
        });
        c.Call?.EndedSource.TrySetResult();
    }

    // ------------------------------------------------------------------ scripted callers

    private void PressLocked(string channelId, char digit)
    {
        if (!_channels.TryGetValue(channelId, out var c) || !c.InStasis)
            return;
        Emit("ChannelDtmfReceived", c.Id, e =>
        {
            e["digit"] = digit.ToString();
            e["duration_ms"] = 100;
            e["channel"] = SimJson.Channel(c);
        });
        var target = "channel:" + c.Id;
        foreach (var r in _recordings.Values.Where(r => r.TargetUri == target && TerminatesOn(r.TerminateOn, digit)).ToList())
            FinishRecording(r);
    }

    private static bool TerminatesOn(string terminateOn, char digit) =>
        terminateOn == "any" || (terminateOn != "none" && terminateOn.Contains(digit, StringComparison.Ordinal));

    /// <summary>Counts a trigger for the call on this channel and starts the scripted steps it matches.</summary>
    private void Trigger(SimChannel c, CallerTrigger trigger)
    {
        if (c.Call is not { } call)
            return;
        var n = call.Counts[trigger] = call.Counts.GetValueOrDefault(trigger) + 1;
        foreach (var step in call.Script.Steps.Where(s => s.Trigger == trigger && s.Occurrence == n))
            RunStep(call, step);
    }

    private void RunStep(SimCall call, CallerStep step)
    {
        if (step.SpeakSeconds is { } seconds)
        {
            Schedule(step.Delay, () => SpeakLocked(call.ChannelId, seconds));
            return;
        }
        if (step.Digits is null)
        {
            Schedule(step.Delay, () =>
            {
                if (_channels.TryGetValue(call.ChannelId, out var c))
                {
                    call.HungUpByCaller = true;
                    HangupLocked(c, 16);
                }
            });
            return;
        }
        _ = PressSequenceAsync(call, step.Delay, step.Digits);
    }

    /// <summary>Presses digits one after another (one timer per digit could reorder them).</summary>
    private async Task PressSequenceAsync(SimCall call, TimeSpan delay, string digits)
    {
        try
        {
            await Task.Delay(delay, _options.Time, _stopping.Token).ConfigureAwait(false);
            for (var i = 0; i < digits.Length; i++)
            {
                if (i > 0)
                    await Task.Delay(call.Script.DigitGap, _options.Time, _stopping.Token).ConfigureAwait(false);
                lock (_gate)
                {
                    if (!_stopping.IsCancellationRequested)
                        PressLocked(call.ChannelId, digits[i]);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Simulator stopped.
        }
    }
}
