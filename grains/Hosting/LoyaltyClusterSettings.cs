using System.Net;
using Microsoft.Extensions.Configuration;

namespace OrleansLoyalty.Grains.Hosting;

/// <summary>
/// Where the cluster lives, read once from configuration (appsettings, or environment variables such as
/// <c>ConnectionStrings__Loyalty</c> and <c>Orleans__ClusterId</c>). Silos and gateways must agree on all of it.
/// </summary>
public sealed record LoyaltyClusterSettings(
    string ConnectionString,
    string ClusterId,
    string ServiceId,
    int SiloPort,
    int GatewayPort,
    IPAddress? AdvertisedAddress)
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
        var advertised = orleans["AdvertisedIP"];
        return new LoyaltyClusterSettings(
            connectionString,
            orleans["ClusterId"] ?? "loyalty",
            orleans["ServiceId"] ?? "orleans-loyalty",
            orleans.GetValue("SiloPort", 11111),
            orleans.GetValue("GatewayPort", 30000),
            string.IsNullOrWhiteSpace(advertised) ? null : IPAddress.Parse(advertised));
    }
}
