using Callytics.Benchmarks.Ari;

// Harnesses by switch; other benchmark suites are added beside these.
if (args.Contains("--ari-load"))
    return await AriLoadHarness.RunAsync(args);
return 0;
