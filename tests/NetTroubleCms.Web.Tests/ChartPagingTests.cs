using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NetTroubleCms.Content.Snapshot;
using NetTroubleCms.Web.Features.Api;
using NetTroubleCms.Web.Features.Guide;
using NetTroubleCms.Web.Features.Site;
using NetTroubleCms.Web.Infrastructure;
using Xunit.Abstractions;

namespace NetTroubleCms.Web.Tests;

/// <summary>
/// The chart, the guide API and the directory of a guide too big for one page, on the default budgets. The smallest
/// generated site that crosses them: 60 invented agencies with 200-character descriptions, one situation of 85 nodes
/// (four levels, three agencies each: more than one chart page and many API pages), one of 5 nodes and 49 of one node
/// (with the leaflet's two, 53 situations: two index pages). Every name says サンプル; nothing of it is real.
/// </summary>
public sealed partial class ChartPagingTests(ChartPagingTests.BigGuide site, ITestOutputHelper output) : IClassFixture<ChartPagingTests.BigGuide>
{
    private const int Limit = 60 * 1024;
    private const int Agencies = 60;
    private const int BigBranch = 85;
    private const int Leaves = 49;
    private readonly CmsApplication _app = site.App;
    private readonly HttpClient _client = site.Client;

    /// <summary>The generated site, imported once for the class (no test writes).</summary>
    public sealed class BigGuide : IAsyncLifetime, IDisposable
    {
        /// <summary>The app.</summary>
        public CmsApplication App { get; } = new CmsApplication().With("Cms:Api:RateLimit:PermitLimit", "100000");

        /// <summary>A client of the app.</summary>
        public HttpClient Client { get; private set; } = null!;

        /// <inheritdoc />
        public async Task InitializeAsync()
        {
            Client = App.CreateClient();
            var file = Path.Combine(App.DataDirectory, "sample-guide.recipe.json");
            await File.WriteAllTextAsync(file, SampleRecipe());
            var result = await App.ImportRecipeAsync(file);
            Assert.Equal(Agencies + BigBranch + 5 + Leaves, result.Created);
        }

        /// <inheritdoc />
        public async Task DisposeAsync()
        {
            Client.Dispose();
            await App.DisposeAsync();
        }

        /// <inheritdoc />
        public void Dispose() => App.Dispose();
    }

    [Theory]
    [InlineData("", "ja-JP")]
    [InlineData("/en", "en")]
    [InlineData("/easy", "ja-x-easy")]
    public async Task The_chart_lists_the_situations_and_each_situations_pages_show_its_nodes_once_within_60KB(string prefix, string culture)
    {
        var guide = await GuideAsync(culture);
        var situationLinks = new List<string>();
        var indexPages = 0;
        for (var url = prefix + "/chart"; url is not null; url = Next(await PageAsync(url, h => situationLinks.AddRange(SituationLinks(h)))))
        {
            indexPages++;
        }

        Assert.Equal(2, indexPages);
        Assert.Equal(guide.Tree.Select(e => prefix + "/chart/" + ChartLayout.KeyOf(e.Node, culture)), situationLinks);
        foreach (var (tree, link) in guide.Tree.Zip(situationLinks))
        {
            var shown = new List<string>();
            var pages = 0;
            for (var url = link; url is not null; url = Next(await PageAsync(url, h => shown.AddRange(NodeLinks(h)))))
            {
                pages++;
            }

            // Each node of the branch exactly once, in reading order; ancestors repeated as context are not counted.
            Assert.Equal(Flatten(tree).Select(n => n.Url!), shown);
            Assert.True(tree.Node.Id != guide.Tree[2].Node.Id || pages >= 2, $"{link}: the big branch fits one page ({pages})");
        }
    }

