using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Snapshot;
using NetTroubleCms.Web.Features.Guide;
using NetTroubleCms.Web.Infrastructure;

namespace NetTroubleCms.Web.Features.Site;

/// <summary>
/// The public, themed site, rendered from the published snapshot only. Every page exists per culture under its
/// prefix (none for Japanese, <c>/en</c>, <c>/easy</c>): home, <c>guide</c> (first question), <c>chart</c> (the whole
/// tree, or for a big guide the entry situations, each at <c>chart/{situation}</c>), <c>agencies</c> (directory),
/// <c>print</c>, and each Agency and DecisionNode at its AutoroutePart path.
/// </summary>
public static class SiteEndpoints
{
    private static IEnumerable<(string Culture, string Label)> Languages => SiteCultures.All.Select(c => (c.Code, c.Label));

    /// <summary>Maps sitemap, robots and the catch-all page route (keep it last).</summary>
    public static IEndpointRouteBuilder MapSite(this IEndpointRouteBuilder app)
    {
        // Pages are rendered from the published snapshot only, so they share the API's ETag/304 rules.
        var group = app.MapGroup("").WithTags("Site").ExcludeFromDescription().WithPublicCaching();
        group.MapGet("/sitemap.xml", SiteSeo.SitemapAsync).WithName("Sitemap");
        group.MapGet("/sitemap-{page:int}.xml", SiteSeo.SitemapPageAsync).WithName("SitemapPage");
        group.MapGet("/robots.txt", SiteSeo.Robots).WithName("Robots");
        group.MapGet("/", (HttpContext http, ThemeRenderer theme, PublishedSnapshotProvider snapshots) =>
            PageAsync(null, null, http, theme, snapshots)).WithName("Home");
        group.MapGet("/{**path}", PageAsync).WithName("ContentByDeepPath");
        return app;
    }

    // Rendered pages per snapshot: a page is a pure function of the published snapshot, the theme and the request,
    // so it is rendered (and compressed, per coding) once per publication and dropped with its snapshot. Bounded so odd
    // query strings cannot fill memory.
    private const int MaxCachedPagesPerSnapshot = 4096;
    private static readonly ConditionalWeakTable<PublishedSnapshot, ConcurrentDictionary<PageKey, IResult>> Rendered = [];

