using OrleansLoyalty.LoadTests.Activation;
using OrleansLoyalty.LoadTests.Baseline;
using OrleansLoyalty.LoadTests.Benchmarks;
using OrleansLoyalty.LoadTests.Cdnow;
using OrleansLoyalty.LoadTests.Fuzz;
using OrleansLoyalty.LoadTests.Merges;
using OrleansLoyalty.LoadTests.Pos;

// One command-line tool, one verb per job: load generation, the HTTP baseline, model validation, micro-benchmarks, fuzzing.
return args.FirstOrDefault() switch
{
    "pos" => await PosLoadCommand.RunAsync(args[1..]),
    "baseline-server" => await BaselineServerCommand.RunAsync(args[1..]),
    "cdnow-validate" => await CdnowValidateCommand.RunAsync(args[1..]),
    "cdnow-import" => await CdnowImportCommand.RunAsync(args[1..]),
    "bench" => BenchmarksCommand.Run(args[1..]),
    "activation" => await ActivationBenchCommand.RunAsync(args[1..]),
    "fuzz" => await FuzzCommand.RunAsync(args[1..]),
    "merge-storm" => await MergeStormCommand.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: dotnet run -c Release --project load-tests -- <verb> [options]
          pos              enrol members, drive a POS mix against a running gateway, audit wallets and the liability report
          baseline-server  a bare ASP.NET Core endpoint: the HTTP ceiling of this machine
          cdnow-validate   fit BG/NBD and Gamma-Gamma on the CDNOW data and print the holdout comparison
          cdnow-import     load a CDNOW transaction file into a running gateway (members and purchases, re-runnable)
          bench            BenchmarkDotNet micro-benchmarks
          activation       load time of a member with 20 and 20,000 events, from a snapshot and from the whole stream
          fuzz             malformed and adversarial requests to every endpoint of a running gateway
          merge-storm      merge pairs of members under POS load, then verify every acknowledged point is held
        each verb prints its own options with --help
        """);
    return 2;
}
