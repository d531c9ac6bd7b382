using Microsoft.AspNetCore.Http.HttpResults;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Snapshot;
using NetTroubleCms.Web.Features.Guide;

namespace NetTroubleCms.Web.Features.Site;

/// <summary>The public, themed site: rendered from the published snapshot only.</summary>
public static class SiteEndpoints
{
    /// <summary>Maps the home page and every content path.</summary>
    public static IEndpointRouteBuilder MapSite(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Site").ExcludeFromDescription();
        group.MapGet("/", (HttpContext http, GuideReader reader, ThemeRenderer theme) => HomeAsync(http, reader, theme, GuideReader.DefaultCulture))
            .WithName("Home");
        group.MapGet("/{**path}", ContentAsync).WithName("ContentByDeepPath");
        return app;
    }

    private static async Task<IResult> HomeAsync(HttpContext http, GuideReader reader, ThemeRenderer theme, string culture)
    {
        var (_, guide) = await reader.GetAsync(culture, http.RequestAborted);
        var page = Page(guide, guide.Texts.Title, "home", "");
        return Html(await theme.RenderPageAsync(["Home"], new { Guide = guide }, page, new { Guide = guide }));
    }

    private static async Task<IResult> ContentAsync(string path, HttpContext http, GuideReader reader, ThemeRenderer theme, PublishedSnapshotProvider snapshots)
    {
        var trimmed = path.Trim('/');
        if (trimmed is "en" or "easy")
        {
            return await HomeAsync(http, reader, theme, trimmed == "en" ? "en" : "ja-x-easy");
        }

        var snapshot = await snapshots.GetAsync(http.RequestAborted);
        var item = snapshot.GetByPath(trimmed);
        if (item is null)
        {
            return await NotFoundAsync(http, reader, theme);
        }

        var culture = GuideReader.CultureOf(item);
        var guide = GuideReader.For(snapshot, culture);
        object? model = item.ContentType switch
        {
            "Agency" => guide.AgenciesById.GetValueOrDefault(item.ContentItemId),
            "DecisionNode" => guide.Nodes.GetValueOrDefault(item.ContentItemId),
            _ => null,
        };
        var title = item.DisplayText ?? guide.Texts.Title;
        var page = Page(guide, $"{title} | {guide.Texts.Title}", item.ContentType.ToLowerInvariant(), trimmed);
        var html = await theme.RenderPageAsync(
            [$"Content-{item.ContentType}", "Content"],
            new { Item = model, ContentItem = item, Guide = guide },
            page,
            new { Guide = guide });
        return Html(html);
    }

    private static async Task<IResult> NotFoundAsync(HttpContext http, GuideReader reader, ThemeRenderer theme)
    {
        var (_, guide) = await reader.GetAsync(GuideReader.DefaultCulture, http.RequestAborted);
        var page = Page(guide, $"ページが見つかりません | {guide.Texts.Title}", "not-found", null) with { StatusCode = 404 };
        return Html(await theme.RenderPageAsync(["NotFound"], new { Guide = guide }, page, new { Guide = guide }), 404);
    }

    private static PageInfo Page(GuideModel guide, string title, string type, string? path) =>
        new(title, guide.Culture, guide.Culture == "en" ? "en" : "ja", guide.Texts.Subtitle, path is null ? null : "/" + path) { PageType = type };

    private static ContentHttpResult Html(string html, int status = 200) =>
        TypedResults.Content(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
}