    private static async Task<IResult> PageAsync(string? path, string? from, HttpContext http, ThemeRenderer theme, PublishedSnapshotProvider snapshots)
    {
        var snapshot = await http.GetPublishedSnapshotAsync();
        var trimmed = (path ?? "").TrimEnd('/');
        // Most pages differ only by theme, address, path and origin; the few that page or filter add those values.
        var key = new PageKey(theme.Generation, SiteSeo.BaseUrl(http), path, from, 0, null, null);
        if (trimmed.EndsWith("agencies", StringComparison.Ordinal))
        {
            // Directory pages differ by page, search and kind (and only by those).
            var (page, q, kind) = DirectoryPage.Read(http.Request);
            key = key with { Page = page, Query = q, Kind = kind };
        }
        else if (trimmed.EndsWith("chart", StringComparison.Ordinal) || trimmed.Contains("chart/", StringComparison.Ordinal))
        {
            // Chart pages of a big guide differ by page.
            key = key with { Page = ChartPage.ReadPage(http.Request) };
        }

        var pages = Rendered.GetOrCreateValue(snapshot);
        if (pages.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var result = await RenderPageAsync(path, from, http, theme, snapshot);
        if (result is ContentHttpResult { StatusCode: 200, ResponseContent: { } html, ContentType: { } type } && pages.Count < MaxCachedPagesPerSnapshot)
        {
            // Kept as UTF-8 bytes, with its Brotli and gzip forms made once, when first asked for.
            result = pages.GetOrAdd(key, new CachedBodyResult(CachedBody.FromText(html, type)));
        }

        return result;
    }

    // A value key: looking up a cached page allocates nothing (a joined string key cost an array, a box and a string per request).
    private readonly record struct PageKey(int Generation, string BaseUrl, string? Path, string? From, int Page, string? Query, string? Kind);

    /// <summary>
    /// Renders the public page at <paramref name="path"/> from any snapshot. The admin preview calls this with the
    /// published snapshot plus one draft, so a preview is the public page, not a look-alike.
    /// </summary>
    public static Task<IResult> RenderAsync(string? path, HttpContext http, ThemeRenderer theme, PublishedSnapshot snapshot) =>
        RenderPageAsync(path, null, http, theme, snapshot);

    private static async Task<IResult> RenderPageAsync(string? path, string? from, HttpContext http, ThemeRenderer theme, PublishedSnapshot snapshot)
    {
        var trimmed = (path ?? "").Trim('/');
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        var prefixCulture = GuideReader.CultureOfPrefix(slash < 0 ? trimmed : trimmed[..slash]);
        var rest = prefixCulture is null ? trimmed : slash < 0 ? "" : trimmed[(slash + 1)..];
        var culture = prefixCulture ?? GuideReader.DefaultCulture;
        var site = SiteContext.Create(snapshot, culture, theme, SiteSeo.BaseUrl(http));

        switch (rest)
        {
            case "":
                return await FixedAsync(site, theme, "Home", "", RubyText.Plain(site.Guide.Texts.Title), site.Guide.Entries.Any(NodeShowsFallback));
            case "guide":
                return await FixedAsync(site, theme, "Guide", rest, site.T["GuideTitle"], site.Guide.Entries.Any(n => n.IsFallback));
            case "chart" when Layout(http, site.Guide).IsWhole:
                return await FixedAsync(site, theme, "Chart", rest, site.T["ChartTitle"], site.Guide.HasFallback);
            case "chart":
                return await ChartIndexAsync(site, theme, Layout(http, site.Guide), ChartPage.ReadPage(http.Request));
            // Another key under chart/ is left to the content items' paths.
            case var situationPath when situationPath.StartsWith("chart/", StringComparison.Ordinal)
                && Layout(http, site.Guide).Find(situationPath["chart/".Length..]) is { } situation:
                return await ChartSituationAsync(site, theme, http, situation, ChartPage.ReadPage(http.Request));
            case "agencies":
                var (page, q, kind) = DirectoryPage.Read(http.Request);
                var directory = DirectoryPage.Create(site.Guide, SiteSeo.FixedUrl(culture, rest), page, q, kind, Paging(http).PageBytes);
                return await FixedAsync(site, theme, "Directory", rest, site.T["DirectoryTitle"], directory.Agencies.Any(a => a.IsFallback), directory: directory);
            case "print":
                var qr = QrCodeSvg.Render(site.BaseUrl + SiteSeo.FixedUrl(culture, "").TrimEnd('/') + "/", site.T["QrCaption"]);
                // A guide too big for the chart's one page is too big for paper: the sheet lists its situations instead.
                var layout = Layout(http, site.Guide);
                if (layout.IsWhole)
                {
                    return await FixedAsync(site, theme, "Print", rest, site.T["PrintTitle"], site.Guide.HasFallback, qr);
                }

                var situations = ChartPage.Index(layout, culture, 1);
                return await FixedAsync(site, theme, "PrintIndex", rest, site.T["PrintTitle"], situations.HasFallback, qr, chart: situations);
            default:
                break;
        }

        var item = snapshot.GetByPath(trimmed);
        if (item is null && prefixCulture is not null && snapshot.GetByPath(rest) is { } original && GuideReader.CultureOf(original) == GuideReader.DefaultCulture)
        {
            // No translation at this path: the Japanese original is shown in the reader's language frame.
            item = original;
        }
        else if (item is not null && GuideReader.CultureOf(item) != culture)
        {
            site = SiteContext.Create(snapshot, GuideReader.CultureOf(item), theme, site.BaseUrl);
        }

        return item?.ContentType switch
        {
            "Agency" when site.Guide.AgenciesBySet.GetValueOrDefault(GuideReader.GroupKey(item)) is { } agency =>
                await AgencyAsync(site, theme, agency, trimmed),
            "DecisionNode" when site.Guide.NodesBySet.GetValueOrDefault(GuideReader.GroupKey(item)) is { } node =>
                await NodeAsync(site, theme, node, trimmed, from),
            _ => await NotFoundAsync(site, theme),
        };
    }

    private static async Task<IResult> FixedAsync(SiteContext site, ThemeRenderer theme, string template, string page, string heading, bool fallback, string? qr = null, DirectoryPage? directory = null, ChartPage? chart = null)
    {
        var title = page.Length == 0 ? heading : $"{heading} | {RubyText.Plain(site.Guide.Texts.Title)}";
        var info = site.Page(title, page.Length == 0 ? "home" : page, SiteSeo.FixedUrl(site.Culture, page), RubyText.Plain(site.Guide.Texts.Subtitle)) with
        {
            Alternates = site.Alternates(c => SiteSeo.FixedUrl(c, page), _ => true),
            ShowFallbackNotice = fallback || site.Guide.Texts.IsFallback,
            Section = page.Length == 0 ? "home" : page,
        };
        return Html(await theme.RenderPageAsync([template], new { Site = site, Guide = site.Guide, T = site.T, Qr = qr, Directory = directory, Chart = chart }, info, site));
    }

    private static CmsPagingOptions Paging(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<CmsOptions>>().Value.Paging;

    private static ChartLayout Layout(HttpContext http, GuideModel guide) => ChartLayout.For(guide, Paging(http));

    // The chart of a big guide: the entry situations, each leading to its own chart.
    private static async Task<IResult> ChartIndexAsync(SiteContext site, ThemeRenderer theme, ChartLayout layout, int page)
    {
        var chart = ChartPage.Index(layout, site.Culture, page);
        var heading = site.T["ChartTitle"];
        var title = $"{heading}{PageSuffix(site, chart)} | {RubyText.Plain(site.Guide.Texts.Title)}";
        var info = site.Page(title, "chart", chart.PageUrl, RubyText.Plain(site.Guide.Texts.Subtitle)) with
        {
            Alternates = site.Alternates(c => SiteSeo.FixedUrl(c, "chart"), _ => true),
            ShowFallbackNotice = chart.HasFallback || site.Guide.Texts.IsFallback,
            Section = "chart",
        };
        return Html(await theme.RenderPageAsync(["ChartIndex"], new { Site = site, Guide = site.Guide, T = site.T, Chart = chart }, info, site));
    }

    // One situation's chart: its branch of the tree, in pages when it is long.
    private static async Task<IResult> ChartSituationAsync(SiteContext site, ThemeRenderer theme, HttpContext http, ChartSituation situation, int page)
    {
        var chart = ChartPage.Of(situation, site.Culture, page);
        var title = $"{RubyText.Plain(situation.Node.Title)}{PageSuffix(site, chart)} | {site.T["ChartTitle"]} | {RubyText.Plain(site.Guide.Texts.Title)}";
        var set = situation.Node.LocalizationSet;
        ChartSituation? In(string culture) => Layout(http, site.For(culture)).FindBySet(set);
        var info = site.Page(title, "chart", chart.PageUrl, RubyText.Plain(site.Guide.Texts.Subtitle)) with
        {
            // The same situation in another language; its first page, since other languages cut their pages elsewhere.
            Alternates = site.Alternates(
                c => In(c) is { } other ? ChartPage.SituationUrl(c, other) : SiteSeo.FixedUrl(c, "chart"),
                c => In(c) is { Node.IsFallback: false }),
            ShowFallbackNotice = chart.HasFallback || site.Guide.Texts.IsFallback,
            Section = "chart",
        };
        return Html(await theme.RenderPageAsync(["ChartSituation"], new { Site = site, Guide = site.Guide, T = site.T, Chart = chart }, info, site));
    }

    private static string PageSuffix(SiteContext site, ChartPage chart) =>
        chart.PageCount > 1 && chart.Page > 1
            ? " (" + site.T["DirectoryPageOf"].Replace("{page}", chart.Page.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{count}", chart.PageCount.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal) + ")"
            : "";

    private static async Task<IResult> AgencyAsync(SiteContext site, ThemeRenderer theme, AgencyView agency, string requested)
    {
        if (!string.Equals(agency.Path, requested, StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Redirect(agency.Url!);
        }

        var set = agency.LocalizationSet ?? agency.Id;
        var info = site.Page($"{RubyText.Plain(agency.Title)} | {RubyText.Plain(site.Guide.Texts.Title)}", "agency", agency.Url!, RubyText.Plain(agency.Description ?? site.Guide.Texts.Subtitle)) with
        {
            Alternates = site.Alternates(c => site.For(c).AgenciesBySet.GetValueOrDefault(set)?.Url, c => site.For(c).AgenciesBySet.GetValueOrDefault(set) is { IsFallback: false }),
            ShowFallbackNotice = agency.IsFallback,
            Section = "agencies",
        };
        info = info with { HeadExtra = SiteSeo.AgencyJsonLd(agency, info.CanonicalUrl!) };
        return Html(await theme.RenderPageAsync([$"Content-{agency.Id}", "Content-Agency", "Content"], new { Site = site, Guide = site.Guide, T = site.T, Item = agency }, info, site));
    }

    private static async Task<IResult> NodeAsync(SiteContext site, ThemeRenderer theme, NodeView node, string requested, string? from)
    {
        if (!string.Equals(node.Path, requested, StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Redirect(node.Url!);
        }

        // The back link returns to the parent the reader came from (?from=), else the first parent, else the first question.
        var parent = node.Parents.FirstOrDefault(p => p.Id == from) ?? node.Parents.FirstOrDefault();
        var back = parent?.Url is { } parentUrl
            ? parentUrl + (parent.Parents.Count > 0 ? "?from=" + Uri.EscapeDataString(parent.Parents[0].Id) : "")
            : SiteSeo.FixedUrl(site.Culture, "guide");
        var set = node.LocalizationSet;
        var info = site.Page($"{RubyText.Plain(node.Title)} | {RubyText.Plain(site.Guide.Texts.Title)}", node.IsOutcome ? "result" : "step", node.Url!, RubyText.Plain(site.Guide.Texts.Subtitle)) with
        {
            Alternates = site.Alternates(c => site.For(c).NodesBySet.GetValueOrDefault(set)?.Url, c => site.For(c).NodesBySet.GetValueOrDefault(set) is { IsFallback: false }),
            ShowFallbackNotice = NodeShowsFallback(node),
            Section = "guide",
        };
        return Html(await theme.RenderPageAsync([$"Content-{node.Id}", "Content-DecisionNode", "Content"], new { Site = site, Guide = site.Guide, T = site.T, Item = node, Back = back }, info, site));
    }

    private static async Task<IResult> NotFoundAsync(SiteContext site, ThemeRenderer theme)
    {
        var info = site.Page($"{site.T["NotFoundTitle"]} | {RubyText.Plain(site.Guide.Texts.Title)}", "not-found", null, null) with
        {
            StatusCode = 404,
            Alternates = site.Alternates(c => SiteSeo.FixedUrl(c, ""), _ => false),
        };
        return Html(await theme.RenderPageAsync(["NotFound"], new { Site = site, Guide = site.Guide, T = site.T }, info, site), 404);
    }

    private static bool NodeShowsFallback(NodeView node) =>
        node.IsFallback || node.Children.Any(c => c.IsFallback) || node.Agencies.Any(a => a.IsFallback);

    private static ContentHttpResult Html(string html, int status = 200) =>
        TypedResults.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);

    /// <summary>What every template of one request shares: the guide in the page's culture, its texts and URLs.</summary>
    public sealed class SiteContext
    {
        private PublishedSnapshot _snapshot = null!;

        /// <summary>Culture of the page.</summary>
        public required string Culture { get; init; }

        /// <summary>HTML <c>lang</c> of the page.</summary>
        public string Lang => GuideReader.LangOf(Culture);

        /// <summary>The guide read model in <see cref="Culture"/>.</summary>
        public required GuideModel Guide { get; init; }

        /// <summary>Interface texts of the theme in <see cref="Culture"/>.</summary>
        public required IReadOnlyDictionary<string, string> T { get; init; }

        /// <summary>Absolute base URL without trailing slash.</summary>
        public required string BaseUrl { get; init; }

        /// <summary>Culture prefix of URLs (empty, /en, /easy).</summary>
        public string Prefix => GuideReader.PrefixOf(Culture);

        /// <summary>Home URL of the culture.</summary>
        public string Home => SiteSeo.FixedUrl(Culture, "");

        /// <summary>Creates the context for one request.</summary>
        public static SiteContext Create(PublishedSnapshot snapshot, string culture, ThemeRenderer theme, string baseUrl) => new()
        {
            Culture = culture,
            Guide = GuideReader.ForPage(snapshot, culture),
            T = theme.Strings(culture),
            BaseUrl = baseUrl,
            _snapshot = snapshot,
        };

        /// <summary>The guide in another culture (for language links).</summary>
        public GuideModel For(string culture) => GuideReader.For(_snapshot, culture);

        /// <summary>Page information with canonical URL in this culture.</summary>
        public PageInfo Page(string title, string type, string? path, string? description) =>
            new(title, Culture, Lang, description, path) { PageType = type, CanonicalUrl = path is null ? null : BaseUrl + path };

        /// <summary>The page in every language: <paramref name="href"/> gives its URL (null = that culture's home).</summary>
        public IReadOnlyList<AlternateLink> Alternates(Func<string, string?> href, Func<string, bool> isTranslation) =>
        [
            .. Languages.Select(l =>
            {
                var url = href(l.Culture) ?? SiteSeo.FixedUrl(l.Culture, "");
                return new AlternateLink(l.Culture, GuideReader.LangOf(l.Culture), l.Label, url, l.Culture == Culture)
                {
                    Hreflang = SiteSeo.HreflangOf(l.Culture),
                    IsTranslation = isTranslation(l.Culture),
                    AbsoluteHref = BaseUrl + url,
                };
            }),
        ];
    }
}
