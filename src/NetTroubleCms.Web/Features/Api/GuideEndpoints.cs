using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using NetTroubleCms.Content.Snapshot;
using NetTroubleCms.Web.Features.Guide;
using NetTroubleCms.Web.Infrastructure;

namespace NetTroubleCms.Web.Features.Api;

/// <summary><c>/api/v1/guide</c> and <c>/api/v1/nodes</c>: the decision tree.</summary>
public static class GuideEndpoints
{
    /// <summary>Maps the guide and node routes under <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapGuide(this RouteGroupBuilder api)
    {
        var guide = api.MapGroup("/guide").WithTags("Guide");
        guide.MapGet("/", GetGuideAsync)
            .WithName("GetGuide")
            .WithSummary("The whole guide in one call")
            .WithDescription("Leaflet texts, the entry situations with their child situations and recommended agencies resolved (a tree, cycles cut), and every agency. Enough to render the whole leaflet. A guide too big for one answer (about 56 KB) answers `complete: false` with its texts and the index of entry situations (`situations`, 50 a page, `page=`); read each situation's tree from `/api/v1/guide/situations/{key}` and the agencies from `/api/v1/agencies`.");
        guide.MapGet("/situations/{**key}", GetSituationAsync)
            .WithName("GetGuideSituation")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One entry situation's tree, in pages")
            .WithDescription("The nodes of one entry situation's tree in reading order with depth and parent, cut into pages of at most about 56 KB, with every agency the page's nodes recommend, once. `next` links to the following page. Works for any guide, small or big.");

        var nodes = api.MapGroup("/nodes").WithTags("Guide");
        nodes.MapGet("/", ListNodesAsync)
            .WithName("ListNodes")
            .WithSummary("List decision-tree nodes")
            .WithDescription("Every situation or question, flat (children are not unfolded: see `/api/v1/nodes/{idOrPath}` or `/api/v1/guide`). Filter by `type` (entry, question, outcome) and text. Each node carries its agencies whole, so a page holds at most `pageSize` nodes and at most about 56 KB: follow `next` (or use `pageCount`).");
        nodes.MapGet("/{**idOrPath}", GetNodeAsync)
            .WithName("GetNode")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Get one node with its subtree")
            .WithDescription("By content item id of any translation, page path (`guide/trouble`) or last segment (`trouble`).");
        return api;
    }

