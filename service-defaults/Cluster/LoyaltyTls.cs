using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Orleans.Connections.Security;

namespace OrleansLoyalty.ServiceDefaults.Cluster;

/// <summary>
/// Mutual TLS on the Orleans ports (<c>Orleans:Tls</c>): every silo and every gateway presents a certificate and
/// accepts only peers whose certificate it trusts, so reaching a port is no longer enough to call grains.
/// </summary>
/// <param name="CertificatePath">PKCS#12 (.pfx) file with this process's certificate and private key; usable for server and client authentication.</param>
/// <param name="CertificatePassword">The .pfx password, if it has one.</param>
/// <param name="TrustedCaPath">
/// PEM file of the CA certificate(s) that issued the cluster's certificates (a private CA). When unset, peers
/// must present certificates the operating system's trust store accepts.
/// </param>
/// <param name="TargetHost">
/// The DNS name a silo's certificate must carry when this process connects to it. Defaults to the DNS name of
/// this process's own certificate, for the usual case of one shared cluster name in every certificate.
/// </param>
public sealed record LoyaltyTlsSettings(string CertificatePath, string? CertificatePassword, string? TrustedCaPath, string? TargetHost)
{
    public const string Section = "Orleans:Tls";

    /// <summary>Null when TLS is off; a section with TLS details but no certificate is refused, not ignored.</summary>
    internal static LoyaltyTlsSettings? From(IConfiguration tls)
    {
        var certificatePath = NullIfBlank(tls["CertificatePath"]);
        var trustedCaPath = NullIfBlank(tls["TrustedCaPath"]);
        var targetHost = NullIfBlank(tls["TargetHost"]);
        if (certificatePath is null)
        {
            if (trustedCaPath is not null || targetHost is not null)
            {
                throw new InvalidOperationException(
                    $"{Section} has settings but no CertificatePath, so TLS would be off: set {Section}:CertificatePath (environment variable Orleans__Tls__CertificatePath) or remove the other {Section} settings.");
            }
            return null;
        }
        return new LoyaltyTlsSettings(certificatePath, tls["CertificatePassword"], trustedCaPath, targetHost);
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

public static class LoyaltyTls
{
    public static ISiloBuilder UseLoyaltyTls(this ISiloBuilder silo, LoyaltyTlsSettings settings)
    {
        var credentials = TlsCredentials.Load(settings);
        return silo.UseTls(credentials.Certificate, credentials.Configure);
    }

    public static IClientBuilder UseLoyaltyTls(this IClientBuilder client, LoyaltyTlsSettings settings)
    {
        var credentials = TlsCredentials.Load(settings);
        return client.UseTls(credentials.Certificate, credentials.Configure);
    }

    /// <summary>What both ends of a connection need, loaded once at start-up so a bad file stops the process there.</summary>
    private sealed class TlsCredentials(X509Certificate2 certificate, X509Certificate2Collection? trustedRoots, string targetHost)
    {
        public X509Certificate2 Certificate => certificate;

        public static TlsCredentials Load(LoyaltyTlsSettings settings)
        {
            var certificate = LoadCertificate(settings);
            var trustedRoots = settings.TrustedCaPath is { } caPath ? LoadTrustedRoots(caPath) : null;
            var targetHost = settings.TargetHost ?? certificate.GetNameInfo(X509NameType.DnsName, forIssuer: false);
            if (string.IsNullOrEmpty(targetHost))
            {
                throw new InvalidOperationException(
                    $"The certificate in {LoyaltyTlsSettings.Section}:CertificatePath names no host: set {LoyaltyTlsSettings.Section}:TargetHost to the DNS name the silos' certificates carry.");
            }
            return new TlsCredentials(certificate, trustedRoots, targetHost);
        }

        public void Configure(TlsOptions options)
        {
            // Both directions authenticate: a silo refuses callers without a trusted certificate, and this
            // process presents its own when it connects (a missing one fails here, at start-up).
            options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            options.OnAuthenticateAsClient = (_, client) => client.TargetHost = targetHost;
            if (trustedRoots is not null)
            {
                options.RemoteCertificateValidation = IssuedByTrustedRoot;
            }
        }

        /// <summary>
        /// The platform check fails a private CA's chain; everything else it found (a wrong host name, no
        /// certificate) still fails, and the chain must end in one of the configured roots.
        /// </summary>
        private bool IssuedByTrustedRoot(X509Certificate2 remote, X509Chain? presented, SslPolicyErrors errors)
        {
            if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None) return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(trustedRoots!);
            // A private CA seldom publishes revocation lists; rotating it (or its certificates) is the remedy.
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (presented is not null)
            {
                foreach (var element in presented.ChainElements)
                {
                    chain.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }
            return chain.Build(remote);
        }

        private static X509Certificate2 LoadCertificate(LoyaltyTlsSettings settings)
        {
            X509Certificate2 certificate;
            try
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(settings.CertificatePath, settings.CertificatePassword);
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException(
                    $"{LoyaltyTlsSettings.Section}:CertificatePath '{settings.CertificatePath}' could not be read as a PKCS#12 (.pfx) file with {LoyaltyTlsSettings.Section}:CertificatePassword: {e.Message}", e);
            }
            if (!certificate.HasPrivateKey)
            {
                throw new InvalidOperationException(
                    $"{LoyaltyTlsSettings.Section}:CertificatePath '{settings.CertificatePath}' holds no private key, so this process could not prove it owns the certificate.");
            }
            return certificate;
        }

        private static X509Certificate2Collection LoadTrustedRoots(string caPath)
        {
            var roots = new X509Certificate2Collection();
            try
            {
                roots.ImportFromPemFile(caPath);
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException(
                    $"{LoyaltyTlsSettings.Section}:TrustedCaPath '{caPath}' could not be read as PEM certificates: {e.Message}", e);
            }
            return roots.Count > 0
                ? roots
                : throw new InvalidOperationException($"{LoyaltyTlsSettings.Section}:TrustedCaPath '{caPath}' holds no PEM certificate.");
        }
    }
}
