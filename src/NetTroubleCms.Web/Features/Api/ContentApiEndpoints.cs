using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using NetTroubleCms.Content;
using NetTroubleCms.Web.Infrastructure;

namespace NetTroubleCms.Web.Features.Api;

/// <summary>Orchard Core's <c>GET /api/content/{contentItemId}</c>, open to anonymous callers for public types.</summary>
public static class ContentApiEndpoints
{
    /// <summary>Maps <c>/api/content/{contentItemId}</c> under <paramref name="api"/> (the <c>/api</c> group).</summary>
    public static RouteGroupBuilder MapOrchardContent(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/content").WithTags("Orchard compatible");
        group.MapGet("/{contentItemId}", Get)
            .WithName("GetOrchardContentItem")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("A published item in Orchard Core's item JSON")
            .WithDescription("Same URL and body as Orchard Core's content API: the published version with PascalCase root keys (ContentItemId, ContentType, DisplayText, …) and one object per part. Drafts, deleted items and non-public types answer 404.");
        return group;
    }

    private static async Task<Results<Ok<JsonObject>, NotFound>> Get(HttpContext http, string contentItemId, IOptions<ApiOptions> options)
    {
        var snapshot = await http.GetPublishedSnapshotAsync();
        var item = snapshot.Get(contentItemId);
        if (item is null || !IsPublicType(options.Value, item.ContentType))
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(ToPublicJson(item));
    }

    /// <summary>True when anonymous callers may read items of <paramref name="contentType"/>.</summary>
    public static bool IsPublicType(ApiOptions options, string contentType) => options.ReadableTypes.Contains(contentType, StringComparer.Ordinal);

    /// <summary>
    /// Item JSON of the published version as the public sees it. Latest is forced to true: on the published row it turns
    /// false when an editor saves a draft, and the public must not learn that a draft exists.
    /// </summary>
    public static JsonObject ToPublicJson(ContentItem item)
    {
        var json = item.ToJson();
        json["Latest"] = true;
        return json;
    }
}
