using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NetTroubleCms.Content.Snapshot;
using NetTroubleCms.Web.Features.Guide;
using NetTroubleCms.Web.Infrastructure;
using Xunit.Abstractions;

namespace NetTroubleCms.Web.Tests;

/// <summary>The public guide read-only: one app shared by the class (no test writes).</summary>
public sealed partial class GuideTests(CmsApplication app, ITestOutputHelper output) : IClassFixture<CmsApplication>
{
    private static readonly string[] Prefixes = ["", "/en", "/easy"];

    private static readonly string[] PageTypes =
    [
        "", "/guide", "/guide/trouble/consult", "/guide/trouble/consult/damages", "/chart", "/agencies", "/agencies/jinken", "/print",
    ];

    [Fact]
    public async Task EverySeedFactIsOnTheChartPageWhichHomeLinksTo()
    {
        var client = app.CreateClient();

        var (_, home) = await client.GetStringWithStatusAsync("/");
        var (status, chart) = await client.GetStringWithStatusAsync("/chart");

        Assert.Contains("href=\"/chart\"", home, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, status);
        var agencies = GuideSeed.Items("Agency");
        Assert.Equal(8, agencies.Count);
        var urls = agencies.Select(a => a["Agency"]!["Website"]!["Url"]!.ToString()).ToList();
        var guide = GuideSeed.Items("Guide").Single()["Guide"]!;
        urls.Add(guide["SourceUrl"]!["Url"]!.ToString());
        Assert.Equal(9, urls.Distinct().Count());
        foreach (var agency in agencies)
        {
            Assert.Contains(GuideSeed.Html(agency["DisplayText"]!.ToString()), chart, StringComparison.Ordinal);
            Assert.Contains(GuideSeed.Html(agency["Agency"]!["Description"]?["Text"]?.ToString() ?? ""), chart, StringComparison.Ordinal);
        }

        foreach (var url in urls)
        {
            Assert.Contains($"href=\"{url}\"", chart, StringComparison.Ordinal);
        }

        // The leaflet prints 法テラス as 0570-078374; pages group every number the national way and dial the same digits.
        var phones = agencies.SelectMany(a => a["Channels"]!["ContentItems"]!.AsArray())
            .Where(c => c!["Channel"]!["Kind"]!["Text"]!.ToString() == "電話")
            .Select(c => c!["Channel"]!["Value"]!["Text"]!.ToString())
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(["0570-003-110", "0570-078374"], phones);
        Assert.Contains("href=\"tel:0570078374\">0570-078-374</a>", chart, StringComparison.Ordinal);
        Assert.Contains("href=\"tel:0570003110\">0570-003-110</a>", chart, StringComparison.Ordinal);
        var nodes = GuideSeed.Items("DecisionNode");
        Assert.Equal(13, nodes.Count);
        foreach (var node in nodes)
        {
            Assert.Contains(GuideSeed.Html(node["DisplayText"]!.ToString()), chart, StringComparison.Ordinal);
        }

        var footnotes = guide["Footnotes"]!["Values"]!.AsArray().Select(v => v!.ToString()).ToList();
        Assert.Equal(2, footnotes.Count);
        foreach (var note in footnotes)
        {
            Assert.Contains(GuideSeed.Html(note), chart, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("/en")]
    [InlineData("/easy")]
    public async Task PhoneNumbersAreTelLinksInEveryLanguage(string prefix)
    {
        var client = app.CreateClient();

        var (_, chart) = await client.GetStringWithStatusAsync(prefix + "/chart");
        var (_, agency) = await client.GetStringWithStatusAsync(prefix + "/agencies/houterasu");

        foreach (var tel in new[] { "tel:0570078374", "tel:0570003110", "tel:110", "tel:%239110" })
        {
            Assert.Contains($"href=\"{tel}\"", chart, StringComparison.Ordinal);
        }

        Assert.Contains("href=\"tel:0570078374\"", agency, StringComparison.Ordinal);
        Assert.Contains("class=\"cost-note\"", agency, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GuideStartOffersTheEntrySituationsAsChoices()
    {
        var client = app.CreateClient();

        var (status, html) = await client.GetStringWithStatusAsync("/guide");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("/guide/trouble", GuideSeed.LinkWithText(html, "インターネット上の誹謗中傷やプライバシー侵害等のトラブルにあった"));
        Assert.Equal("/guide/found-illegal", GuideSeed.LinkWithText(html, "インターネット上の違法・有害情報を見つけた"));
    }

    [Fact]
    public async Task StepPageOffersItsChoicesABackLinkAndStartOver()
    {
        var client = app.CreateClient();
        var consultId = GuideSeed.ByPath("guide/trouble/consult")["ContentItemId"]!.ToString();

        var (status, html) = await client.GetStringWithStatusAsync("/guide/trouble/consult");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Single(Regex.Matches(html, "<h1[ >]"));
        Assert.Contains("<h1>解決策について相談したい</h1>", html, StringComparison.Ordinal);
        Assert.Equal($"/guide/trouble/consult/delete?from={consultId}", GuideSeed.LinkWithText(html, "ネット上の書き込み・画像を削除したい"));
        Assert.Equal(4, Regex.Count(html, "class=\"choice\""));
        Assert.Equal("/guide/trouble", GuideSeed.LinkWithText(html, "一つ前に戻る"));
        Assert.Equal("/guide", GuideSeed.LinkWithText(html, "最初からやり直す"));
    }

    [Fact]
    public async Task BackLinkReturnsToTheParentTheReaderCameFrom()
    {
        var client = app.CreateClient();
        var foundIllegal = GuideSeed.ByPath("guide/found-illegal")["ContentItemId"]!.ToString();
        var delete = GuideSeed.ByPath("guide/trouble/consult/delete")["ContentItemId"]!.ToString();
        var consult = GuideSeed.ByPath("guide/trouble/consult")["ContentItemId"]!.ToString();

        var (_, viaFound) = await client.GetStringWithStatusAsync($"/guide/report-harmful?from={foundIllegal}");
        var (_, viaDelete) = await client.GetStringWithStatusAsync($"/guide/report-harmful?from={delete}");
        var (_, viaNothing) = await client.GetStringWithStatusAsync("/guide/report-harmful?from=not-a-parent");

        Assert.Equal("/guide/found-illegal", GuideSeed.LinkWithText(viaFound, "一つ前に戻る"));
        Assert.Equal($"/guide/trouble/consult/delete?from={consult}", GuideSeed.LinkWithText(viaDelete, "一つ前に戻る"));
        Assert.Equal($"/guide/trouble/consult/delete?from={consult}", GuideSeed.LinkWithText(viaNothing, "一つ前に戻る"));
    }

    [Fact]
    public async Task ResultPageShowsArrowLabelWhatTheAgencyDoesAndHowToReachIt()
    {
        var client = app.CreateClient();

        var (status, html) = await client.GetStringWithStatusAsync("/guide/trouble/consult/damages");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("弁護士 または", html, StringComparison.Ordinal);
        Assert.Contains("法テラス", html, StringComparison.Ordinal);
        Assert.Contains("経済的に余裕のない方を対象に無料の法律相談", html, StringComparison.Ordinal);
        Assert.Contains("href=\"tel:0570078374\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"http://www.houterasu.or.jp\"", html, StringComparison.Ordinal);
        Assert.Contains("ナビダイヤル", html, StringComparison.Ordinal);
        Assert.Equal("/agencies/houterasu", GuideSeed.LinkWithText(html, "この窓口のページを見る"));
    }

    [Theory]
    [InlineData("", "ja", "対面")]
    [InlineData("/en", "en", "In person")]
    [InlineData("/easy", "ja", "会って話す(対面)")]
    public async Task PagesCarryTheirLanguageAndChannelLabels(string prefix, string lang, string inPersonLabel)
    {
        var client = app.CreateClient();

        foreach (var page in PageTypes)
        {
            var (status, html) = await client.GetStringWithStatusAsync(prefix + page);

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains($"<html lang=\"{lang}\">", html, StringComparison.Ordinal);
            Assert.Single(Regex.Matches(html, "<h1[ >]"));
            Assert.Contains("class=\"skip-link\" href=\"#main\"", html, StringComparison.Ordinal);
            Assert.Contains("<main id=\"main\"", html, StringComparison.Ordinal);
            // Home shows the full emergency row, every other page the compact one; both dial 110.
            Assert.Matches(EmergencyRowPattern(), html);
        }

        var (_, chart) = await client.GetStringWithStatusAsync(prefix + "/chart");
        Assert.Contains(inPersonLabel, chart, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LanguageSelectorAndHreflangLinkTheSameItemInEveryCulture()
    {
        var client = app.CreateClient();

        var (_, html) = await client.GetStringWithStatusAsync("/agencies/jinken");
        var (_, en) = await client.GetStringWithStatusAsync("/en/guide/trouble/consult");

        Assert.Contains("<a href=\"/en/agencies/jinken\" lang=\"en\" hreflang=\"en\">English</a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/easy/agencies/jinken\" lang=\"ja\" hreflang=\"ja-x-easy\">やさしい日本語</a>", html, StringComparison.Ordinal);
        Assert.Matches("<link rel=\"alternate\" hreflang=\"en\" href=\"http[^\"]+/en/agencies/jinken\">", html);
        Assert.Matches("<link rel=\"alternate\" hreflang=\"x-default\" href=\"http[^\"]+/agencies/jinken\">", html);
        Assert.Contains("<a href=\"/guide/trouble/consult\" lang=\"ja\" hreflang=\"ja\">日本語</a>", en, StringComparison.Ordinal);
        Assert.Contains("I want advice on how to solve it", en, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"fallback-notice\"", en, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/no-such-page", "ja", "ページが見つかりません")]
    [InlineData("/en/no-such-page", "en", "Page not found")]
    [InlineData("/easy/agencies/no-such-agency", "ja", "探しているページは")]
    public async Task UnknownPathsAreReadable404sInTheirLanguage(string path, string lang, string text)
    {
        var client = app.CreateClient();

        var (status, html) = await client.GetStringWithStatusAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains($"<html lang=\"{lang}\">", html, StringComparison.Ordinal);
        Assert.Contains(text, html, StringComparison.Ordinal);
        Assert.Contains("<meta name=\"robots\" content=\"noindex\">", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/agencies/jinken", "GovernmentOrganization", "0570-003-110")]
    [InlineData("/agencies/houterasu", "Organization", "0570-078374")]
    [InlineData("/agencies/safe-line", "Organization", null)]
    [InlineData("/en/agencies/internet-hotline", "GovernmentOrganization", null)]
    public async Task AgencyPagesDescribeTheAgencyAsJsonLd(string path, string type, string? phone)
    {
        var client = app.CreateClient();

        var (_, html) = await client.GetStringWithStatusAsync(path);

        var json = JsonNode.Parse(JsonLdPattern().Match(html).Groups[1].Value)!;
        Assert.Equal("https://schema.org", json["@context"]!.ToString());
        Assert.Equal(type, json["@type"]!.ToString());
        Assert.False(string.IsNullOrEmpty(json["name"]?.ToString()));
        Assert.StartsWith("http://www.", json["url"]!.ToString(), StringComparison.Ordinal);
        if (phone is null)
        {
            Assert.Null(json["contactPoint"]);
        }
        else
        {
            Assert.Equal(phone, json["contactPoint"]![0]!["telephone"]!.ToString());
            Assert.Equal("ContactPoint", json["contactPoint"]![0]!["@type"]!.ToString());
        }
    }

    [Fact]
    public async Task PagesHaveCanonicalAndOpenGraphTags()
    {
        var client = app.CreateClient();

        var (_, html) = await client.GetStringWithStatusAsync("/en/agencies/safe-line?utm=x");

        Assert.Matches("<link rel=\"canonical\" href=\"http[^\"]+/en/agencies/safe-line\">", html);
        Assert.Matches("<meta property=\"og:url\" content=\"http[^\"]+/en/agencies/safe-line\">", html);
        Assert.Contains("<meta property=\"og:locale\" content=\"en_US\">", html, StringComparison.Ordinal);
        Assert.Contains("<meta property=\"og:title\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SitemapListsEveryPublicPageInEveryCultureAndEachAnswers()
    {
        var client = app.CreateClient();

        var (status, xml) = await client.GetStringWithStatusAsync("/sitemap.xml");
        var (_, robots) = await client.GetStringWithStatusAsync("/robots.txt");

        Assert.Equal(HttpStatusCode.OK, status);
        XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        // The leaflet's list fits one file: a plain sitemap, no index and no parts.
        Assert.Equal(ns + "urlset", XDocument.Parse(xml).Root!.Name);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetStringWithStatusAsync("/sitemap-1.xml")).Status);
        var locs = XDocument.Parse(xml).Descendants(ns + "loc").Select(l => new Uri(l.Value).PathAndQuery).ToList();
        var routed = GuideSeed.Recipe["steps"]!.AsArray().OfType<JsonObject>()
            .Where(s => s["name"]!.ToString() == "Content")
            .SelectMany(s => s["data"]!.AsArray().OfType<JsonObject>())
            .Select(i => i["AutoroutePart"]?["Path"]?.ToString())
            .OfType<string>()
            .Select(p => "/" + p)
            .ToList();
        Assert.Equal(63, routed.Count);
        var expected = routed.Concat(Prefixes.SelectMany(p => new[] { p.Length == 0 ? "/" : p, p + "/guide", p + "/chart", p + "/agencies", p + "/print" })).ToHashSet();
        Assert.Equal(expected.Order(StringComparer.Ordinal), locs.Order(StringComparer.Ordinal));
        foreach (var loc in locs)
        {
            var (pageStatus, _) = await client.GetStringWithStatusAsync(loc);
            Assert.True(pageStatus == HttpStatusCode.OK, $"{loc} answered {pageStatus}");
        }

        Assert.Contains("Sitemap: http", robots, StringComparison.Ordinal);
        Assert.Contains("/sitemap.xml", robots, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "ja-JP")]
    [InlineData("/en", "en")]
    [InlineData("/easy", "ja-x-easy")]
    public async Task TheLeafletsChartAndGuideStayWholeWithRoomToSpare(string prefix, string culture)
    {
        var client = app.CreateClient();
        var paging = app.Services.GetRequiredService<IOptions<CmsOptions>>().Value.Paging;
        var snapshot = await app.Services.GetRequiredService<PublishedSnapshotProvider>().GetAsync();
        var layout = ChartLayout.For(GuideReader.For(snapshot, culture), paging);

        var (_, chart) = await client.GetStringWithStatusAsync(prefix + "/chart");
        var guide = JsonNode.Parse(await client.GetStringAsync("/api/v1/guide?culture=" + culture))!;
        var (status, situation) = await client.GetStringWithStatusAsync(prefix + "/chart/trouble");

        output.WriteLine($"{culture}: chart estimate {layout.EstimateWholeChart()} of {paging.PageBytes}, guide estimate {layout.EstimateWholeGuide()} of {paging.ApiPageBytes}");
        // The leaflet is well inside the budgets (its easy-Japanese guide, 41 KB with every reading, is the closest): a few
        // more agencies or situations keep it one page.
        Assert.True(layout.EstimateWholeChart() <= paging.PageBytes * 85 / 100);
        Assert.True(layout.EstimateWholeGuide() <= paging.ApiPageBytes * 85 / 100);
        Assert.Contains("<ul class=\"agency-list\">", chart, StringComparison.Ordinal);
        Assert.DoesNotContain("chart-situations", chart, StringComparison.Ordinal);
        Assert.True(guide["complete"]!.GetValue<bool>());
        Assert.Equal(2, guide["entries"]!.AsArray().Count);
        Assert.Equal(8, guide["agencies"]!.AsArray().Count);
        Assert.Equal(["trouble", "found-illegal"], guide["situations"]!["items"]!.AsArray().Select(s => s!["key"]!.ToString()));
        // Each situation's chart exists (unlinked while the whole chart fits), for clients written for big guides.
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"href=\"{prefix}/guide/trouble/consult/damages?from=", situation, StringComparison.Ordinal);
        Assert.DoesNotContain("/guide/found-illegal\"", situation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PagesWeighAtMost60KilobytesWithTheirStylesheetAndLoadNothingElse()
    {
        var client = app.CreateClient();
        var css = await client.GetByteArrayAsync("/theme/site.css");

        foreach (var prefix in Prefixes)
        {
            foreach (var page in PageTypes.Append("/no-such-page"))
            {
                using var response = await client.GetAsync(prefix + page);
                var html = await response.Content.ReadAsStringAsync();
                var bytes = (await response.Content.ReadAsByteArrayAsync()).Length;
                output.WriteLine($"{prefix + page,-40} {bytes,7} B html + {css.Length} B css");

                Assert.True(bytes + css.Length <= 60 * 1024, $"{prefix + page} weighs {bytes + css.Length} bytes");
                Assert.DoesNotMatch("<script(?! type=\"application/ld\\+json\")", html);
                Assert.DoesNotMatch("(src|href)=\"//", html);
                Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
                Assert.Single(Regex.Matches(html, "<link rel=\"stylesheet\" href=\"/theme/site.css\">"));
            }
        }
    }

    [Fact]
    public async Task EveryPageIsReachableFromHomeAndEveryAgencyWithinTwoTaps()
    {
        var client = app.CreateClient();
        var (_, xml) = await client.GetStringWithStatusAsync("/sitemap.xml");
        XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var pages = XDocument.Parse(xml).Descendants(ns + "loc").Select(l => new Uri(l.Value).AbsolutePath).ToHashSet();

        var taps = await TapsFromAsync(client, "/", AnyLink());
        var guideTaps = await TapsFromAsync(client, "/", GuideLink());

        Assert.Empty(pages.Except(taps.Keys));
        foreach (var agency in GuideSeed.Items("Agency"))
        {
            var path = "/" + agency["AutoroutePart"]!["Path"];
            // The tree is stored once, on the Japanese nodes, as links to LocalizationSets; each language shows it.
            var set = agency["LocalizationPart"]!["LocalizationSet"]!.ToString();
            var culture = agency["LocalizationPart"]!["Culture"]!.ToString();
            var parents = GuideSeed.Items("DecisionNode")
                .Where(n => n["DecisionNode"]?["Agencies"]?["LocalizationSets"] is JsonArray sets && sets.Any(s => s!.ToString() == set))
                .Select(n => n["LocalizationPart"]!["LocalizationSet"]!.ToString())
                .ToHashSet();
            var result = GuideSeed.Items("DecisionNode")
                .Where(n => parents.Contains(n["LocalizationPart"]!["LocalizationSet"]!.ToString()) && n["LocalizationPart"]!["Culture"]!.ToString() == culture)
                .Select(n => guideTaps.GetValueOrDefault("/" + n["AutoroutePart"]!["Path"], 99))
                .Min();
            output.WriteLine($"{path,-28} {taps[path]} taps by any link; by guide choices: result page {result}, agency page {guideTaps[path]}");
            Assert.True(taps[path] <= 2, $"{path} needs {taps[path]} taps");
            Assert.True(result <= 3, $"the result page for {path} needs {result} taps");
        }
    }

    // Breadth-first walk over same-site links whose <a> tag matches `follow`.
    private static async Task<Dictionary<string, int>> TapsFromAsync(HttpClient client, string start, Regex follow)
    {
        var depth = new Dictionary<string, int>(StringComparer.Ordinal) { [start] = 0 };
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var page = queue.Dequeue();
            var (_, html) = await client.GetStringWithStatusAsync(page);
            foreach (Match tag in AnchorTag().Matches(html))
            {
                var href = WebUtility.HtmlDecode(tag.Groups[1].Value);
                var path = href.Split('?', '#')[0];
                if (!follow.IsMatch(tag.Value) || !path.StartsWith('/') || path.StartsWith("//", StringComparison.Ordinal) || depth.ContainsKey(path))
                {
                    continue;
                }

                depth[path] = depth[page] + 1;
                queue.Enqueue(path);
            }
        }

        return depth;
    }

    [GeneratedRegex("<a [^>]*href=\"([^\"]+)\"[^>]*>")]
    private static partial Regex AnchorTag();

    [GeneratedRegex(".")]
    private static partial Regex AnyLink();

    [GeneratedRegex("class=\"(choice|more-link)\"")]
    private static partial Regex GuideLink();

    [GeneratedRegex("<script type=\"application/ld\\+json\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex JsonLdPattern();

    [GeneratedRegex("<aside class=\"emergency[ \"](?:(?!</aside>).)*href=\"tel:110\"", RegexOptions.Singleline)]
    private static partial Regex EmergencyRowPattern();
}
