using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OrleansLoyalty.Gateway.Problems;

namespace OrleansLoyalty.Gateway.Security;

/// <summary>A touchpoint credential from configuration (<c>ApiKeys</c> section): the key, who holds it, and its role.</summary>
public sealed record ApiKeyDefinition(string Key, string Name, string Role);

public static class Roles
{
    public const string Admin = "admin";
    public const string Pos = "pos";
    public const string App = "app";
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
                [new Claim(ClaimTypes.Name, key.Name), new Claim(ClaimTypes.Role, key.Role)],
                ApiKeyAuthenticationHandler.SchemeName)),
            StringComparer.Ordinal);
        return callers.TryGetValue(presented, out caller);
    }
}

public static class ApiKeyAuthenticationExtensions
{
    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ApiKeyRegistry>(registry => registry.Keys.AddRange(
            configuration.GetSection("ApiKeys").Get<List<ApiKeyDefinition>>() ?? []));
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        return services;
    }

    /// <summary>Only callers holding one of <paramref name="roles"/> reach the endpoints.</summary>
    public static TBuilder AllowRoles<TBuilder>(this TBuilder builder, params string[] roles) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(policy => policy.RequireRole(roles));
}
