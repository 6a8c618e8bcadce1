using System.Globalization;
using System.Net;

namespace OrleansLoyalty.LoadTests.Baseline;

/// <summary>
/// The <c>baseline-server</c> verb: Kestrel and a minimal API answering the member lookup with a constant card and
/// nothing else (no auth, no grains, no database, no logging). Driving it with the <c>pos</c> generator shows the
/// HTTP ceiling of this machine, against which the gateway's lookup throughput is compared.
/// </summary>
public static class BaselineServerCommand
{
    private const string Help = """
        usage: baseline-server [--port 5090]
          Serves GET /v1/members/lookup?type=..&value=.. on 127.0.0.1 with a constant member card until Ctrl-C.
          Measure it with: pos --url http://127.0.0.1:5090 --no-enrol --mix lookup=100
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(Help);
            return 0;
        }

        if (ParsePort(args) is not { } port)
        {
            Console.Error.WriteLine(Help);
            return 2;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));

        await using var app = builder.Build();
        app.MapGet("/v1/members/lookup", (string type, string value) => TypedResults.Ok(MemberCard.Sample));

        // Ctrl-C and SIGTERM stop the host; the lifetime's own "listening" line is below the Warning level.
        await app.StartAsync();
        Console.WriteLine($"baseline-server listening on http://127.0.0.1:{port} (Ctrl-C to stop)");
        await app.WaitForShutdownAsync();
        return 0;
    }

    private static int? ParsePort(string[] args)
    {
        var value = args switch
        {
            [] => "5090",
            ["--port", var port] => port,
            [var single] when single.StartsWith("--port=", StringComparison.Ordinal) => single["--port=".Length..],
            _ => null,
        };
        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed is > 0 and <= 65535
            ? parsed
            : null;
    }

    /// <summary>Same fields and roughly the same size as the gateway's lookup answer.</summary>
    private sealed record MemberCard(string MemberId, string LoyaltyNumber, string FirstName, string Tier, long PointsBalance)
    {
        public static MemberCard Sample { get; } = new("m01JD4S7Q8Z2X3V5N6B7C8D9EF", "123456789012", "Ann", "member", 1234);
    }
}
