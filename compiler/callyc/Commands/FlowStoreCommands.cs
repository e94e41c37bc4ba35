using System.CommandLine;
using System.Globalization;
using Callytics.Compiler.Diffing;
using Callytics.Publishing;
using Callytics.Runtime.Storage.Flows;
using Callytics.Compiler.Reporting;

namespace Callytics.Cli.Commands;

/// <summary>
/// Drafts and versions in the flow store: <c>draft save</c>, <c>publish</c>, <c>versions</c>,
/// <c>show</c>, <c>restore</c> and <c>diff</c>.
/// </summary>
internal static class FlowStoreCommands
{
    public static IEnumerable<Command> All() => [Draft(), Publish(), Versions(), Show(), Restore(), Diff()];

    private static Argument<string> FlowId() => new("flow-id") { Description = "The flow id." };

    private static Command Draft()
    {
        var file = new Argument<string>("file") { Description = "The flow document (*.flow.json)." };
        var id = new Option<string?>("--id") { Description = "The flow id; the document's \"id\" when omitted." };
        var store = StoreAccess.StoreOption();
        var by = StoreAccess.ByOption();
        var revision = RevisionOption("Save only when the draft is still at this revision (0: no draft yet); `callyc show <id> draft` tells the current one. Without it the draft is overwritten.");
        var save = new Command("save", "Saves a flow document as the flow's draft, without checking it.") { file, id, revision, store, by };
        save.SetAction((parse, _) => StoreAccess.RunAsync(parse, store, async storage =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path)) throw new UsageException($"no such file: {path}");
            var text = await File.ReadAllTextAsync(path);
            FlowDocuments.RequireObject(path, text);
            var flowId = parse.GetValue(id) ?? FlowDocuments.ReadFlowId(text)
                ?? throw new UsageException($"{path} has no \"id\"; give the flow id with --id");
            var publisher = new FlowPublisher(storage.Flows);
            try
            {
                var draft = parse.GetValue(revision) is { } expected
                    ? await publisher.SaveDraftAsync(flowId, text, parse.GetValue(by), expected)
                    : await publisher.SaveDraftAsync(flowId, text, parse.GetValue(by));
                Console.WriteLine($"saved draft of {draft.FlowId} revision {draft.Revision} ({draft.SavedAt:u})");
                return ExitCodes.Success;
            }
            catch (DraftRevisionConflictException e)
            {
                ReportConflict(e.Message, flowId, e.CurrentRevision, $"callyc draft save {path} --revision {e.CurrentRevision}");
                return ExitCodes.Errors;
            }
        }));
        return new Command("draft", "The working copy of a flow.") { save };
    }

    private static Command Publish()
    {
        var flowId = FlowId();
        var message = new Option<string?>("--message", "-m") { Description = "Why (recorded in the version history)." };
        var force = new Option<bool>("--force") { Description = "Publish even when the draft means the same as the newest version." };
        var revision = RevisionOption("Publish only when the draft is still at this revision (the one you checked); refused (exit 1) when someone saved since.");
        var format = Options.Format();
        var store = StoreAccess.StoreOption();
        var by = StoreAccess.ByOption();
        var (media, tts) = (AudioCommands.MediaOption(), AudioCommands.TtsCommandOption());
        var command = new Command("publish", "Checks and builds the draft, renders its TTS prompts, then stores it as the next version. Refuses a draft with errors (exit 1) or one that only moves nodes.")
        {
            flowId, message, force, revision, format, store, by, media, tts,
        };
        command.SetAction((parse, _) => StoreAccess.RunAsync(parse, store, async storage =>
        {
            var id = parse.GetValue(flowId)!;
            var result = await new FlowPublisher(storage.Flows, beforePublish: AudioCommands.Renderer(parse, store, media, tts)).PublishDraftAsync(id, parse.GetValue(by)!, parse.GetValue(message), parse.GetValue(force), revision: parse.GetValue(revision));
            if (result.Status == PublishStatus.RevisionConflict)
            {
                ReportConflict(result.Message, id, result.DraftRevision ?? 0, $"callyc publish {id} --revision {result.DraftRevision}");
                return ExitCodes.Errors;
            }
            return Report(result, parse.GetValue(format)!);
        }));
        return command;
    }

    private static Command Restore()
    {
        var flowId = FlowId();
        var version = new Argument<string>("version") { Description = "The version to bring back." };
        var message = new Option<string?>("--message", "-m") { Description = "Why; \"restore version N\" when omitted." };
        var format = Options.Format();
        var store = StoreAccess.StoreOption();
        var by = StoreAccess.ByOption();
        var (media, tts) = (AudioCommands.MediaOption(), AudioCommands.TtsCommandOption());
        var command = new Command("restore", "Publishes a new version equal to an old one (history is never rewritten).") { flowId, version, message, format, store, by, media, tts };
        command.SetAction((parse, _) => StoreAccess.RunAsync(parse, store, async storage =>
        {
            var n = FlowPublisher.ParseVersion(parse.GetValue(version)!);
            var result = await new FlowPublisher(storage.Flows, beforePublish: AudioCommands.Renderer(parse, store, media, tts)).RestoreAsync(parse.GetValue(flowId)!, n, parse.GetValue(by)!, parse.GetValue(message));
            return Report(result, parse.GetValue(format)!);
        }));
        return command;
    }

    private static Command Versions()
    {
        var flowId = FlowId();
        var store = StoreAccess.StoreOption();
        var command = new Command("versions", "Lists the published versions of a flow: number, who, when, message, assembly sha256.") { flowId, store };
        command.SetAction((parse, _) => StoreAccess.RunAsync(parse, store, async storage =>
        {
            var versions = await storage.Flows.ListVersionsAsync(parse.GetValue(flowId)!);
            if (versions.Count == 0) Console.Error.WriteLine($"flow '{parse.GetValue(flowId)}' has no published version");
            foreach (var v in versions)
                Console.WriteLine(string.Join('\t', v.Version.ToString(CultureInfo.InvariantCulture), v.PublishedBy, v.PublishedAt.ToString("u", CultureInfo.InvariantCulture), v.Message ?? "", v.AssemblySha256));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Show()
    {
        var flowId = FlowId();
        var version = new Argument<string?>("version") { Description = "A version number or 'draft'; the newest version when omitted.", Arity = ArgumentArity.ZeroOrOne };
        var store = StoreAccess.StoreOption();
        var command = new Command("show", "Prints a flow document (with its layout) from the store.") { flowId, version, store };
        command.SetAction((parse, _) => StoreAccess.RunAsync(parse, store, async storage =>
        {
            var id = parse.GetValue(flowId)!;
            var side = parse.GetValue(version);
            if (side is null)
            {
                // The newest version, read once (a version carries its assembly and generated code).
                var latest = await storage.Flows.GetLatestVersionAsync(id)
                    ?? throw new UsageException($"flow '{id}' has no published version");
                Console.Write(FlowDocuments.Compose(latest.Artifacts.SemanticJson, latest.Artifacts.LayoutJson));
                return ExitCodes.Success;
            }
            var isDraft = string.Equals(side, FlowPublisher.DraftName, StringComparison.OrdinalIgnoreCase);
            if (isDraft)
            {
                // The revision goes to stderr, so stdout stays the document (to save and edit again with --revision).
                var draft = await storage.Flows.GetDraftAsync(id) ?? throw new UsageException($"flow '{id}' has no draft");
                Console.Error.WriteLine($"revision {draft.Revision}");
                Console.Write(draft.SemanticJson);
                return ExitCodes.Success;
            }
            var found = await new FlowPublisher(storage.Flows).GetSideAsync(id, side)
                ?? throw new UsageException($"flow '{id}' has no {(isDraft ? "draft" : "version " + side)}");
            Console.Write(isDraft ? found.Document : FlowDocuments.Compose(found.Document, found.Layout));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Diff()
    {
        var flowId = FlowId();
        var a = new Argument<string>("a") { Description = "The old side: a version number or 'draft'." };
        var b = new Argument<string>("b") { Description = "The new side: a version number or 'draft'." };
        var format = new Option<string>("--format") { Description = "Output: text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var store = StoreAccess.StoreOption();
        var command = new Command("diff", "Semantic diff of two versions (or a version and the draft): nodes, config per key, edges; layout moves listed apart.") { flowId, a, b, format, store };
        command.SetAction((parse, _) => StoreAccess.RunAsync(parse, store, async storage =>
        {
            var (id, from, to) = (parse.GetValue(flowId)!, parse.GetValue(a)!, parse.GetValue(b)!);
            var diff = await new FlowPublisher(storage.Flows).DiffAsync(id, from, to)
                ?? throw new UsageException($"flow '{id}' has no {from} or no {to}");
            Console.Write(parse.GetValue(format) == "json" ? FlowDiffFormatter.ToJson(diff, from, to) + "\n" : FlowDiffFormatter.ToText(diff, from, to));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Option<long?> RevisionOption(string description) => new("--revision") { Description = description };

    /// <summary>Someone else saved the draft meanwhile: says so and offers both ways on (look first, or overwrite).</summary>
    private static void ReportConflict(string message, string flowId, long current, string overwrite)
    {
        Console.Error.WriteLine($"callyc: conflict: {message}");
        Console.Error.WriteLine($"  reload: callyc show {flowId} draft   (revision {current})");
        Console.Error.WriteLine($"  overwrite: {overwrite}");
    }

    private static int Report(PublishResult result, string format)
    {
        if (result.Diagnostics.Count > 0)
            DiagnosticFormatter.Write(Console.Out, Enum.Parse<DiagnosticFormat>(format, ignoreCase: true), result.Diagnostics, DiagnosticSummary.Of(1, result.Diagnostics), Options.ToolVersion);
        switch (result.Status)
        {
            case PublishStatus.Published:
                Console.Error.WriteLine($"callyc: {result.Message} (sha256 {result.Version!.AssemblySha256})");
                return ExitCodes.Success;
            case PublishStatus.NotFound:
                throw new UsageException(result.Message);
            default:
                Console.Error.WriteLine($"callyc: {result.Message}");
                return ExitCodes.Errors;
        }
    }
}