    [Fact]
    public async Task Chart_pages_link_to_pages_that_exist_and_continue_a_branch_with_its_ancestors()
    {
        var (_, index) = await _client.GetStringWithStatusAsync("/chart");
        var (_, second) = await _client.GetStringWithStatusAsync("/chart/sample-000000?page=2");

        Assert.DoesNotContain("class=\"agency-list\"", index, StringComparison.Ordinal);
        Assert.Contains("<link rel=\"canonical\" href=\"http://localhost/chart/sample-000000?page=2\">", second, StringComparison.Ordinal);
        // Other languages show the same situation (here the Japanese original): the language links lead there.
        Assert.Contains("<a href=\"/en/chart/sample-000000\" lang=\"en\"", second, StringComparison.Ordinal);
        Assert.Contains("hreflang=\"ja\" href=\"http://localhost/chart/sample-000000\"", second, StringComparison.Ordinal);
        Assert.Contains("rel=\"prev\" href=\"/chart/sample-000000\"", second, StringComparison.Ordinal);
        // The page starts inside the branch: the situation heads it as context (a link, no agencies).
        Assert.Matches("<a class=\"tree-node\" href=\"/guide/sample-000000\">[^<]*</a> <span class=\"tree-continued\">", second);
        foreach (var page in new[] { index, second })
        {
            foreach (var link in GuideSeed.Links(page).Where(l => l.StartsWith('/') && !l.StartsWith("/theme/", StringComparison.Ordinal)).Distinct())
            {
                var (status, _) = await _client.GetStringWithStatusAsync(link);
                Assert.True(status == HttpStatusCode.OK, $"{link} answered {status}");
            }
        }

        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetStringWithStatusAsync("/chart/no-such-situation")).Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/en")]
    [InlineData("/easy")]
    public async Task The_print_sheet_lists_the_situations_with_their_addresses_instead_of_the_whole_guide(string prefix)
    {
        var html = await PageAsync(prefix + "/print", _ => { });

        Assert.DoesNotContain("class=\"agency-list", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        var links = SituationLinks(html).ToList();
        Assert.Equal(50, links.Count);
        Assert.Contains($"<span class=\"url\">http://localhost{prefix}/chart/sample-000000</span>", html, StringComparison.Ordinal);
        Assert.Contains("53", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ja-JP")]
    [InlineData("en")]
    [InlineData("ja-x-easy")]
    public async Task The_guide_api_answers_an_index_and_situation_pages_that_hold_every_node_once_within_60KB(string culture)
    {
        var guide = await GuideAsync(culture);
        var (first, firstBytes) = await JsonAsync($"/api/v1/guide?culture={culture}");
        var (second, _) = await JsonAsync($"/api/v1/guide?culture={culture}&page=2");

        Assert.False(first["complete"]!.GetValue<bool>());
        Assert.Empty(first["entries"]!.AsArray());
        Assert.Empty(first["agencies"]!.AsArray());
        Assert.True(firstBytes <= Limit);
        Assert.Equal(guide.Tree.Count, first["situations"]!["totalItems"]!.GetValue<int>());
        var situations = first["situations"]!["items"]!.AsArray().Concat(second["situations"]!["items"]!.AsArray()).Select(s => s!).ToList();
        Assert.Equal(guide.Tree.Select(e => e.Node.Id), situations.Select(s => s["id"]!.ToString()));
        var largest = 0;
        foreach (var (tree, situation) in guide.Tree.Zip(situations))
        {
            var nodes = new List<JsonNode>();
            var pages = 0;
            for (var url = situation["href"]!.ToString(); url.Length > 0;)
            {
                var (page, bytes) = await JsonAsync(url);
                pages++;
                largest = Math.Max(largest, bytes);
                Assert.True(bytes <= Limit, $"{url}: {bytes} bytes");
                var onPage = page["nodes"]!.AsArray().Select(n => n!).ToList();
                Assert.NotEmpty(onPage);
                // Every agency a node names is on its page, once, and no other.
                var agencyIds = page["agencies"]!.AsArray().Select(a => a!["id"]!.ToString()).ToList();
                Assert.Equal(agencyIds.Distinct(), agencyIds);
                Assert.Equal(onPage.SelectMany(n => n["agencyIds"]!.AsArray().Select(a => a!.ToString())).Distinct().Order(StringComparer.Ordinal), agencyIds.Order(StringComparer.Ordinal));
                foreach (var node in onPage)
                {
                    // A parent always comes before its children, on this page or an earlier one.
                    Assert.True(node["parentId"] is null || nodes.Concat(onPage.TakeWhile(n => n != node)).Any(n => n["id"]!.ToString() == node["parentId"]!.ToString()));
                }

                nodes.AddRange(onPage);
                url = page["next"]?.ToString() ?? "";
            }

            Assert.Equal(situation["pageCount"]!.GetValue<int>(), pages);
            Assert.Equal(Flatten(tree).Select(n => n.Id), nodes.Select(n => n["id"]!.ToString()));
        }

        output.WriteLine($"{culture}: largest situation page {largest} bytes");
        Assert.True(situations.Single(s => s["key"]!.ToString() == "sample-000000")["pageCount"]!.GetValue<int>() > 2);
    }

    [Fact]
    public async Task The_sitemap_lists_each_situations_chart_when_the_chart_is_split()
    {
        var charts = (await SitemapAsync()).Where(p => p.Contains("/chart/", StringComparison.Ordinal)).ToList();
        Assert.Equal(3 * (2 + 1 + 1 + Leaves), charts.Count);
        Assert.Contains("/easy/chart/trouble", charts);
        foreach (var chart in charts.Where(c => c.EndsWith("000000", StringComparison.Ordinal) || c.EndsWith("trouble", StringComparison.Ordinal)))
        {
            Assert.Equal(HttpStatusCode.OK, (await _client.GetStringWithStatusAsync(chart)).Status);
        }
    }

    [Fact]
    public async Task A_sitemap_too_big_for_one_file_is_an_index_of_parts_within_60KB_that_list_every_page_once()
    {
        XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        using var response = await _client.GetAsync("/sitemap.xml");
        var index = XDocument.Parse(await response.Content.ReadAsStringAsync());
        var (_, robots) = await _client.GetStringWithStatusAsync("/robots.txt");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(ns + "sitemapindex", index.Root!.Name);
        var parts = index.Root.Elements(ns + "sitemap").Select(s => new Uri(s.Element(ns + "loc")!.Value).PathAndQuery).ToList();
        Assert.True(parts.Count >= 2, $"{parts.Count} parts");
        Assert.Equal(Enumerable.Range(1, parts.Count).Select(i => $"/sitemap-{i}.xml"), parts);
        // Parts with items carry the latest change of their items.
        Assert.Contains(index.Root.Elements(ns + "sitemap"), s => s.Element(ns + "lastmod") is not null);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetStringWithStatusAsync($"/sitemap-{parts.Count + 1}.xml")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetStringWithStatusAsync("/sitemap-0.xml")).Status);
        Assert.Contains("Sitemap: http://localhost/sitemap.xml", robots, StringComparison.Ordinal);

        var listed = await SitemapAsync();
        var snapshot = await _app.Services.GetRequiredService<PublishedSnapshotProvider>().GetAsync();
        var paging = _app.Services.GetRequiredService<IOptions<CmsOptions>>().Value.Paging;
        Assert.Equal(SiteSeo.Pages(snapshot, paging).Select(p => p.Path), listed);
        foreach (var page in listed.Where(p => p.Contains("sample-000001", StringComparison.Ordinal) || p.EndsWith("/agencies", StringComparison.Ordinal)))
        {
            Assert.Equal(HttpStatusCode.OK, (await _client.GetStringWithStatusAsync(page)).Status);
        }
    }

    [Theory]
    [InlineData("/api/v1/nodes", "ja-JP")]
    [InlineData("/api/v1/nodes?pageSize=100", "en")]
    [InlineData("/api/v1/nodes?pageSize=100&type=question", "ja-JP")]
    [InlineData("/api/v1/agencies?pageSize=100", "ja-x-easy")]
    [InlineData("/api/v1/agencies", "ja-JP")]
    [InlineData("/api/v1/channels?pageSize=100", "ja-JP")]
    public async Task Rest_list_pages_stay_within_60KB_and_next_links_walk_every_item_once(string first, string culture)
    {
        var guide = await GuideAsync(culture);
        var snapshot = await _app.Services.GetRequiredService<PublishedSnapshotProvider>().GetAsync();
        var expected = first.StartsWith("/api/v1/nodes", StringComparison.Ordinal)
            ? guide.Nodes.Values.Where(n => !first.Contains("question", StringComparison.Ordinal) || !n.IsOutcome)
                .OrderBy(n => !n.IsEntry).ThenBy(n => n.SortOrder).ThenBy(n => n.Path, StringComparer.Ordinal).Select(n => n.Id).ToList()
            : first.StartsWith("/api/v1/agencies", StringComparison.Ordinal)
                ? guide.Agencies.Select(a => a.Id).ToList()
                : [.. guide.Agencies.SelectMany(a => a.ToChannels(snapshot)).Select(c => c.Id!)];
        var seen = new List<string>();
        var pages = 0;
        var largest = 0;
        string? url = first + (first.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "culture=" + culture;
        while (url is not null)
        {
            var (page, bytes) = await JsonAsync(url);
            pages++;
            largest = Math.Max(largest, bytes);
            Assert.True(bytes <= Limit, $"{url}: {bytes} bytes");
            Assert.Equal(pages, page["page"]!.GetValue<int>());
            Assert.Equal(expected.Count, page["totalItems"]!.GetValue<int>());
            var items = page["items"]!.AsArray();
            Assert.NotEmpty(items);
            Assert.InRange(items.Count, 1, page["pageSize"]!.GetValue<int>());
            seen.AddRange(items.Select(i => i!["id"]!.ToString()));
            url = page["next"]?.ToString();
            if (url is null)
            {
                Assert.Equal(pages, page["pageCount"]!.GetValue<int>());
            }
        }

        output.WriteLine($"{first} {culture}: {pages} pages, largest {largest} bytes");
        Assert.Equal(expected, seen);
        // A page past the last is empty, as before.
        var (past, _) = await JsonAsync($"{first}{(first.Contains('?', StringComparison.Ordinal) ? "&" : "?")}culture={culture}&page={pages + 1}");
        Assert.Empty(past["items"]!.AsArray());
        Assert.Null(past["next"]);
    }

    [Fact]
    public async Task Node_pages_are_cut_by_size_so_a_page_of_large_nodes_holds_fewer_than_page_size()
    {
        var (page, _) = await JsonAsync("/api/v1/nodes?pageSize=100");

        // 139 sample nodes with three agencies each (about 6 KB a node) and the leaflet's 13: far over 56 KB at 100 a page.
        Assert.InRange(page["items"]!.AsArray().Count, 2, 99);
        Assert.Equal(100, page["pageSize"]!.GetValue<int>());
        Assert.Equal("/api/v1/nodes?culture=ja-JP&pageSize=100&page=2", page["next"]!.ToString());
        Assert.True(page["pageCount"]!.GetValue<int>() > 2);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/en")]
    [InlineData("/easy")]
    public async Task Directory_pages_stay_within_60KB_and_every_card_still_reaches_a_person(string prefix)
    {
        using var response = await _client.GetAsync(prefix + "/agencies");
        var html = await response.Content.ReadAsStringAsync();
        var bytes = (await response.Content.ReadAsByteArrayAsync()).Length;

        output.WriteLine($"{prefix}/agencies: {bytes} bytes");
        Assert.True(bytes <= Limit, $"{bytes} bytes");
        var cards = Regex.Matches(html, "<article class=\"agency\"[^>]*>(.*?)</article>", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(50, cards.Count);
        foreach (var card in cards.Where(c => c.Contains("sample-", StringComparison.Ordinal)))
        {
            // Compact cards: the name is the link to the agency's page (with the whole description), calls and forms stay.
            var number = Regex.Match(card, "sample-(\\d{6})").Groups[1].Value;
            Assert.Matches($"<h2 class=\"agency-name\"[^>]*><a href=\"{prefix}/agencies/sample-{number}\">", card);
            Assert.Contains($"href=\"tel:0000000{number[2..]}\"", card, StringComparison.Ordinal);
            Assert.Contains($"href=\"https://sample.invalid/form/{int.Parse(number, System.Globalization.CultureInfo.InvariantCulture)}\"", card, StringComparison.Ordinal);
            Assert.Matches("<p class=\"what\"[^>]*>サンプル[^<]*…</p>", card);
        }
    }

    [Fact]
    public async Task Size_estimates_of_agencies_are_never_below_their_json_and_not_far_above()
    {
        var json = _app.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var snapshot = await _app.Services.GetRequiredService<PublishedSnapshotProvider>().GetAsync();
        foreach (var culture in GuideReader.Cultures)
        {
            foreach (var agency in GuideReader.For(snapshot, culture).Agencies)
            {
                var real = JsonSerializer.SerializeToUtf8Bytes(agency.ToResponse(snapshot), json).Length;
                var estimate = PageWeights.JsonAgency(agency);
                Assert.InRange(estimate, real, real * 5 / 4);
            }
        }
    }

    // Every page the sitemap lists, in order: through the index and its parts (each within the limit) when it has them.
    private async Task<List<string>> SitemapAsync()
    {
        XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var root = XDocument.Parse((await _client.GetStringWithStatusAsync("/sitemap.xml")).Body).Root!;
        if (root.Name == ns + "urlset")
        {
            return [.. root.Elements(ns + "url").Select(u => new Uri(u.Element(ns + "loc")!.Value).PathAndQuery)];
        }

        var pages = new List<string>();
        foreach (var part in root.Elements(ns + "sitemap").Select(s => new Uri(s.Element(ns + "loc")!.Value).PathAndQuery))
        {
            using var response = await _client.GetAsync(part);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{part} answered {response.StatusCode}");
            Assert.True(bytes.Length <= Limit, $"{part}: {bytes.Length} bytes");
            var urlset = XDocument.Parse(System.Text.Encoding.UTF8.GetString(bytes)).Root!;
            Assert.Equal(ns + "urlset", urlset.Name);
            pages.AddRange(urlset.Elements(ns + "url").Select(u => new Uri(u.Element(ns + "loc")!.Value).PathAndQuery));
        }

        return pages;
    }

    private static IEnumerable<NodeView> Flatten(TreeEntry entry) => entry.Children.SelectMany(Flatten).Prepend(entry.Node);

    private async Task<GuideModel> GuideAsync(string culture) =>
        GuideReader.For(await _app.Services.GetRequiredService<PublishedSnapshotProvider>().GetAsync(), culture);

    private async Task<string> PageAsync(string url, Action<string> read)
    {
        using var response = await _client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        var bytes = (await response.Content.ReadAsByteArrayAsync()).Length;
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {response.StatusCode}");
        Assert.True(bytes <= Limit, $"{url}: {bytes} bytes");
        Assert.Single(Regex.Matches(html, "<h1[ >]"));
        read(html);
        return html;
    }

    private async Task<(JsonNode Json, int Bytes)> JsonAsync(string url)
    {
        using var response = await _client.GetAsync(url);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {response.StatusCode}");
        return (JsonNode.Parse(bytes)!, bytes.Length);
    }

    private static string? Next(string html) =>
        NextLink().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    private static IEnumerable<string> SituationLinks(string html) =>
        SituationLink().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value));

    // Tree links of the page's own nodes (without ?from=), not the ancestors repeated as context.
    private static IEnumerable<string> NodeLinks(string html) =>
        TreeNodeLink().Matches(html).Where(m => !m.Groups[2].Success).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value));

