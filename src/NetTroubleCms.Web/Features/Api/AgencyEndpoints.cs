using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using NetTroubleCms.Content.Snapshot;
using NetTroubleCms.Web.Features.Guide;
using NetTroubleCms.Web.Infrastructure;

namespace NetTroubleCms.Web.Features.Api;

/// <summary><c>/api/v1/agencies</c>: the help agencies with their channels.</summary>
public static class AgencyEndpoints
{
    /// <summary>Maps the agency routes under <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapAgencies(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/agencies").WithTags("Agencies");
        group.MapGet("/", ListAsync)
            .WithName("ListAgencies")
            .WithSummary("List agencies")
            .WithDescription("Agencies in leaflet order. Filter by channel kind (`kind=phone` lists agencies reachable by phone) and by text (`q` searches name, badge, description and channel values, ignoring case, width and kana type). Paged.");
        group.MapGet("/{**idOrPath}", GetAsync)
            .WithName("GetAgency")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Get one agency by id or path")
            .WithDescription("Accepts the content item id of any translation, the page path (`agencies/jinken`) or its last segment (`jinken`). The agency is returned in the requested culture.");
        return group;
    }

    private static async Task<Results<CachedJson<PageResponse<AgencyResponse>>, ValidationProblem>> ListAsync(
        HttpContext http,
        [Description("ja-JP (default), en or ja-x-easy. Without it, Accept-Language decides. Missing translations fall back to ja-JP and are flagged isFallback.")] string? culture,
        [Description("Only agencies with a channel of this kind: in-person, phone, email, chat, sns, webform, website.")] string? kind,
        [Description("Text search.")] string? q,
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
        var paging = ApiRequest.Paging(http);
        var layout = ChartLayout.For(guide, paging);
        // A page is a pure function of the snapshot and these values: built and serialised once per snapshot.
        return await SnapshotJson.GetAsync(http, snapshot, string.Join('\n', "agencies", guide.Culture, kindKey, q, p, size), () =>
        {
            // Without filters the guide's own list is the answer: nothing is copied or searched; only the size estimates
            // (kept per agency with the guide) are summed to cut and count the pages.
            IReadOnlyList<AgencyView> matches = kindKey is null && string.IsNullOrWhiteSpace(q) ? guide.Agencies : guide.Agencies
                .Where(a => kindKey is null || a.Channels.Any(ch => ch.KindKey == kindKey))
                .Where(a => string.IsNullOrWhiteSpace(q) || ApiRequest.Matches(q, [a.Title, a.Badge, a.Tagline, a.Description, a.Operator, a.Note, .. a.Channels.SelectMany(ch => new[] { ch.Value, ch.Label })]))
                .ToList();
            return ApiRequest.ToPage(
                matches,
                p,
                size,
                paging.ApiPageBytes,
                a => layout.AgencyJson(a),
                a => a.ToResponse(snapshot),
                next => ApiRequest.PageHref("/api/v1/agencies", next, ("culture", guide.Culture), ("kind", kindKey), ("q", q), ("pageSize", ApiRequest.PageSizeParameter(size, options))));
        });
    }

    private static async Task<Results<Ok<AgencyResponse>, NotFound, ValidationProblem>> GetAsync(
        HttpContext http,
        [Description("Content item id, path (agencies/jinken) or last path segment (jinken).")] string idOrPath,
        [Description("ja-JP (default), en or ja-x-easy.")] string? culture)
    {
        if (!ApiRequest.TryResolveCulture(culture, http.Request, out var c, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (snapshot, guide) = await ApiRequest.GuideAsync(http, c);
        return Find(snapshot, guide, idOrPath) is { } agency ? TypedResults.Ok(agency.ToResponse(snapshot)) : TypedResults.NotFound();
    }

    /// <summary>The agency named by id or path, shown in the guide's culture.</summary>
    public static AgencyView? Find(PublishedSnapshot snapshot, GuideModel guide, string idOrPath)
    {
        // Clients such as the interactive reference send a path's slashes as %2F, which routing leaves encoded.
        var value = Uri.UnescapeDataString(idOrPath).Trim('/');
        var item = snapshot.Get(value) ?? snapshot.GetByPath(value) ?? snapshot.GetByPath("agencies/" + value);
        if (item is null || item.ContentType != "Agency")
        {
            return null;
        }

        if (guide.AgenciesById.TryGetValue(item.ContentItemId, out var agency))
        {
            return agency;
        }

        // Another translation of the same agency: its localization set leads to the one in this culture.
        var set = item.Part("LocalizationPart")?["LocalizationSet"]?.ToString();
        return set is null ? null : guide.Agencies.FirstOrDefault(a => a.LocalizationSet == set);
    }
}
