using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Microsoft.Extensions.Options;
using NetTroubleCms.Content.Snapshot;
using NetTroubleCms.Web.Features.Guide;
using NetTroubleCms.Web.Infrastructure;
using NetTroubleCms.Web.Infrastructure.Hardening;

namespace NetTroubleCms.Web.Features.Site;

/// <summary>Findability: the public page list, <c>sitemap.xml</c>, <c>robots.txt</c> and JSON-LD for agencies.</summary>
public static class SiteSeo
{
    /// <summary>Pages that exist in every culture besides the content items, by path after the culture prefix.</summary>
    public static readonly IReadOnlyList<string> FixedPages = ["", "guide", "chart", "agencies", "print"];

    /// <summary>Content types the public site renders at their AutoroutePart path.</summary>
    public static readonly IReadOnlySet<string> RoutedTypes = new HashSet<string>(StringComparer.Ordinal) { "Agency", "DecisionNode" };

    // Keeps Japanese readable while escaping '<', '>' and '&', so the JSON cannot close its <script> element.
    private static readonly JsonSerializerOptions JsonLdOptions = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <summary>One public page and its language versions.</summary>
    public sealed record PublicPage(string Path, string Culture, DateTime? ModifiedUtc, IReadOnlyList<(string Culture, string Path)> Alternates);

    /// <summary>The site's base URL without a trailing slash: <c>Cms:PublicBaseUrl</c>, never the request's Host header.</summary>
    public static string BaseUrl(HttpContext http) => PublicOrigin.Of(http);

    /// <summary>The URL of a fixed page in a culture (<c>/</c>, <c>/en</c>, <c>/en/chart</c>).</summary>
    public static string FixedUrl(string culture, string page)
    {
        var prefix = GuideReader.PrefixOf(culture);
        return page.Length == 0 ? (prefix.Length == 0 ? "/" : prefix) : $"{prefix}/{page}";
    }

    /// <summary>
    /// Every published public page in every culture: fixed pages, routed items that exist in their own culture, and the
    /// situations' charts of a culture whose guide is too big for one chart page (their first pages; rel=next leads on).
    /// </summary>
    public static IReadOnlyList<PublicPage> Pages(PublishedSnapshot snapshot, CmsPagingOptions paging)
    {
        var pages = new List<PublicPage>();
        foreach (var page in FixedPages)
        {
            var alternates = GuideReader.Cultures.Select(c => (c, FixedUrl(c, page))).ToList();
            pages.AddRange(GuideReader.Cultures.Select(c => new PublicPage(FixedUrl(c, page), c, null, alternates)));
        }

        var layouts = GuideReader.Cultures.ToDictionary(c => c, c => ChartLayout.For(GuideReader.For(snapshot, c), paging));
        foreach (var (culture, layout) in layouts.Where(l => !l.Value.IsWhole))
        {
            foreach (var situation in layout.Situations)
            {
                var alternates = layouts
                    .Select(l => (Culture: l.Key, Situation: l.Value.FindBySet(situation.Node.LocalizationSet)))
                    .Where(a => a.Situation is { Node.IsFallback: false })
                    .Select(a => (a.Culture, ChartPage.SituationUrl(a.Culture, a.Situation!)))
                    .ToList();
                pages.Add(new PublicPage(ChartPage.SituationUrl(culture, situation), culture, null, alternates));
            }
        }

        var items = snapshot.Items.Where(i => RoutedTypes.Contains(i.ContentType) && snapshot.PathOf(i) is { Length: > 0 }).ToList();
        foreach (var set in items.GroupBy(GuideReader.GroupKey, StringComparer.Ordinal))
        {
            var alternates = set.Select(i => (GuideReader.CultureOf(i), "/" + snapshot.PathOf(i))).ToList();
            pages.AddRange(set.Select(i => new PublicPage("/" + snapshot.PathOf(i), GuideReader.CultureOf(i), i.ModifiedUtc, alternates)));
        }

        return pages;
    }

