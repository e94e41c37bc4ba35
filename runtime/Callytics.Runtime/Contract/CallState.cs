namespace Callytics.Runtime.Contract;

/// <summary>
/// Everything a call is, between two steps: small and serializable (System.Text.Json), so the
/// runtime can checkpoint it and resume the call on another host or after a restart.
/// </summary>
public sealed class CallState
{
    /// <summary>The flow the call is in now (changes on subflow and goto_flow).</summary>
    public string FlowId { get; set; } = "";

    /// <summary>The id of the node the call is in.</summary>
    public string Node { get; set; } = "";

    /// <summary>Where the node is in its own little protocol (for example "prompt played, waiting for the second digit").</summary>
    public int Phase { get; set; }

    /// <summary>
    /// Failed attempts per node (menus, get_digits). Kept across visits, so a menu whose invalid
    /// output loops back to it still reaches max_retries; reset when the node succeeds.
    /// </summary>
    public Dictionary<string, int> Retries { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Digits gathered so far by the current node (a two-digit menu option in progress).</summary>
    public string Buffer { get; set; } = "";

    /// <summary>The call's variables, built-ins included. Values are always strings.</summary>
    public Dictionary<string, string> Variables { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Subflow frames to return to, innermost last.</summary>
    public List<ReturnFrame> ReturnStack { get; set; } = [];

    /// <summary>Moves the call to <paramref name="node"/> and clears the per-node counters.</summary>
    public void Enter(string node)
    {
        Node = node;
        Phase = 0;
        Buffer = "";
    }

    /// <summary>Returns a variable's value, or "" when it was never set (flow variables are never null).</summary>
    public string Get(string name) => Variables.TryGetValue(name, out var v) ? v : "";

    /// <summary>Sets a variable.</summary>
    public void Set(string name, string value) => Variables[name] = value;
}

/// <summary>Where a <c>subflow</c> call returns to: the calling flow, its pinned version, and the node whose <c>next</c> to follow.</summary>
public sealed record ReturnFrame(string FlowId, int Version, string Node);
