using Callytics.Runtime.Contract;

namespace Callytics.Runtime.Simulation;

/// <summary>What the simulated caller does at the next input point.</summary>
public abstract record CallerInput
{
    /// <summary>
    /// Parses one entry of a <c>--digits</c> list: digits, "" (silence), "!" (hang up), "^digits" (pressed during
    /// the prompt). A time in milliseconds may follow the digits: <c>2@1500</c> is 2 pressed 1500 ms after the
    /// prompt ended (the input waits that long; at or past its timeout the input times out and the keys come
    /// too late to count), <c>^1@300</c> is 1 pressed 300 ms into the prompt (past the prompt's end it counts as
    /// pressed after the prompt, the rest of the time later). Without a time, keys come at once.
    /// </summary>
    public static CallerInput Parse(string entry)
    {
        entry = entry.Trim();
        if (entry.Length == 0) return new Silence();
        if (entry == "!") return new HangUp();
        var duringPrompt = entry.StartsWith('^');
        var keys = duringPrompt ? entry[1..] : entry;
        int? atMs = null;
        var at = keys.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            if (!int.TryParse(keys[(at + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms))
                throw new FormatException($"'{entry}' is not a caller input: after '@' comes a time in whole milliseconds, such as 2@1500 or ^1@300");
            atMs = ms;
            keys = keys[..at];
        }
        if (keys.Length == 0 || keys.Any(c => !(char.IsAsciiDigit(c) || c is '*' or '#')))
            throw new FormatException($"'{entry}' is not a caller input: use digits 0-9 * #, '' for silence, '!' to hang up, '^' before digits pressed during the prompt, '@' and a time in milliseconds after the digits for when they are pressed");
        return new Keys(keys, duringPrompt) { AtMs = atMs };
    }
}

/// <summary>The caller presses keys.</summary>
/// <param name="Digits">The keys, in order.</param>
/// <param name="DuringPrompt">Pressed while the prompt plays (barge-in) rather than after it.</param>
public sealed record Keys(string Digits, bool DuringPrompt) : CallerInput
{
    /// <summary>
    /// When the first key is pressed, in milliseconds: into the prompt when <see cref="DuringPrompt"/>, else after
    /// the prompt ended. Null: at once (the barge-in of an untimed <c>^</c> entry lands half-way through the prompt).
    /// </summary>
    public int? AtMs { get; init; }
}

/// <summary>The caller says nothing (the input times out).</summary>
public sealed record Silence : CallerInput;

/// <summary>The caller hangs up.</summary>
public sealed record HangUp : CallerInput;

/// <summary>How a dialed destination responds in a simulation.</summary>
public enum DialBehaviour
{
    /// <summary>Answers; the conversation ends with the caller still on the line.</summary>
    Answer,
    /// <summary>Rings until the timeout.</summary>
    NoAnswer,
    /// <summary>Busy at once.</summary>
    Busy,
    /// <summary>Dialing fails.</summary>
    Fail,
}

/// <summary>How a queue treats the simulated caller.</summary>
public enum QueueBehaviour
{
    /// <summary>An operator answers.</summary>
    Answer,
    /// <summary>Nobody answers before max_wait.</summary>
    Timeout,
    /// <summary>The caller gives up and hangs up.</summary>
    Abandon,
}

/// <summary>Everything a simulated caller and the simulated world will do, consumed in order.</summary>
public sealed class CallerScript
{
    private readonly Queue<CallerInput> _inputs;
    private readonly Queue<DialBehaviour> _dials;
    private readonly Queue<QueueBehaviour> _queues;
    private readonly Dictionary<string, QueueSnapshot> _queueStates;