    private static async Task<Results<CachedJson<GuideResponse>, ValidationProblem>> GetGuideAsync(
        HttpContext http,
        [Description("ja-JP (default), en or ja-x-easy. Without it, Accept-Language decides.")] string? culture,
        [Description("1-based page of the situation index (`situations`, 50 a page; default 1).")] int? page)
    {
        if (!TryReadCultureAndPage(http.Request, culture, page, out var c, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (snapshot, guide) = await ApiRequest.GuideAsync(http, c);
        var layout = Layout(http, guide);
        var p = page ?? 1;
        // The answer is the same for every reader of a snapshot, language and page: built and serialised once. Whether
        // the whole guide fits is decided from the texts' sizes, so a big guide is never mapped whole.
        return await SnapshotJson.GetAsync(http, snapshot, string.Join('\n', "guide", guide.Culture, p), () =>
        {
            var situations = new PageResponse<GuideSituationResponse>(
                [.. layout.Situations.Skip((p - 1) * ChartLayout.SituationsPerPage).Take(ChartLayout.SituationsPerPage).Select(s => Situation(s, guide.Culture))],
                layout.Situations.Count,
                p,
                ChartLayout.SituationsPerPage)
            {
                PageCount = layout.IndexPageCount,
                Next = p < layout.IndexPageCount ? ApiRequest.PageHref("/api/v1/guide", p + 1, ("culture", guide.Culture)) : null,
            };
            if (!layout.IsWholeJson)
            {
                return new GuideResponse(guide.Culture, guide.HasFallback, guide.Texts, [], [], false, situations);
            }

            var agencies = guide.Agencies.ToDictionary(a => a.Id, a => a.ToResponse(snapshot), StringComparer.Ordinal);
            return new GuideResponse(
                guide.Culture,
                guide.HasFallback,
                guide.Texts,
                [.. guide.Tree.Select(e => e.ToResponse(snapshot, agencies))],
                [.. guide.Agencies.Select(a => agencies[a.Id])],
                true,
                situations);
        });
    }

    private static async Task<Results<CachedJson<GuideSituationPageResponse>, NotFound, ValidationProblem>> GetSituationAsync(
        HttpContext http,
        [Description("The situation's key (`situations[].key` of `/api/v1/guide`), e.g. trouble.")] string key,
        [Description("ja-JP (default), en or ja-x-easy. Without it, Accept-Language decides.")] string? culture,
        [Description("1-based page number (default 1).")] int? page)
    {
        if (!TryReadCultureAndPage(http.Request, culture, page, out var c, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (snapshot, guide) = await ApiRequest.GuideAsync(http, c);
        // Clients such as the interactive reference send a path's slashes as %2F, which routing leaves encoded.
        if (Layout(http, guide).Find(Uri.UnescapeDataString(key).Trim('/')) is not { } situation)
        {
            return TypedResults.NotFound();
        }

        var p = page ?? 1;
        return await SnapshotJson.GetAsync(http, snapshot, string.Join('\n', "situation", guide.Culture, situation.Key, p), () =>
        {
            // Only this page's rows and the agencies they name are mapped: the cost of a page does not grow with the guide.
            var (start, end) = situation.JsonPage(p);
            var rows = situation.Rows;
            var nodes = new List<GuideTreeNodeResponse>(end - start);
            var agencies = new Dictionary<string, AgencyResponse>(StringComparer.Ordinal);
            for (var i = start; i < end; i++)
            {
                var row = rows[i];
                var node = row.Node;
                foreach (var agency in node.Agencies.Where(a => !agencies.ContainsKey(a.Id)))
                {
                    agencies[agency.Id] = agency.ToResponse(snapshot);
                }

                nodes.Add(new GuideTreeNodeResponse(
                    node.Id,
                    node.Title,
                    node.Path,
                    node.IsEntry,
                    node.IsOutcome,
                    node.ArrowLabel,
                    node.Note,
                    node.Culture,
                    node.IsFallback,
                    node.IsOutOfDate,
                    row.Depth,
                    row.Parent < 0 ? null : rows[row.Parent].Node.Id,
                    [.. row.Entry.Children.Select(e => e.Node.Id)],
                    [.. node.Agencies.Select(a => a.Id)]));
            }

            var href = Situation(situation, guide.Culture).Href;
            return new GuideSituationPageResponse(
                guide.Culture,
                nodes.Any(n => n.IsFallback) || agencies.Values.Any(a => a.IsFallback),
                Situation(situation, guide.Culture),
                p,
                situation.JsonPageCount,
                nodes,
                [.. agencies.Values],
                p > 1 ? $"{href}&page={Math.Min(p - 1, situation.JsonPageCount)}" : null,
                p < situation.JsonPageCount ? $"{href}&page={p + 1}" : null);
        });
    }

    // Both guide answers take a language and a 1-based page.
    private static bool TryReadCultureAndPage(HttpRequest request, string? culture, int? page, out string resolved, out Dictionary<string, string[]> errors)
    {
        var ok = ApiRequest.TryResolveCulture(culture, request, out resolved, out errors);
        if (page < 1)
        {
            errors["page"] = ["page must be 1 or more."];
        }

        return ok && errors.Count == 0;
    }

    private static ChartLayout Layout(HttpContext http, GuideModel guide) =>
        ChartLayout.For(guide, http.RequestServices.GetRequiredService<IOptions<CmsOptions>>().Value.Paging);

    private static GuideSituationResponse Situation(ChartSituation situation, string culture) => new(
        situation.Key,
        situation.Node.Id,
        situation.Node.Title,
        situation.Node.Path,
        situation.Node.IsFallback,
        situation.NodeCount,
        situation.JsonPageCount,
        "/api/v1/guide/situations/" + string.Join('/', situation.Key.Split('/').Select(Uri.EscapeDataString)) + "?culture=" + culture);

    private static async Task<Results<CachedJson<PageResponse<NodeResponse>>, ValidationProblem>> ListNodesAsync(
        HttpContext http,
        [Description("ja-JP (default), en or ja-x-easy.")] string? culture,
        [Description("entry, question (has child situations) or outcome (leads to agencies only).")] string? type,
        [Description("Text search over the situation text, arrow label and note.")] string? q,
        [Description("1-based page number (default 1).")] int? page,
        [Description("Items per page (default 20, at most 100). A page also stops at about 56 KB: each node carries its agencies whole, so pages usually hold fewer; follow `next`.")] int? pageSize)
    {
        var options = ApiRequest.Options(http);
        var ok = ApiRequest.TryResolveCulture(culture, http.Request, out var c, out var errors)
            & ApiRequest.TryPaging(page, pageSize, options, errors, out var p, out var size);
        Func<NodeView, bool>? typeFilter = type?.ToLowerInvariant() switch
        {
            null or "" => _ => true,
            "entry" => n => n.IsEntry,
            "question" => n => !n.IsOutcome,
            "outcome" => n => n.IsOutcome,
            _ => null,
        };
        if (typeFilter is null)
        {
            errors["type"] = ["type must be entry, question or outcome."];
        }

        if (!ok || typeFilter is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (snapshot, guide) = await ApiRequest.GuideAsync(http, c);
        var paging = ApiRequest.Paging(http);
        var layout = ChartLayout.For(guide, paging);
        var typeKey = string.IsNullOrEmpty(type) ? null : type.ToLowerInvariant();
        // A page is a pure function of the snapshot and these values: built and serialised once per snapshot. Each node
        // carries its agencies whole, so pages are cut by size as well as by count.
        return await SnapshotJson.GetAsync(http, snapshot, string.Join('\n', "nodes", guide.Culture, typeKey, q, p, size), () =>
        {
            var agencies = new Dictionary<string, AgencyResponse>(StringComparer.Ordinal);
            var matches = guide.Nodes.Values
                .Where(typeFilter)
                .Where(n => ApiRequest.Matches(q, n.Title, n.ArrowLabel, n.Note))
                .OrderBy(n => !n.IsEntry).ThenBy(n => n.SortOrder).ThenBy(n => n.Path, StringComparer.Ordinal)
                .ToList();
            return ApiRequest.ToPage(
                matches,
                p,
                size,
                paging.ApiPageBytes,
                n => PageWeights.JsonFlatNode(n, layout.AgencyJson),
                n => n.ToFlatResponse(snapshot, agencies),
                next => ApiRequest.PageHref("/api/v1/nodes", next, ("culture", guide.Culture), ("type", typeKey), ("q", q), ("pageSize", ApiRequest.PageSizeParameter(size, options))));
        });
    }

    private static async Task<Results<Ok<NodeResponse>, NotFound, ValidationProblem>> GetNodeAsync(
        HttpContext http,
        [Description("Content item id, path (guide/trouble) or last path segment (trouble).")] string idOrPath,
        [Description("ja-JP (default), en or ja-x-easy.")] string? culture)
    {
        if (!ApiRequest.TryResolveCulture(culture, http.Request, out var c, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (snapshot, guide) = await ApiRequest.GuideAsync(http, c);
        var node = Find(snapshot, guide, idOrPath);
        return node is null ? TypedResults.NotFound() : TypedResults.Ok(node.ToResponse(snapshot, new Dictionary<string, AgencyResponse>(StringComparer.Ordinal)));
    }

    private static NodeView? Find(PublishedSnapshot snapshot, GuideModel guide, string idOrPath)
    {
        // Clients such as the interactive reference send a path's slashes as %2F, which routing leaves encoded.
        var value = Uri.UnescapeDataString(idOrPath).Trim('/');
        var item = snapshot.Get(value) ?? snapshot.GetByPath(value) ?? snapshot.GetByPath("guide/" + value);
        if (item is null || item.ContentType != "DecisionNode")
        {
            return null;
        }

        if (guide.Nodes.TryGetValue(item.ContentItemId, out var node))
        {
            return node;
        }

        var set = item.Part("LocalizationPart")?["LocalizationSet"]?.ToString();
        var match = set is null ? null : snapshot.OfType("DecisionNode")
            .FirstOrDefault(i => i.Part("LocalizationPart")?["LocalizationSet"]?.ToString() == set && guide.Nodes.ContainsKey(i.ContentItemId));
        return match is null ? null : guide.Nodes[match.ContentItemId];
    }
}
