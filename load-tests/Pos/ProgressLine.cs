namespace OrleansLoyalty.LoadTests.Pos;

/// <summary>Prints a status line every two seconds until disposed, so a long phase shows it is alive.</summary>
internal sealed class ProgressLine(Func<string> describe) : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private readonly Timer _timer = new(_ => Console.WriteLine(describe()), null, Interval, Interval);

    public void Dispose() => _timer.Dispose();
}
