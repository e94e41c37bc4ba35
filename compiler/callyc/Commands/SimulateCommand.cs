using System.CommandLine;
using System.Globalization;
using Callytics.Compiler.Checking;
using Callytics.Compiler.Diagnostics;
using Callytics.Compiler.Reporting;
using Callytics.Compiler.Testing;
using Callytics.Runtime.Simulation;

namespace Callytics.Cli.Commands;

/// <summary><c>callyc simulate</c>: runs one call through a flow on this machine and prints what happened.</summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var flow = new Argument<string>("flow") { Description = "The flow file to call. Flows in the same folder are available to subflow and goto_flow." };
        var digits = new Option<string?>("--digits") { Description = "What the caller keys at each input, comma-separated: '1,21,#'. '' is silence, '!' hangs up, '^12' presses during the prompt; '2@1500' presses 2 1500 ms after the prompt, '^1@300' 300 ms into it. When the list runs out the caller hangs up." };
        var at = new Option<string?>("--at") { Description = "When the call happens (ISO 8601, e.g. 2026-12-24T21:30:00Z); default now." };
        var http = new Option<string?>("--http") { Description = "A JSON file of HTTP stubs: [{ \"method\", \"url\" (with * wildcards), \"status\", \"body\", \"delay_ms\", \"error\" }]." };
        var dial = new Option<string?>("--dial") { Description = "How dialed destinations respond, in order: answer, no_answer, busy, fail (default answer)." };
        var queue = new Option<string[]>("--queue")
        {
            Description = "Repeatable. How queues go, in order: answer, timeout, abandon (default answer); or a queue's state for queue_status, "
                + "'sales=operators:2,free:0,waiting:5,oldest_wait_s:40' (a queue not given has nobody logged in).",
            DefaultValueFactory = _ => [],
        };
        var callerId = new Option<string>("--caller-id") { Description = "The caller's number.", DefaultValueFactory = _ => "+15550100" };
        var command = new Command("simulate", "Runs one call through a flow in memory (virtual clock, scripted caller, stubbed HTTP) and prints the trace and the final variables.")
        {
            flow, digits, at, http, dial, queue, callerId,
        };
        command.SetAction(parse =>
        {
            var file = FlowFiles.Expand([parse.GetValue(flow)!])[0];
            var siblings = Directory.EnumerateFiles(Path.GetDirectoryName(Path.GetFullPath(file))!, FlowFiles.Pattern).Where(f => Path.GetFullPath(f) != Path.GetFullPath(file));
            var checkedFlows = FlowChecker.CheckFiles([file, .. siblings]);
            var entry = checkedFlows[0];
            if (!entry.Succeeded) return CheckCommand.Report(entry.Diagnostics.Sorted(), 1, DiagnosticFormat.Text, warnAsError: false);
            var (flows, failed) = InMemoryFlows.Build(checkedFlows, entry.Flow!.FlowId);
            if (failed.Count > 0)
                return CheckCommand.Report(DiagnosticBag.Sort(failed.SelectMany(f => f.Diagnostics.Diagnostics)), failed.Count, DiagnosticFormat.Text, warnAsError: false);

            var queueValues = parse.GetValue(queue)!;
            var queueStates = queueValues.Where(v => v.Contains('=', StringComparison.Ordinal)).Select(v => Parse(() => CallerScript.ParseQueueState(v))).ToList();
            if (queueStates.GroupBy(q => q.Key).FirstOrDefault(g => g.Count() > 1) is { } twice)
                throw new UsageException($"--queue: the state of queue '{twice.Key}' is given twice");
            var queueBehaviours = queueValues.Where(v => !v.Contains('=', StringComparison.Ordinal)).SelectMany(ParseList<QueueBehaviour>).ToList();
            var setup = new SimulationSetup(
                ParseTime(parse.GetValue(at)),
                new CallerScript(Parse(() => CallerScript.ParseInputs(parse.GetValue(digits))), ParseList<DialBehaviour>(parse.GetValue(dial)), queueBehaviours, queueStates),
                parse.GetValue(http) is { } stubs ? Parse(() => HttpStub.ParseList(File.ReadAllText(stubs))) : [],
                parse.GetValue(callerId)!);
            var result = Simulator.Run(flows.Machines[entry.Flow.FlowId], flows.Machines.Values, setup);
            foreach (var line in result.Trace.Entries) Console.Out.WriteLine(line);
            Console.Out.WriteLine($"Call ended: {result.Call.Reason} at {result.Call.State.FlowId}/{result.Call.State.Node} after {result.Call.Steps} steps{(result.Call.Error is null ? "" : ": " + result.Call.Error)}");
            Console.Out.WriteLine("Variables:");
            foreach (var (name, value) in result.Call.State.Variables.OrderBy(v => v.Key, StringComparer.Ordinal))
                Console.Out.WriteLine($"  {name} = {value}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static DateTimeOffset ParseTime(string? text) =>
        text is null ? DateTimeOffset.UtcNow
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t
        : throw new UsageException($"--at: '{text}' is not an ISO 8601 time such as 2026-12-24T21:30:00Z");

    private static IEnumerable<T> ParseList<T>(string? list) where T : struct, Enum =>
        string.IsNullOrEmpty(list) ? [] : list.Split(',').Select(item =>
            Enum.TryParse<T>(item.Replace("_", ""), ignoreCase: true, out var value) ? value
            : throw new UsageException($"'{item}' is not one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}")).ToList();

    private static T Parse<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or IOException)
        {
            throw new UsageException(e.Message);
        }
    }
}