    /// <summary>
    /// <c>GET /sitemap.xml</c>: every public page with its hreflang alternates. A site whose list is bigger than
    /// <see cref="CmsPagingOptions.SitemapBytes"/> answers a sitemap index instead, pointing to <c>/sitemap-1.xml</c>,
    /// <c>/sitemap-2.xml</c>... that each stay within it.
    /// </summary>
    public static async Task<IResult> SitemapAsync(HttpContext http, IOptions<CmsOptions> options) =>
        new CachedBodyResult((await SitemapOfAsync(http, options.Value.Paging)).Root);

    /// <summary><c>GET /sitemap-{page}.xml</c>: one part of a sitemap too big for one file (404 when there is no such part).</summary>
    public static async Task<IResult> SitemapPageAsync(int page, HttpContext http, IOptions<CmsOptions> options)
    {
        var sitemap = await SitemapOfAsync(http, options.Value.Paging);
        return page >= 1 && page <= sitemap.Parts.Count ? new CachedBodyResult(sitemap.Parts[page - 1]) : TypedResults.NotFound();
    }

    /// <summary>
    /// The sitemap files of a snapshot: the whole list as one <c>urlset</c> when it fits in <paramref name="budget"/>
    /// bytes (no parts), else a <c>sitemapindex</c> and the parts it lists, each a <c>urlset</c> of at most that many bytes
    /// (a single entry bigger than that still gets a part of its own). Entries keep the order of <see cref="Pages"/>.
    /// </summary>
    public static SitemapFiles BuildSitemap(IEnumerable<PublicPage> pages, string baseUrl, int budget)
    {
        var entries = pages.Select(p => (Xml: UrlEntry(p, baseUrl), p.ModifiedUtc)).ToList();
        var head = Encoding.UTF8.GetByteCount(UrlsetHead) + Encoding.UTF8.GetByteCount(UrlsetTail);
        var parts = new List<(StringBuilder Xml, DateTime? Modified)>();
        long used = 0;
        foreach (var (xml, modified) in entries)
        {
            var bytes = Encoding.UTF8.GetByteCount(xml);
            if (parts.Count == 0 || used + bytes > budget)
            {
                parts.Add((new StringBuilder(UrlsetHead), null));
                used = head;
            }

            var (text, latest) = parts[^1];
            text.Append(xml);
            parts[^1] = (text, Latest(latest, modified));
            used += bytes;
        }

        if (parts.Count <= 1)
        {
            return new SitemapFiles(Xml((parts.Count == 0 ? new StringBuilder(UrlsetHead) : parts[0].Xml).Append(UrlsetTail)), []);
        }

        var index = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for (var i = 0; i < parts.Count; i++)
        {
            index.Append("  <sitemap>\n    <loc>").Append(SecurityElement.Escape($"{baseUrl}/sitemap-{i + 1}.xml")).Append("</loc>\n");
            if (parts[i].Modified is { } modified)
            {
                index.Append("    <lastmod>").Append(Day(modified)).Append("</lastmod>\n");
            }

            index.Append("  </sitemap>\n");
        }

        index.Append("</sitemapindex>\n");
        return new SitemapFiles(Xml(index), [.. parts.Select(p => Xml(p.Xml.Append(UrlsetTail)))]);
    }

    /// <summary>The files served at <c>/sitemap.xml</c> (<paramref name="Root"/>) and <c>/sitemap-{n}.xml</c> (<paramref name="Parts"/>, empty for a single sitemap).</summary>
    public sealed record SitemapFiles(CachedBody Root, IReadOnlyList<CachedBody> Parts);

    private const string UrlsetHead = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
    private const string UrlsetTail = "</urlset>\n";

    // Sitemap files per snapshot and base URL: built once, when first asked for, and dropped with the snapshot, like the
    // pages they list. Building them lists every page of the site, so a crawler reading the parts does not repeat it.
    private static readonly ConditionalWeakTable<PublishedSnapshot, ConcurrentDictionary<string, Lazy<Task<SitemapFiles>>>> Sitemaps = [];

