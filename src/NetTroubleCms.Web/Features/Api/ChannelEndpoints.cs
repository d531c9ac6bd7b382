using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using NetTroubleCms.Web.Features.Guide;
using NetTroubleCms.Web.Infrastructure;

namespace NetTroubleCms.Web.Features.Api;

/// <summary><c>/api/v1/channels</c>: every contact channel of every agency, flattened.</summary>
public static class ChannelEndpoints
{
    /// <summary>Maps the channel routes under <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapChannels(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/channels").WithTags("Channels");
        group.MapGet("/", ListAsync)
            .WithName("ListChannels")
            .WithSummary("List contact channels")
            .WithDescription("Channels flattened out of the agencies' Channels bags, each with its agency's id and name. `kind=phone` gives every phone number in the guide.");
        return group;
    }

    private static async Task<Results<CachedJson<PageResponse<ChannelResponse>>, ValidationProblem>> ListAsync(
        HttpContext http,
        [Description("ja-JP (default), en or ja-x-easy.")] string? culture,
        [Description("in-person, phone, email, chat, sns, webform or website.")] string? kind,
        [Description("Only channels of this agency (content item id).")] string? agencyId,
        [Description("Text search over value, label, notes and the agency name.")] string? q,
        [Description("1-based page number (default 1).")] int? page,
        [Description("Items per page (default 20, at most 100; a page also stops at about 56 KB).")] int? pageSize)
    {
        var options = ApiRequest.Options(http);
        if (!ApiRequest.TryResolveCulture(culture, http.Request, out var c, out var errors)
            | !ApiRequest.TryKind(kind, errors, out var kindKey)
            | !ApiRequest.TryPaging(page, pageSize, options, errors, out var p, out var size))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (snapshot, guide) = await ApiRequest.GuideAsync(http, c);
        // Any translation's id selects the agency, so ids from a ja-JP listing also work with culture=en.
        var onlyAgency = agencyId is null ? null : AgencyEndpoints.Find(snapshot, guide, agencyId)?.Id ?? "";
        var budget = ApiRequest.Paging(http).ApiPageBytes;
        // A page is a pure function of the snapshot and these values: built and serialised once per snapshot.
        return await SnapshotJson.GetAsync(http, snapshot, string.Join('\n', "channels", guide.Culture, kindKey, onlyAgency, q, p, size), () =>
        {
            var matches = guide.Agencies
                .Where(a => onlyAgency is null || a.Id == onlyAgency)
                .SelectMany(a => a.ToChannels(snapshot))
                .Where(ch => kindKey is null || ch.KindKey == kindKey)
                .Where(ch => ApiRequest.Matches(q, ch.Value, ch.Label, ch.Notes, ch.Hours, ch.AgencyTitle))
                .ToList();
            return ApiRequest.ToPage(
                matches,
                p,
                size,
                budget,
                PageWeights.JsonChannel,
                ch => ch,
                next => ApiRequest.PageHref("/api/v1/channels", next, ("culture", guide.Culture), ("kind", kindKey), ("agencyId", onlyAgency), ("q", q), ("pageSize", ApiRequest.PageSizeParameter(size, options))));
        });
    }
}