    /// <summary>Creates a script.</summary>
    /// <param name="inputs">What the caller keys, in order.</param>
    /// <param name="dials">How dialed destinations respond, in order.</param>
    /// <param name="queues">How queues go, in order.</param>
    /// <param name="queueStates">The queue states queue_status reads, by queue id (see <see cref="ParseQueueState"/>).</param>
    public CallerScript(IEnumerable<CallerInput>? inputs = null, IEnumerable<DialBehaviour>? dials = null, IEnumerable<QueueBehaviour>? queues = null,
        IEnumerable<KeyValuePair<string, QueueSnapshot>>? queueStates = null)
    {
        _inputs = new Queue<CallerInput>(inputs ?? []);
        _dials = new Queue<DialBehaviour>(dials ?? []);
        _queues = new Queue<QueueBehaviour>(queues ?? []);
        // A queue given twice throws (ArgumentException): which state was meant is not guessed.
        _queueStates = new Dictionary<string, QueueSnapshot>(queueStates ?? [], StringComparer.Ordinal);
    }

    /// <summary>
    /// Parses a queue's state such as <c>sales=operators:2,free:0,waiting:5,oldest_wait_s:40</c>: operators
    /// logged in, operators free, callers waiting and how long the first has waited (each 0 when left out).
    /// Throws <see cref="FormatException"/> naming what is wrong.
    /// </summary>
    public static KeyValuePair<string, QueueSnapshot> ParseQueueState(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0) throw new FormatException($"'{text}' is not a queue state such as sales=operators:2,free:0,waiting:5");
        var queue = text[..equals];
        int operators = 0, free = 0, waiting = 0;
        long oldestMs = 0;
        foreach (var part in text[(equals + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            var key = colon < 0 ? part : part[..colon];
            if (colon < 0 || !int.TryParse(part[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value))
                throw new FormatException($"queue '{queue}': '{part}' is not name:count with a whole number 0 or more");
            switch (key)
            {
                case "operators": operators = value; break;
                case "free": free = value; break;
                case "waiting": waiting = value; break;
                case "oldest_wait_s": oldestMs = value * 1000L; break;
                default: throw new FormatException($"queue '{queue}': '{key}' is not one of operators, free, waiting, oldest_wait_s");
            }
        }
        if (free > operators) throw new FormatException($"queue '{queue}': {free} operators free but only {operators} logged in");
        return new(queue, new QueueSnapshot(operators, free, waiting, oldestMs));
    }

    /// <summary>What queue_status reads for a queue: as scripted, else nobody logged in and nobody waiting.</summary>
    public QueueSnapshot QueueState(string queue) => _queueStates.TryGetValue(queue, out var state) ? state : QueueSnapshot.Empty;

    /// <summary>Parses a comma-separated <c>--digits</c> list such as <c>1,21,,#</c>.</summary>
    public static IReadOnlyList<CallerInput> ParseInputs(string? list) =>
        string.IsNullOrEmpty(list) ? [] : list.Split(',').Select(CallerInput.Parse).ToList();

    /// <summary>The next input without consuming it; null when the script is over (the caller then hangs up).</summary>
    public CallerInput? PeekInput() => _inputs.TryPeek(out var input) ? input : null;

    /// <summary>Consumes the next input; a caller with nothing left to do hangs up.</summary>
    public CallerInput NextInput() => _inputs.TryDequeue(out var input) ? input : new HangUp();

    /// <summary>Puts keys back at the front (the rest of an entry after max_digits was reached).</summary>
    public void PushFront(CallerInput input)
    {
        var rest = _inputs.ToList();
        _inputs.Clear();
        _inputs.Enqueue(input);
        foreach (var r in rest) _inputs.Enqueue(r);
    }

    /// <summary>How the next dialed destination responds (answers by default).</summary>
    public DialBehaviour NextDial() => _dials.TryDequeue(out var d) ? d : DialBehaviour.Answer;

    /// <summary>How the next queue goes (an operator answers by default).</summary>
    public QueueBehaviour NextQueue() => _queues.TryDequeue(out var q) ? q : QueueBehaviour.Answer;
}
