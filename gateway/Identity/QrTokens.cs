using System.Text;
using Microsoft.Extensions.Options;
using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.GrainInterfaces.Identity;

namespace OrleansLoyalty.Gateway.Identity;

/// <summary>The signing key of app QR tokens (<c>Loyalty:QrTokens:SigningKey</c>, base64); every gateway of a cluster needs the same one.</summary>
public sealed class QrTokenOptions
{
    public const string Section = "Loyalty:QrTokens";

    public string? SigningKey { get; set; }
}

/// <summary>
/// Stops the gateway at start-up rather than sign tokens with a key anyone could have: the key must be base64 of at
/// least <see cref="QrTokenCodec.MinimumKeyBytes"/> bytes, and outside Development it must not be the published
/// development key (its bytes start with <see cref="DevelopmentKeyPrefix"/>, see appsettings.Development.json).
/// Messages never show the key: they end up in logs.
/// </summary>
public sealed class QrTokenOptionsValidator(IHostEnvironment environment) : IValidateOptions<QrTokenOptions>
{
    public const string DevelopmentKeyPrefix = "dev-";
    private const string Generate = "Generate one with `openssl rand -base64 32` and give every gateway the same (environment variable Loyalty__QrTokens__SigningKey).";

    public ValidateOptionsResult Validate(string? name, QrTokenOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.SigningKey))
        {
            return ValidateOptionsResult.Fail($"No QR token signing key is configured ({QrTokenOptions.Section}:SigningKey), and the gateway does not start without one. {Generate}");
        }
        if (KeyBytes(options) is not { } key)
        {
            return ValidateOptionsResult.Fail($"The QR token signing key ({QrTokenOptions.Section}:SigningKey) is not base64. {Generate}");
        }
        if (key.Length < QrTokenCodec.MinimumKeyBytes)
        {
            return ValidateOptionsResult.Fail($"The QR token signing key has {key.Length} bytes; it needs at least {QrTokenCodec.MinimumKeyBytes}. {Generate}");
        }
        if (!environment.IsDevelopment() && key.AsSpan().StartsWith(Encoding.ASCII.GetBytes(DevelopmentKeyPrefix)))
        {
            return ValidateOptionsResult.Fail($"The QR token signing key is the development key, published in the repository; it is accepted only in Development. {Generate}");
        }
        return ValidateOptionsResult.Success;
    }

    public static byte[]? KeyBytes(QrTokenOptions options)
    {
        try
        {
            return Convert.FromBase64String(options.SigningKey ?? "");
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>
/// Issues app QR tokens and resolves them, once, to their member. Signature and expiry are checked here, so a forged
/// or stale token costs no call into the cluster; the single use is recorded by <see cref="IQrTokenUsesGrain"/>.
/// </summary>
public sealed class QrTokens(IOptions<QrTokenOptions> options, IGrainFactory grains, TimeProvider time)
{
    private readonly QrTokenCodec codec = new(QrTokenOptionsValidator.KeyBytes(options.Value)!);

    public (string Token, DateTimeOffset ExpiresAt) Issue(string memberId)
    {
        var token = QrTokenCodec.New(memberId, time.GetUtcNow());
        return (codec.Encode(token), token.ExpiresAt);
    }

    /// <summary>The member the token names, the first time it is presented; null when it is forged, expired or used.</summary>
    public async Task<string?> Redeem(string text)
    {
        if (codec.Read(text, time.GetUtcNow()).Token is not { } token) return null;
        return await grains.GetGrain<IQrTokenUsesGrain>(0).TryUse(token.Id, token.ExpiresAt) ? token.MemberId : null;
    }
}

public static class QrTokenExtensions
{
    public static IServiceCollection AddQrTokens(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<QrTokenOptions>().Bind(configuration.GetSection(QrTokenOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<QrTokenOptions>, QrTokenOptionsValidator>();
        services.AddSingleton<QrTokens>();
        return services;
    }
}