    private static async Task<SitemapFiles> SitemapOfAsync(HttpContext http, CmsPagingOptions paging)
    {
        var snapshot = await http.GetPublishedSnapshotAsync();
        var baseUrl = BaseUrl(http);
        // Off the request thread: concurrent first requests await the one build instead of holding threads.
        return await Sitemaps.GetOrCreateValue(snapshot)
            .GetOrAdd(baseUrl, _ => new Lazy<Task<SitemapFiles>>(() => Task.Run(() => BuildSitemap(Pages(snapshot, paging), baseUrl, paging.SitemapBytes))))
            .Value;
    }

    private static string UrlEntry(PublicPage page, string baseUrl)
    {
        var xml = new StringBuilder("  <url>\n    <loc>").Append(SecurityElement.Escape(baseUrl + page.Path)).Append("</loc>\n");
        if (page.ModifiedUtc is { } modified)
        {
            xml.Append("    <lastmod>").Append(Day(modified)).Append("</lastmod>\n");
        }

        foreach (var (culture, path) in page.Alternates)
        {
            xml.Append("    <xhtml:link rel=\"alternate\" hreflang=\"").Append(SecurityElement.Escape(HreflangOf(culture)))
                .Append("\" href=\"").Append(SecurityElement.Escape(baseUrl + path)).Append("\" />\n");
        }

        return xml.Append("  </url>\n").ToString();
    }

    private static CachedBody Xml(StringBuilder text) => CachedBody.FromText(text.ToString(), "application/xml; charset=utf-8");

    private static string Day(DateTime utc) => utc.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static DateTime? Latest(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : (a > b ? a : b);

    /// <summary><c>GET /robots.txt</c>: everything public may be crawled except the admin area.</summary>
    public static IResult Robots(HttpContext http) =>
        TypedResults.Text($"User-agent: *\nAllow: /\nDisallow: /admin\n\nSitemap: {BaseUrl(http)}/sitemap.xml\n", "text/plain; charset=utf-8", Encoding.UTF8);

    /// <summary>The <c>hreflang</c> code of a culture.</summary>
    public static string HreflangOf(string culture) => SiteCultures.Get(culture).Hreflang;

    /// <summary>
    /// schema.org JSON-LD for an agency: GovernmentOrganization when the leaflet names a ministry, agency or the police as
    /// its operator, else Organization; phones become ContactPoints. Only facts the editors entered are emitted.
    /// </summary>
    public static string AgencyJsonLd(AgencyView agency, string pageUrl)
    {
        var json = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = IsGovernment(agency.Operator) ? "GovernmentOrganization" : "Organization",
            ["name"] = RubyText.Plain(agency.Title),
            ["mainEntityOfPage"] = pageUrl,
        };
        if (agency.Description is { } description)
        {
            json["description"] = RubyText.Plain(description);
        }

        if (agency.WebsiteUrl is { } website)
        {
            json["url"] = website;
        }

        if (agency.Operator is { } operatorName && IsGovernment(operatorName))
        {
            json["parentOrganization"] = new JsonObject { ["@type"] = "GovernmentOrganization", ["name"] = RubyText.Plain(operatorName) };
        }

        var phones = agency.Phones.Select(p =>
        {
            var point = new JsonObject { ["@type"] = "ContactPoint", ["telephone"] = p.Value, ["areaServed"] = "JP", ["availableLanguage"] = "ja" };
            if (p.Hours is { } hours)
            {
                point["hoursAvailable"] = hours;
            }

            return (JsonNode)point;
        }).ToArray();
        if (phones.Length > 0)
        {
            json["contactPoint"] = new JsonArray(phones);
        }

        return "<script type=\"application/ld+json\">" + json.ToJsonString(JsonLdOptions) + "</script>";
    }

    private static bool IsGovernment(string? operatorName) =>
        operatorName is not null && (operatorName.Contains('省') || operatorName.Contains('庁') || operatorName.Contains("警察", StringComparison.Ordinal));
}
