using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OrleansLoyalty.Gateway.Problems;

namespace OrleansLoyalty.Gateway.Security;

/// <summary>A touchpoint credential from configuration (<c>ApiKeys</c> section): the key, who holds it, and its role.</summary>
public sealed record ApiKeyDefinition(string Key, string Name, string Role)
{
    /// <summary>The coalition partner a <c>partner</c> key acts for (only that one); null for every other role.</summary>
    public string? PartnerId { get; init; }
}

public static class Roles
{
    public const string Admin = "admin";
    public const string Pos = "pos";
    public const string App = "app";

    /// <summary>
    /// A website's frontend: may send behavioural events, nothing else, since a key used from a browser cannot be
    /// kept secret from its visitors.
    /// </summary>
    public const string Web = "web";

    /// <summary>Integrators (Zapier/Make/n8n style): may read the change feed, nothing else.</summary>
    public const string Integration = "integration";

    /// <summary>A coalition partner: posts earn and burn for members who linked its id and reads its own settlement, as the one partner its key is bound to.</summary>
    public const string Partner = "partner";

    public static readonly IReadOnlyList<string> All = [Admin, Pos, App, Web, Integration, Partner];

    /// <summary>The claim that carries the partner a <see cref="Partner"/> key is bound to.</summary>
    public const string PartnerClaim = "partner_id";
}

/// <summary>
/// Authenticates the <c>X-Api-Key</c> header against the configured keys. A missing or unknown key is a
/// 401 and a role the endpoint does not allow is a 403, both as problem responses.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<ApiKeyRegistry> registry)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var presented) || string.IsNullOrEmpty(presented))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        return Task.FromResult(registry.CurrentValue.TryFind(presented.ToString(), out var caller)
            ? AuthenticateResult.Success(new AuthenticationTicket(caller, SchemeName))
            : AuthenticateResult.Fail("Unknown API key."));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Problem.Unauthorized($"Send a valid API key in the {HeaderName} header.").ExecuteAsync(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problem.Forbidden("This API key's role may not call this endpoint.").ExecuteAsync(Context);
}

/// <summary>The configured keys, each with the principal it authenticates as (built once, not per request).</summary>
public sealed class ApiKeyRegistry
{
    private Dictionary<string, ClaimsPrincipal>? callers;

    public List<ApiKeyDefinition> Keys { get; } = [];

    public bool TryFind(string presented, [NotNullWhen(true)] out ClaimsPrincipal? caller)
    {
        callers ??= Keys.ToDictionary(
            key => key.Key,
            key => new ClaimsPrincipal(new ClaimsIdentity(
                [
                    new Claim(ClaimTypes.Name, key.Name), new Claim(ClaimTypes.Role, key.Role),
                    .. key.PartnerId is { } partner ? [new Claim(Roles.PartnerClaim, partner)] : Array.Empty<Claim>(),
                ],
                ApiKeyAuthenticationHandler.SchemeName)),
            StringComparer.Ordinal);
        return callers.TryGetValue(presented, out caller);
    }
}

/// <summary>
/// Stops the gateway at start-up rather than let it run with keys anyone could use. In every environment each key
/// needs a name, a known role and a value of its own. Outside Development there must be keys, and none may be a
/// published development key (<c>dev-*</c>, see appsettings.Development.json) or shorter than <see cref="MinimumKeyLength"/>.
/// Messages name keys by position and holder, never by value: they end up in logs.
/// </summary>
public sealed class ApiKeyRegistryValidator(IHostEnvironment environment) : IValidateOptions<ApiKeyRegistry>
{
    public const int MinimumKeyLength = 32;
    public const string DevelopmentKeyPrefix = "dev-";

    private static readonly IReadOnlyList<string> KnownRoles = Roles.All;

    public ValidateOptionsResult Validate(string? name, ApiKeyRegistry options)
    {
        var failures = new List<string>();
        var outsideDevelopment = !environment.IsDevelopment();
        if (outsideDevelopment && options.Keys.Count == 0)
        {
            failures.Add($"No API keys are configured, and outside Development the gateway does not start without them. Configure ApiKeys:N:Key, ApiKeys:N:Name and ApiKeys:N:Role (environment variables ApiKeys__0__Key, ApiKeys__0__Name, ApiKeys__0__Role, ...); generate each key with `openssl rand -hex 32`.");
        }
        for (var index = 0; index < options.Keys.Count; index++)
        {
            var key = options.Keys[index];
            var which = $"API key ApiKeys:{index} ({key.Name})";
            if (string.IsNullOrWhiteSpace(key.Name))
            {
                failures.Add($"API key ApiKeys:{index} has no Name; the name is the actor recorded for its calls.");
            }
            if (!KnownRoles.Contains(key.Role, StringComparer.Ordinal))
            {
                failures.Add($"{which} has role '{key.Role}'; the roles are {string.Join(", ", KnownRoles)}.");
            }
            if (key.Role == Roles.Partner && string.IsNullOrWhiteSpace(key.PartnerId))
            {
                failures.Add($"{which} has role partner but no PartnerId; a partner key acts for exactly one partner of the program.");
            }
            if (key.Role != Roles.Partner && key.PartnerId is not null)
            {
                failures.Add($"{which} has a PartnerId but role '{key.Role}'; only partner keys are bound to a partner.");
            }
            if (string.IsNullOrWhiteSpace(key.Key))
            {
                failures.Add($"{which} has no Key.");
            }
            else if (outsideDevelopment && key.Key.StartsWith(DevelopmentKeyPrefix, StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"{which} is a development key ({DevelopmentKeyPrefix}*), published in the repository; it is accepted only in Development. Generate one with `openssl rand -hex 32`.");
            }
            else if (outsideDevelopment && key.Key.Length < MinimumKeyLength)
            {
                failures.Add($"{which} has {key.Key.Length} characters; keys need at least {MinimumKeyLength}. Generate one with `openssl rand -hex 32`.");
            }
        }
        var sharedKeys = options.Keys
            .Select((key, index) => (key.Key, index))
            .Where(entry => !string.IsNullOrWhiteSpace(entry.Key))
            .GroupBy(entry => entry.Key, StringComparer.Ordinal)
            .Where(group => group.Count() > 1);
        foreach (var shared in sharedKeys)
        {
            failures.Add($"API keys {string.Join(", ", shared.Select(entry => $"ApiKeys:{entry.index}"))} have the same Key; each key must identify one caller.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

public static class ApiKeyAuthenticationExtensions
{
    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiKeyRegistry>()
            .Configure(registry => registry.Keys.AddRange(configuration.GetSection("ApiKeys").Get<List<ApiKeyDefinition>>() ?? []))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiKeyRegistry>, ApiKeyRegistryValidator>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        return services;
    }

    /// <summary>Only callers holding one of <paramref name="roles"/> reach the endpoints.</summary>
    public static TBuilder AllowRoles<TBuilder>(this TBuilder builder, params string[] roles) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(policy => policy.RequireRole(roles));
}
