using System.Net;
using System.Net.Http.Json;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.Gateway;

/// <summary>The deployed shape: the gateway as an Orleans client of separate silos, found through PostgreSQL membership.</summary>
public sealed class ClientModeTests : IAsyncLifetime
{
    private LoyaltyTestCluster cluster = null!;
    private GatewayFactory gateway = null!;

    public async Task InitializeAsync()
    {
        cluster = await LoyaltyTestCluster.StartAsync(silos: 1);
        gateway = GatewayFactory.ClientOf(cluster);
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await cluster.DisposeAsync();
    }

    [Fact]
    public async Task A_gateway_joined_as_a_client_enrols_looks_up_and_earns()
    {
        var admin = gateway.ClientWithKey(Api.AdminKey);
        var pos = gateway.ClientWithKey(Api.PosKey);
        var phone = Api.RandomPhone();

        var member = await Api.Enrol(admin, Api.EnrolBody(phone: phone));
        var card = await (await pos.GetAsync($"/v1/members/lookup?type=phone&value={Uri.EscapeDataString(phone)}")).Json(HttpStatusCode.OK);
        var purchase = await (await pos.PostAsJsonAsync($"/v1/members/{member["memberId"]}/purchases", Api.PurchaseBody("client-1", 12.99m))).Json(HttpStatusCode.OK);

        Assert.Equal((string)member["memberId"]!, (string)card["memberId"]!);
        Assert.Equal(12L, (long)purchase["pointsEarned"]!);
        Assert.Equal(HttpStatusCode.OK, (await gateway.ClientWithKey(null).GetAsync("/health/ready")).StatusCode);
    }
}
