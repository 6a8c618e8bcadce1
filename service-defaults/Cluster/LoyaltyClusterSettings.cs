using System.Net;
using Microsoft.Extensions.Configuration;

namespace OrleansLoyalty.ServiceDefaults.Cluster;

/// <summary>
/// Where the cluster lives, read once from configuration (appsettings, or environment variables such as
/// <c>ConnectionStrings__Loyalty</c> and <c>Orleans__ClusterId</c>). Silos and gateways must agree on all of it.
/// </summary>
/// <param name="AdvertisedAddress">
/// The address a silo publishes in the membership table and listens on. When null, a silo in Development
/// uses loopback and elsewhere Orleans picks this host's first (lowest) non-loopback IPv4 address.
/// </param>
/// <param name="ListenOnAnyHostAddress">
/// Listen on every interface instead of only the advertised address: only for an advertised address that
/// is not on this host (NAT, port forwarding), where the listening socket could not bind to it.
/// </param>
/// <param name="Tls">Mutual TLS between silos and clients when <c>Orleans:Tls:CertificatePath</c> is set.</param>
public sealed record LoyaltyClusterSettings(
    string ConnectionString,
    string ClusterId,
    string ServiceId,
    int SiloPort,
    int GatewayPort,
    IPAddress? AdvertisedAddress,
    bool ListenOnAnyHostAddress,
    LoyaltyTlsSettings? Tls)
{
    public static LoyaltyClusterSettings From(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Loyalty");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "No PostgreSQL connection string: set ConnectionStrings:Loyalty (environment variable ConnectionStrings__Loyalty), or start with scripts/up.sh, which provisions one.");
        }
        var orleans = configuration.GetSection("Orleans");
        return new LoyaltyClusterSettings(
            connectionString,
            orleans["ClusterId"] ?? "loyalty",
            orleans["ServiceId"] ?? "orleans-loyalty",
            orleans.GetValue("SiloPort", 11111),
            orleans.GetValue("GatewayPort", 30000),
            ParseAdvertisedAddress(orleans["AdvertisedIP"]),
            orleans.GetValue("ListenOnAnyHostAddress", false),
            LoyaltyTlsSettings.From(orleans.GetSection("Tls")));
    }

    private static IPAddress? ParseAdvertisedAddress(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured)) return null;
        return IPAddress.TryParse(configured, out var address)
            ? address
            : throw new InvalidOperationException(
                $"Orleans:AdvertisedIP '{configured}' is not an IP address: give this silo's address on the private network (127.0.0.1 for a single machine), or leave it unset.");
    }
}
