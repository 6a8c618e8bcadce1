using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansLoyalty.Integration.Tests.Infrastructure;

/// <summary>
/// A private CA and one cluster certificate it issued, written to files the way an operator provides them
/// (a password-protected .pfx and the CA as PEM), plus the <c>Orleans:Tls</c> settings that point at them.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    /// <summary>The shared DNS name every cluster certificate carries, which clients check.</summary>
    public const string ClusterName = "loyalty-cluster";

    private const string PfxPassword = "test-pfx-password";
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    private readonly string directory;

    private TestCertificates(string directory) => this.directory = directory;

    public Dictionary<string, string> TlsSettings => new()
    {
        ["Orleans:Tls:CertificatePath"] = Path.Combine(directory, "cluster.pfx"),
        ["Orleans:Tls:CertificatePassword"] = PfxPassword,
        ["Orleans:Tls:TrustedCaPath"] = Path.Combine(directory, "ca.pem"),
    };

    public static TestCertificates Create()
    {
        var certificates = new TestCertificates(Directory.CreateTempSubdirectory("loyalty-tls-").FullName);
        using var ca = CreateCa("Loyalty test CA");
        using var cluster = IssueClusterCertificate(ca);
        File.WriteAllText(certificates.TlsSettings["Orleans:Tls:TrustedCaPath"], ca.ExportCertificatePem());
        File.WriteAllBytes(certificates.TlsSettings["Orleans:Tls:CertificatePath"], cluster.Export(X509ContentType.Pfx, PfxPassword));
        return certificates;
    }

    /// <summary>The certificate every silo and gateway of the test cluster presents, as they load it.</summary>
    public X509Certificate2 LoadClusterCertificate() =>
        X509CertificateLoader.LoadPkcs12FromFile(TlsSettings["Orleans:Tls:CertificatePath"], PfxPassword);

    /// <summary>A certificate for the right name and purposes, but from a CA the cluster does not trust.</summary>
    public static X509Certificate2 FromUntrustedCa()
    {
        using var ca = CreateCa("Someone else's CA");
        return IssueClusterCertificate(ca);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static X509Certificate2 CreateCa(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>What every silo and gateway holds: server and client authentication for <see cref="ClusterName"/>.</summary>
    private static X509Certificate2 IssueClusterCertificate(X509Certificate2 ca)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={ClusterName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(ClusterName);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication, ClientAuthentication], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), ca.NotAfter.AddSeconds(-1), RandomNumberGenerator.GetBytes(16));
        return issued.CopyWithPrivateKey(key);
    }
}
