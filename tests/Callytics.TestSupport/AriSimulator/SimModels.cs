namespace Callytics.TestSupport.AriSimulator;

/// <summary>A channel in the simulator.</summary>
public sealed class SimChannel
{
    internal SimChannel(string id, string name, string callerNumber, string exten, string context)
    {
        Id = id;
        Name = name;
        CallerNumber = callerNumber;
        Exten = exten;
        Context = context;
    }

    public string Id { get; }
    public string Name { get; }
    public string CallerNumber { get; }
    public string Exten { get; }
    public string Context { get; }
    public string State { get; internal set; } = "Ring";
    public bool InStasis { get; internal set; }
    public string? BridgeId { get; internal set; }

    /// <summary>Until when the channel is still leaving a destroyed bridge (see <see cref="AriSimulatorOptions.BridgeDepartureWindow"/>).</summary>
    internal DateTimeOffset DepartingUntil { get; set; }

    public bool Ringing { get; internal set; }
    public bool MusicOnHold { get; internal set; }
    public DateTimeOffset Created { get; } = DateTimeOffset.UtcNow;
    internal Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    /// <summary>When the far end sent audio on this channel (silence otherwise): recordings count only these.</summary>
    internal List<(DateTimeOffset From, DateTimeOffset To)> Audio { get; } = [];

    /// <summary>Set for an inbound scripted call.</summary>
    internal SimCall? Call { get; set; }

    /// <summary>Set for a channel the runtime originated.</summary>
    internal DialedParty? Party { get; set; }
    internal string[] AppArgs { get; set; } = [];
    public string Endpoint { get; internal set; } = "";

    /// <summary>The Stasis application the channel is in (its events go there).</summary>
    public string Application { get; internal set; } = "";
}

/// <summary>A bridge in the simulator.</summary>
public sealed class SimBridge(string id, string type, string name)
{
    public string Id { get; } = id;
    public string Type { get; } = type;
    public string Name { get; } = name;
    public List<string> Channels { get; } = [];
    public bool MusicOnHold { get; internal set; }
    public DateTimeOffset Created { get; } = DateTimeOffset.UtcNow;
}

/// <summary>A bridge as it was at one moment.</summary>
public sealed record BridgeSnapshot(string Id, string Type, IReadOnlyList<string> Channels, bool MusicOnHold);

/// <summary>A playback in the simulator.</summary>
public sealed class SimPlayback(string id, string targetUri, IReadOnlyList<string> media)
{
    public string Id { get; } = id;
    public string TargetUri { get; } = targetUri;
    public IReadOnlyList<string> Media { get; } = media;
    public int Index { get; internal set; }
    public string State { get; internal set; } = "queued";
    internal int Generation { get; set; }
}

/// <summary>A live recording in the simulator.</summary>
public sealed class SimRecording(string name, string format, string targetUri, string terminateOn)
{
    public string Name { get; } = name;
    public string Format { get; } = format;
    public string TargetUri { get; } = targetUri;
    public string TerminateOn { get; } = terminateOn;
    public string State { get; internal set; } = "queued";
    public DateTimeOffset Started { get; internal set; }
}

/// <summary>One REST request the simulator received.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path below /ari (no query).</param>
/// <param name="Query">Query parameters in order.</param>
/// <param name="Status">The status the simulator answered.</param>
public sealed record SimRequest(string Method, string Path, IReadOnlyList<KeyValuePair<string, string>> Query, int Status)
{
    /// <summary>When the simulator handled it (its clock).</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>A query parameter's value, or null.</summary>
    public string? Param(string name) => Query.FirstOrDefault(q => q.Key == name).Value;

    public override string ToString() => $"{Method} {Path}?{string.Join('&', Query.Select(q => q.Key + "=" + q.Value))} -> {Status}";
}

/// <summary>One event the simulator sent.</summary>
/// <param name="At">When (the simulator's clock).</param>
/// <param name="Type">The ARI event type.</param>
/// <param name="Key">The channel, playback, recording or bridge it is about.</param>
/// <param name="BridgeId">The bridge of ChannelEnteredBridge / ChannelLeftBridge, else null.</param>
public sealed record SimEvent(DateTimeOffset At, string Type, string Key, string? BridgeId)
{
    public override string ToString() => Type + " " + Key;
}
