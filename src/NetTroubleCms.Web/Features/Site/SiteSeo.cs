using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using System.Xml;
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

    /// <summary><c>GET /sitemap.xml</c>: every public page with its hreflang alternates.</summary>
    public static async Task<IResult> SitemapAsync(HttpContext http, PublishedSnapshotProvider snapshots, IOptions<CmsOptions> options)
    {
        var snapshot = await snapshots.GetAsync(http.RequestAborted);
        var baseUrl = BaseUrl(http);
        var builder = new StringBuilder();
        using (var xml = XmlWriter.Create(builder, new XmlWriterSettings { Indent = true, Encoding = Encoding.UTF8 }))
        {
            const string ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
            const string xhtml = "http://www.w3.org/1999/xhtml";
            xml.WriteStartElement("urlset", ns);
            xml.WriteAttributeString("xmlns", "xhtml", null, xhtml);
            foreach (var page in Pages(snapshot, options.Value.Paging))
            {
                xml.WriteStartElement("url", ns);
                xml.WriteElementString("loc", ns, baseUrl + page.Path);
                if (page.ModifiedUtc is { } modified)
                {
                    xml.WriteElementString("lastmod", ns, modified.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                }

                foreach (var (culture, path) in page.Alternates)
                {
                    xml.WriteStartElement("xhtml", "link", xhtml);
                    xml.WriteAttributeString("rel", "alternate");
                    xml.WriteAttributeString("hreflang", HreflangOf(culture));
                    xml.WriteAttributeString("href", baseUrl + path);
                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        // StringBuilder output declares UTF-16; the response is UTF-8.
        var text = builder.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
        return TypedResults.Text(text, "application/xml; charset=utf-8", Encoding.UTF8);
    }

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