    [GeneratedRegex("rel=\"next\" href=\"([^\"]+)\"")]
    private static partial Regex NextLink();

    [GeneratedRegex("<li><a class=\"tree-node\" href=\"([^\"]+)\"")]
    private static partial Regex SituationLink();

    [GeneratedRegex("<a class=\"tree-node\" href=\"([^\"?]+)[^\"]*\"[^>]*>.*?</a>( <span class=\"tree-continued\">)?", RegexOptions.Singleline)]
    private static partial Regex TreeNodeLink();

    private static string Text(string seed, int length)
    {
        var text = $"サンプル{seed}の説明文。これは一覧と流れ図のページ分けを確かめるための架空のデータで、実在の窓口ではありません。";
        return string.Concat(Enumerable.Repeat(text, (length / text.Length) + 1))[..length];
    }

    private static string SampleRecipe()
    {
        var data = new JsonArray();
        for (var i = 0; i < Agencies; i++)
        {
            var channels = new JsonArray();
            foreach (var (kind, value, c) in new[] { ("電話", $"000-0000-{i:0000}", 0), ("Webフォーム", $"https://sample.invalid/form/{i}", 1) })
            {
                channels.Add(new JsonObject
                {
                    ["ContentItemId"] = $"samplechannel{i:0000000000}{c:000}",
                    ["ContentType"] = "Channel",
                    ["Channel"] = new JsonObject { ["Kind"] = new JsonObject { ["Text"] = kind }, ["Value"] = new JsonObject { ["Text"] = value }, ["Label"] = new JsonObject { ["Text"] = $"サンプル窓口 {i}-{c}" } },
                });
            }

            data.Add(Item("Agency", $"sampleagency{i:00000000000000}", $"サンプル相談窓口 {i:000000}", $"agencies/sample-{i:000000}", $"sampleagencyset{i:00000000000}", new JsonObject
            {
                ["Agency"] = new JsonObject
                {
                    ["Operator"] = new JsonObject { ["Text"] = $"サンプル運営者 {i % 7}" },
                    ["Description"] = new JsonObject { ["Text"] = Text(i.ToString(System.Globalization.CultureInfo.InvariantCulture), 200) },
                    ["SortOrder"] = new JsonObject { ["Value"] = 1000 + i },
                },
                ["Channels"] = new JsonObject { ["ContentItems"] = channels },
            }));
        }

        // Node 0 is the big situation: node n's children are 4n+1 .. 4n+4 below 85 (a four-level tree of 85 nodes).
        // Nodes 85..89 are the small one (85 with four children); 90.. the one-node situations.
        var count = BigBranch + 5 + Leaves;
        for (var n = 0; n < count; n++)
        {
            var children = n < BigBranch
                ? Enumerable.Range((4 * n) + 1, 4).Where(c => c < BigBranch)
                : n == BigBranch ? Enumerable.Range(BigBranch + 1, 4) : [];
            var agencies = Enumerable.Range(0, n < BigBranch ? 3 : 1).Select(k => $"sampleagency{((3 * n) + k) % Agencies:00000000000000}");
            data.Add(Item("DecisionNode", $"samplenode{n:0000000000000000}", $"サンプルの状況 {n:000000}：{Text(n.ToString(System.Globalization.CultureInfo.InvariantCulture), 30)}", $"guide/sample-{n:000000}", $"samplenodeset{n:0000000000000}", new JsonObject
            {
                ["DecisionNode"] = new JsonObject
                {
                    ["IsEntry"] = new JsonObject { ["Value"] = n == 0 || n == BigBranch || n > BigBranch + 4 },
                    ["SortOrder"] = new JsonObject { ["Value"] = 1000 + n },
                    ["Children"] = new JsonObject { ["ContentItemIds"] = new JsonArray([.. children.Select(c => (JsonNode)$"samplenode{c:0000000000000000}")]) },
                    ["Agencies"] = new JsonObject { ["ContentItemIds"] = new JsonArray([.. agencies.Select(a => (JsonNode)a)]) },
                },
            }));
        }

        return new JsonObject { ["steps"] = new JsonArray(new JsonObject { ["name"] = "Content", ["data"] = data }) }.ToJsonString();
    }

    private static JsonObject Item(string type, string id, string title, string path, string set, JsonObject parts)
    {
        var item = new JsonObject
        {
            ["ContentItemId"] = id,
            ["ContentItemVersionId"] = "v" + id[1..],
            ["ContentType"] = type,
            ["DisplayText"] = title,
            ["Latest"] = true,
            ["Published"] = true,
            ["TitlePart"] = new JsonObject { ["Title"] = title },
            ["AutoroutePart"] = new JsonObject { ["Path"] = path },
            ["LocalizationPart"] = new JsonObject { ["LocalizationSet"] = set, ["Culture"] = "ja-JP" },
        };
        foreach (var (key, value) in parts.ToList())
        {
            parts.Remove(key);
            item[key] = value;
        }

        return item;
    }
}
