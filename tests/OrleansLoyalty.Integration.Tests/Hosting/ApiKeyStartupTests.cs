using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using OrleansLoyalty.Gateway.Identity;
using OrleansLoyalty.Gateway.Security;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.Hosting;

/// <summary>Outside Development the gateway starts only with API keys and a QR token signing key nobody else knows.</summary>
public sealed class ApiKeyStartupTests
{
    private const string UnknownMemberLookup = "/v1/members/lookup?type=email&value=nobody%40example.com";

    [Fact]
    public async Task In_Production_a_gateway_without_api_keys_refuses_to_start()
    {
        var failure = await StartupFailure(keys: []);

        Assert.Contains("No API keys are configured", failure.Message);
        Assert.Contains("openssl rand -hex 32", failure.Message);
    }

    [Theory]
    [InlineData("dev-pos-key", "development key")]
    [InlineData("dev-0123456789abcdef0123456789abcdef", "development key")]
    [InlineData("0123456789abcdef", "at least 32")]
    public async Task In_Production_a_gateway_with_a_development_or_short_key_refuses_to_start(string weakKey, string reason)
    {
        var failure = await StartupFailure(KeySettings((NewKey(), "admin"), (weakKey, "pos")));

        Assert.Contains($"ApiKeys:1 (pos-holder)", failure.Message);
        Assert.Contains(reason, failure.Message);
        Assert.DoesNotContain("ApiKeys:0", failure.Message);
        // The message goes to logs: it names the key by position and holder, never by value.
        Assert.DoesNotContain(weakKey, failure.Message);
    }

    [Fact]
    public async Task In_Production_a_gateway_with_strong_keys_starts_and_accepts_only_those_keys()
    {
        await using var cluster = await LoyaltyTestCluster.StartAsync(silos: 1);
        var posKey = NewKey();
        var settings = GatewayFactory.ClientSettings(cluster.Database.ConnectionString, cluster.Cluster.Options.ClusterId, cluster.Cluster.Options.ServiceId);
        foreach (var (name, value) in KeySettings((NewKey(), "admin"), (posKey, "pos"))) settings[name] = value;
        settings[QrKeySetting] = NewQrKey();
        await using var gateway = new GatewayFactory(settings, Environments.Production);

        await (await gateway.ClientWithKey(posKey).GetAsync(UnknownMemberLookup)).Problem(HttpStatusCode.NotFound, "member-not-found");
        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.ClientWithKey(Api.PosKey).GetAsync(UnknownMemberLookup)).StatusCode);
    }

    [Fact]
    public void Every_key_in_appsettings_Development_json_works_in_Development_only()
    {
        var developmentFile = Path.Combine(RepositoryRoot(), "gateway", "appsettings.Development.json");
        var registry = new ApiKeyRegistry();
        registry.Keys.AddRange(new ConfigurationBuilder().AddJsonFile(developmentFile).Build()
            .GetSection("ApiKeys").Get<List<ApiKeyDefinition>>() ?? []);

        var inDevelopment = ValidatorIn(Environments.Development).Validate(null, registry);
        var inProduction = ValidatorIn(Environments.Production).Validate(null, registry);

        Assert.NotEmpty(registry.Keys);
        Assert.True(inDevelopment.Succeeded, inDevelopment.FailureMessage);
        Assert.Equal(registry.Keys.Count, inProduction.Failures!.Count(failure => failure.Contains("development key")));
    }

    [Fact]
    public void In_any_environment_a_key_needs_a_known_role_and_a_value_of_its_own()
    {
        var registry = new ApiKeyRegistry();
        var shared = NewKey();
        registry.Keys.AddRange([new(shared, "till-1", "pos"), new(shared, "till-2", "pos"), new(NewKey(), "ops", "Admin")]);

        var result = ValidatorIn(Environments.Development).Validate(null, registry);

        Assert.Contains(result.Failures!, failure => failure.Contains("ApiKeys:0, ApiKeys:1 have the same Key"));
        Assert.Contains(result.Failures!, failure => failure.Contains("ApiKeys:2 (ops) has role 'Admin'"));
    }

    [Theory]
    [InlineData(null, "No QR token signing key is configured")]
    [InlineData("not base64!", "is not base64")]
    [InlineData("c2hvcnQ=", "it needs at least 32")]
    [InlineData(Api.QrSigningKey, "the development key")]
    public async Task In_Production_a_gateway_without_a_strong_qr_token_signing_key_refuses_to_start(string? key, string reason)
    {
        var settings = KeySettings((NewKey(), "admin"));
        settings[QrKeySetting] = key ?? "";

        var failure = await StartupFailure(settings);

        Assert.Contains(reason, failure.Message);
        Assert.Contains("openssl rand -base64 32", failure.Message);
        if (key is not null) Assert.DoesNotContain(key, failure.Message);
    }

    [Fact]
    public void The_qr_token_signing_key_of_appsettings_Development_json_works_in_Development_only()
    {
        var options = new QrTokenOptions
        {
            SigningKey = new ConfigurationBuilder().AddJsonFile(Path.Combine(RepositoryRoot(), "gateway", "appsettings.Development.json")).Build()[QrKeySetting],
        };

        Assert.Equal(Api.QrSigningKey, options.SigningKey);
        Assert.True(new QrTokenOptionsValidator(new HostingEnvironment { EnvironmentName = Environments.Development }).Validate(null, options).Succeeded);
        Assert.True(new QrTokenOptionsValidator(new HostingEnvironment { EnvironmentName = Environments.Production }).Validate(null, options).Failed);
    }

    private const string QrKeySetting = "Loyalty:QrTokens:SigningKey";

    /// <summary>What the README tells operators to run for the QR token key: <c>openssl rand -base64 32</c>.</summary>
    private static string NewQrKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Starts a gateway: key validation comes first, so no cluster or database is needed.</summary>
    private static async Task<OptionsValidationException> StartupFailure(Dictionary<string, string> keys)
    {
        var settings = new Dictionary<string, string>(keys)
        {
            ["ConnectionStrings:Loyalty"] = "Host=127.0.0.1;Port=1;Database=never-opened",
        };
        settings.TryAdd(QrKeySetting, NewQrKey());
        await using var gateway = new GatewayFactory(settings, Environments.Production);
        var thrown = Record.Exception(() => gateway.CreateClient());
        Assert.NotNull(thrown);
        return Assert.IsType<OptionsValidationException>(thrown.GetBaseException());
    }

    private static Dictionary<string, string> KeySettings(params (string Key, string Role)[] keys)
    {
        var settings = new Dictionary<string, string>();
        for (var index = 0; index < keys.Length; index++)
        {
            settings[$"ApiKeys:{index}:Key"] = keys[index].Key;
            settings[$"ApiKeys:{index}:Name"] = keys[index].Role + "-holder";
            settings[$"ApiKeys:{index}:Role"] = keys[index].Role;
        }
        return settings;
    }

    /// <summary>What the README tells operators to run: <c>openssl rand -hex 32</c>.</summary>
    private static string NewKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private static ApiKeyRegistryValidator ValidatorIn(string environment) =>
        new(new HostingEnvironment { EnvironmentName = environment });

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OrleansLoyalty.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException($"No OrleansLoyalty.sln above {AppContext.BaseDirectory}.");
    }
}
