using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.Hosting;

/// <summary>Anyone who reaches an Orleans port can call any grain, so a silo listens on its advertised address only.</summary>
public sealed class SiloEndpointTests
{
    private static readonly IPAddress OtherLoopback = IPAddress.Parse("127.0.0.2");
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_silo_advertising_127_0_0_1_accepts_connections_there_and_not_on_another_loopback_address()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = DeployedSilo.Settings(database.ConnectionString);
        settings["Orleans:AdvertisedIP"] = "127.0.0.1";
        // Production, so the address comes from the setting rather than from the Development fallback.
        await using var silo = await DeployedSilo.StartAsync(settings, Environments.Production);

        foreach (var port in new[] { silo.Endpoints.SiloPort, silo.Endpoints.GatewayPort })
        {
            Assert.True(await Accepts(IPAddress.Loopback, port), $"Nothing accepts on 127.0.0.1:{port}.");
            Assert.False(await Accepts(OtherLoopback, port), $"127.0.0.2:{port} accepts: the silo listens beyond its advertised address.");
        }
    }

    [Fact]
    public async Task Without_an_advertised_address_a_Development_silo_keeps_to_loopback()
    {
        await using var silo = DeployedSilo.Build(DeployedSilo.Settings("Host=unused"), Environments.Development);

        Assert.Equal(IPAddress.Loopback, silo.Endpoints.AdvertisedIPAddress);
        AssertListensOnAdvertisedAddressOnly(silo);
    }

    [Fact]
    public async Task Without_an_advertised_address_a_Production_silo_takes_its_own_non_loopback_address()
    {
        await using var silo = DeployedSilo.Build(DeployedSilo.Settings("Host=unused"), Environments.Production);

        // Orleans' choice, which gives each compose replica its container address: the lowest non-loopback
        // IPv4 address of an interface that is up (loopback on a machine without one).
        var expected = NonLoopbackIPv4Addresses().MinBy(address => BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes())) ?? IPAddress.Loopback;
        Assert.Equal(expected, silo.Endpoints.AdvertisedIPAddress);
        AssertListensOnAdvertisedAddressOnly(silo);
    }

    [Fact]
    public async Task ListenOnAnyHostAddress_opts_into_every_interface()
    {
        var settings = DeployedSilo.Settings("Host=unused");
        settings["Orleans:AdvertisedIP"] = "10.1.2.3";
        settings["Orleans:ListenOnAnyHostAddress"] = "true";
        await using var silo = DeployedSilo.Build(settings, Environments.Production);

        Assert.Equal(IPAddress.Parse("10.1.2.3"), silo.Endpoints.AdvertisedIPAddress);
        Assert.Equal(new IPEndPoint(IPAddress.Any, silo.Endpoints.SiloPort), silo.Endpoints.SiloListeningEndpoint);
        Assert.Equal(new IPEndPoint(IPAddress.Any, silo.Endpoints.GatewayPort), silo.Endpoints.GatewayListeningEndpoint);
    }

    /// <summary>Without listening endpoints of its own, Orleans binds the sockets to the advertised address.</summary>
    private static void AssertListensOnAdvertisedAddressOnly(DeployedSilo silo)
    {
        Assert.Null(silo.Endpoints.SiloListeningEndpoint);
        Assert.Null(silo.Endpoints.GatewayListeningEndpoint);
    }

    private static async Task<bool> Accepts(IPAddress address, int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(address, port).WaitAsync(ConnectTimeout);
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return false;
        }
    }

    private static IEnumerable<IPAddress> NonLoopbackIPv4Addresses() => NetworkInterface.GetAllNetworkInterfaces()
        .Where(networkInterface => networkInterface.OperationalStatus == OperationalStatus.Up)
        .SelectMany(networkInterface => networkInterface.GetIPProperties().UnicastAddresses)
        .Select(unicast => unicast.Address)
        .Where(address => address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(address));
}
