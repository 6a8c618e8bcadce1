using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.Hosting;

/// <summary>With Orleans:Tls set, only holders of a certificate from the cluster's CA get past the Orleans ports.</summary>
public sealed class OrleansTlsTests
{
    private static readonly TimeSpan Verdict = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_gateway_holding_the_cluster_certificate_works_through_a_TLS_silo_and_other_peers_are_refused()
    {
        using var certificates = TestCertificates.Create();
        await using var database = await TestDatabase.CreateAsync();
        var siloSettings = DeployedSilo.Settings(database.ConnectionString);
        siloSettings["Orleans:AdvertisedIP"] = "127.0.0.1";
        foreach (var (name, value) in certificates.TlsSettings) siloSettings[name] = value;
        await using var silo = await DeployedSilo.StartAsync(siloSettings);
        var gatewaySettings = GatewayFactory.ClientSettings(database.ConnectionString, silo.Cluster.ClusterId, silo.Cluster.ServiceId);
        foreach (var (name, value) in certificates.TlsSettings) gatewaySettings[name] = value;
        await using var gateway = new GatewayFactory(gatewaySettings);

        using var cluster = certificates.LoadClusterCertificate();
        using var foreign = TestCertificates.FromUntrustedCa();

        await Api.Enrol(gateway.ClientWithKey(Api.AppKey));
        foreach (var port in new[] { silo.Endpoints.GatewayPort, silo.Endpoints.SiloPort })
        {
            await using (var accepted = await ConnectTls(port, cluster))
            {
                Assert.True(accepted.IsMutuallyAuthenticated, $"Port {port} did not take the cluster certificate.");
                Assert.Equal(cluster.Subject, accepted.RemoteCertificate?.Subject);
            }
            Assert.True(await IsRefused(port, clientCertificate: null), $"Port {port} kept a TLS session without a client certificate.");
            Assert.True(await IsRefused(port, foreign), $"Port {port} kept a TLS session with a certificate from an untrusted CA.");
        }
    }

    [Fact]
    public void A_missing_certificate_file_stops_start_up_with_the_setting_named()
    {
        var settings = DeployedSilo.Settings("Host=unused");
        settings["Orleans:Tls:CertificatePath"] = "/nonexistent/cluster.pfx";

        var failure = Assert.Throws<InvalidOperationException>(() => DeployedSilo.Build(settings));

        Assert.Contains("Orleans:Tls:CertificatePath '/nonexistent/cluster.pfx' could not be read", failure.Message);
    }

    [Fact]
    public void A_trusted_CA_without_a_certificate_is_refused_rather_than_leaving_TLS_off()
    {
        var settings = DeployedSilo.Settings("Host=unused");
        settings["Orleans:Tls:TrustedCaPath"] = "/etc/loyalty/ca.pem";

        var failure = Assert.Throws<InvalidOperationException>(() => DeployedSilo.Build(settings));

        Assert.Contains("no CertificatePath, so TLS would be off", failure.Message);
    }

    /// <summary>
    /// Whether a silo port turns away a TLS peer. Under TLS 1.3 the silo judges the client certificate after the
    /// client's side of the handshake is done, so its verdict is the next read: an alert or a close means refused,
    /// while an accepted peer finds the silo silently waiting for the Orleans preamble.
    /// </summary>
    private static async Task<bool> IsRefused(int port, X509Certificate2? clientCertificate)
    {
        try
        {
            await using var tls = await ConnectTls(port, clientCertificate);
            return await tls.ReadAsync(new byte[1]).AsTask().WaitAsync(Verdict) == 0;
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private static async Task<SslStream> ConnectTls(int port, X509Certificate2? clientCertificate)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var tls = new SslStream(new NetworkStream(socket, ownsSocket: true));
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = TestCertificates.ClusterName,
                ClientCertificates = clientCertificate is null ? null : [clientCertificate],
                // The silo's side of the handshake is under test, not its certificate (the gateway's call covers that).
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            }).WaitAsync(Verdict);
            return tls;
        }
        catch
        {
            await tls.DisposeAsync();
            throw;
        }
    }
}
