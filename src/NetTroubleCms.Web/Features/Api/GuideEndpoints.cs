using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
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
            .WithDescription("Leaflet texts, the entry situations with their child situations and recommended agencies resolved (a tree, cycles cut), and every agency. Enough to render the whole leaflet.");

        var nodes = api.MapGroup("/nodes").WithTags("Guide");
        nodes.MapGet("/", ListNodesAsync)
            .WithName("ListNodes")
            .WithSummary("List decision-tree nodes")
            .WithDescription("Every situation or question, flat (children are not unfolded: see `/api/v1/nodes/{idOrPath}` or `/api/v1/guide`). Filter by `type` (entry, question, outcome) and text.");
        nodes.MapGet("/{**idOrPath}", GetNodeAsync)
            .WithName("GetNode")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Get one node with its subtree")
            .WithDescription("By content item id of any translation, page path (`guide/trouble`) or last segment (`trouble`).");
        return api;
    }

    private static async Task<Results<CachedJson<GuideResponse>, ValidationProblem>> GetGuideAsync(
        HttpContext http,
        [Description("ja-JP (default), en or ja-x-easy. Without it, Accept-Language decides.")] string? culture)
    {
        if (!ApiRequest.TryResolveCulture(culture, http.Request, out var c, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (snapshot, guide) = await ApiRequest.GuideAsync(http, c);
        // The whole guide is the same for every reader of a snapshot and language: built and serialised once.
        return await SnapshotJson.GetAsync(http, snapshot, "guide\n" + guide.Culture, () =>
        {
            var agencies = guide.Agencies.ToDictionary(a => a.Id, a => a.ToResponse(snapshot), StringComparer.Ordinal);
            return new GuideResponse(
                guide.Culture,
                guide.HasFallback,
                guide.Texts,
                [.. guide.Tree.Select(e => e.ToResponse(snapshot, agencies))],
                [.. guide.Agencies.Select(a => agencies[a.Id])]);
        });
    }

    private static async Task<Results<Ok<PageResponse<NodeResponse>>, ValidationProblem>> ListNodesAsync(
        HttpContext http,
        [Description("ja-JP (default), en or ja-x-easy.")] string? culture,
        [Description("entry, question (has child situations) or outcome (leads to agencies only).")] string? type,
        [Description("Text search over the situation text, arrow label and note.")] string? q,
        [Description("1-based page number (default 1).")] int? page,
        [Description("Items per page (default 20, at most 100).")] int? pageSize)
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
        var agencies = new Dictionary<string, AgencyResponse>(StringComparer.Ordinal);
        var matches = guide.Nodes.Values
            .Where(typeFilter)
            .Where(n => ApiRequest.Matches(q, n.Title, n.ArrowLabel, n.Note))
            .OrderBy(n => !n.IsEntry).ThenBy(n => n.SortOrder).ThenBy(n => n.Path, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(ApiRequest.ToPage(matches, p, size, n => n.ToFlatResponse(snapshot, agencies)));
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
