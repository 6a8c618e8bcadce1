using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansLoyalty.Gateway.Members;
using OrleansLoyalty.Gateway.Problems;
using OrleansLoyalty.Gateway.Security;
using OrleansLoyalty.GrainInterfaces.Identity;

namespace OrleansLoyalty.Gateway.Identity;

/// <summary>Profile changes: names, locale and time zone, recorded as an event in the member's stream.</summary>
public static class ProfileApi
{
    public static IEndpointRouteBuilder MapProfileApi(this IEndpointRouteBuilder app, RouteGroupBuilder memberGroup)
    {
        memberGroup.MapPatch("/profile", Update).WithTags("Identity").AllowRoles(Roles.Admin, Roles.App)
            .Accepts<ProfilePatchRequest>("application/merge-patch+json", "application/json")
            .WithSummary("Change names, locale or time zone (JSON merge patch: a field left out is unchanged, null clears it).");
        return app;
    }

    private static async Task<Results<Ok<ProfileResponse>, ValidationProblem, ProblemHttpResult>> Update(
        string memberId, JsonElement body, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        if (ProfileValidation.Patch(body, caller.Identity!.Name!, errors) is not { } command) return errors.ToProblem();

        var result = await grains.GetGrain<IProfileGrain>(memberId).UpdateProfile(command);
        return result.Status switch
        {
            ProfileUpdateStatus.Updated or ProfileUpdateStatus.Unchanged when result.Profile is { } profile => TypedResults.Ok(ProfileResponse.From(profile.Profile)),
            ProfileUpdateStatus.MemberNotFound => Problem.MemberNotFound(memberId),
            ProfileUpdateStatus.Rejected => Problem.Unstorable(),
            _ => Problem.RetryLater(),
        };
    }
}

/// <summary>For the API description only: the body is read as a merge patch, field by field.</summary>
public sealed record ProfilePatchRequest(string? FirstName, string? LastName, string? Locale, string? TimeZone);
