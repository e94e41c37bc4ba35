using Callytics.Compiler.Checking;
using Callytics.Compiler.Diagnostics;
using Callytics.Compiler.Importing;
using Callytics.Compiler.Tests.Cli;

namespace Callytics.Compiler.Tests.Importing;

/// <summary>
/// The corpus of real-shaped exports in <c>Importing/Corpus</c>, transcribed from the products' own
/// sources (each file's description, or the table below, says where from). Every one imports
/// without an error and the imported flow checks without an error; the warnings each one keeps are
/// listed here, with the reason the product itself gives for them.
/// </summary>
public sealed class ImportCorpusTests
{
    internal static string Corpus(string name) => Path.Combine(AppContext.BaseDirectory, "Importing", "Corpus", name);

    /// <summary>
    /// file, --from, the warnings `callyc check` keeps on the imported flow (ids only; an empty list
    /// is a clean check), and why they are right.
    /// </summary>
    public static TheoryData<string, string, string[]> Files => new()
    {
        // Callytics templates, backend/migrations/033_phase39d2_templates.sql
        { "after-hours-ivr.callytics.json", "callytics", [] },
        { "sales-callback.callytics.json", "callytics", [] },
        // Broken in Callytics itself: the intro's only way on is a webhook, and the runtime never
        // routes into a webhook node (stasis/src/runtime.ts:186-199 leaves webhook targets out of the
        // routing edges), so the call hangs up after the intro (runtime.ts:500-507, DeadEndPlayAudio).
        // Everything after the webhook is unreachable there and here.
        { "appointment-reminder.callytics.json", "callytics", ["CFL3001", "CFL3001", "CFL3001", "CFL3001", "CFL3001", "CFL3001"] },
        // The queue's 'done' edge never runs: the queue returns 'connected' (queue.executor.ts:293),
        // so the hangup node after it is unreachable there and here.
        { "simple-queue.callytics.json", "callytics", ["CFL3001"] },
        // Callytics templates, backend/migrations/016_phase19.sql
        { "medical-clinic-ivr.callytics.json", "callytics", [] },
        { "restaurant-ivr.callytics.json", "callytics", [] },
        { "dispatch-hotline.callytics.json", "callytics", [] },
        // Callytics runtime test fixtures
        { "webhook-side-effect.callytics.json", "callytics", [] },
        { "callback-webhook.callytics.json", "callytics", [] },
        { "voicemail-webhook.callytics.json", "callytics", [] },
        { "hunt-subflow.callytics.json", "callytics", [] },
        // Drawn with the Callytics builder's shapes
        { "grouped-support.callytics.json", "callytics", [] },
        // Whatomate, drawn with its IVR editor's shapes
        { "support-ivr.whatomate.json", "whatomate", [] },
        { "billing.whatomate.json", "whatomate", [] },
        { "after-hours.whatomate.json", "whatomate", [] },
        // internal/calling/ivr_callback_headers_test.go:25-55: a test fixture, not a working flow; no
        // edge enters its transfer node in Whatomate either.
        { "callback-headers.whatomate.json", "whatomate", ["CFL3001"] },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Corpus_export_imports_without_error_and_checks_without_error(string file, string from, string[] warnings)
    {
        var result = FlowImporter.ImportFile(FlowImporter.Find(from)!, Corpus(file));

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics.Sorted()));
        var check = FlowChecker.CheckText(file + ".flow.json", result.Json!);
        Assert.False(check.Diagnostics.HasErrors, string.Join("\n", check.Diagnostics.Sorted()) + "\n" + result.Json);
        Assert.Equal(warnings, check.Diagnostics.Sorted().Where(d => d.Severity == DiagnosticSeverity.Warning).Select(d => d.Id));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Corpus_export_imports_through_the_cli_with_exit_0(string file, string from, string[] warnings)
    {
        _ = warnings;
        using var temp = new TempFolder();
        var import = Callyc.Run("import", "--from", from, Corpus(file), "-o", temp.File("out.flow.json"));

        Assert.True(import.ExitCode == 0, import.ToString());
    }

    /// <summary>
    /// The path a team takes: import every corpus export with <c>callyc import</c>, check them
    /// together (Support IVR's goto_flow enters Billing), then run the <c>*.scenarios.json</c> kept
    /// beside the exports with <c>callyc test</c>. Each scenario's expected path is what the
    /// product's runtime does with the same call; its name cites the code or test that shows it.
    /// </summary>
    [Fact]
    public void Imported_corpus_checks_together_and_passes_every_scenario_in_the_simulator()
    {
        using var temp = new TempFolder();
        var folder = Path.GetDirectoryName(Corpus("x"))!;
        foreach (var export in Directory.EnumerateFiles(folder, "*.json").Where(f => !f.EndsWith(".scenarios.json", StringComparison.Ordinal)))
        {
            var name = Path.GetFileName(export);
            var from = name.Contains(".callytics.", StringComparison.Ordinal) ? "callytics" : "whatomate";
            var import = Callyc.Run("import", "--from", from, export, "-o", temp.File(name[..name.IndexOf('.', StringComparison.Ordinal)] + ".flow.json"));
            Assert.True(import.ExitCode == 0, import.ToString());
        }
        foreach (var scenarios in Directory.EnumerateFiles(folder, "*.scenarios.json"))
            File.Copy(scenarios, temp.File(Path.GetFileName(scenarios)));

        var check = Callyc.Run("check", temp.Path);
        var test = Callyc.Run("test", temp.Path);

        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains("16 flows checked: 0 errors", check.StandardOutput);
        Assert.True(test.ExitCode == 0, test.ToString());
        Assert.Contains("47 passed, 0 failed", test.StandardOutput);
    }

    [Fact]
    public void Timezone_option_sets_the_zone_of_whatomate_schedules_and_an_unknown_zone_is_a_usage_error()
    {
        using var temp = new TempFolder();
        var output = temp.File("after-hours.flow.json");

        var import = Callyc.Run("import", "--from", "whatomate", Corpus("after-hours.whatomate.json"), "-o", output, "--timezone", "America/New_York");
        var wrong = Callyc.Run("import", "--from", "whatomate", Corpus("after-hours.whatomate.json"), "--timezone", "Mars/Olympus");

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("\"timezone\": \"America/New_York\"", File.ReadAllText(output));
        Assert.Contains("reads it in America/New_York", import.StandardError);
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("'Mars/Olympus' is not an IANA time zone id", wrong.StandardError);
    }
}
