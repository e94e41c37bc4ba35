return args.FirstOrDefault() switch
{
    "queue-match" => await Callytics.Benchmarks.Storage.QueueMatchBenchmark.RunAsync(args[1..]),
    _ => 0,
};
