using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NetTroubleCms.Web.Features.Api;

namespace NetTroubleCms.Web.Tests;

/// <summary>
/// The directory and the API list endpoints at more agencies than fit on a page, with responses compressed.
/// The 120 agencies imported here are invented samples (names say so); they live only in this test's data folder.
/// </summary>
public sealed partial class DirectoryPagingTests : IAsyncLifetime, IDisposable
{
    private const int Samples = 120;
    private readonly CmsApplication _app = new();
    private HttpClient _client = null!;
    private int _total;

    public async Task InitializeAsync()
    {
        _client = _app.CreateClient();
        var file = Path.Combine(_app.DataDirectory, "sample-agencies.recipe.json");
        await File.WriteAllTextAsync(file, SampleRecipe());
        var result = await _app.ImportRecipeAsync(file);
        Assert.Equal(Samples, result.Created);
        _total = (await _client.GetFromJsonAsync<PageResponse<AgencyResponse>>("/api/v1/agencies"))!.TotalItems;
        Assert.Equal(Samples + 8, _total);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_directory_shows_fifty_agencies_a_page_with_links_to_the_others()
    {
        var (status, first) = await _client.GetStringWithStatusAsync("/agencies");
        var (_, second) = await _client.GetStringWithStatusAsync("/agencies?page=2");
        var (_, last) = await _client.GetStringWithStatusAsync("/agencies?page=3");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(50, AgencyNames(first).Count);
        Assert.Equal(50, AgencyNames(second).Count);
        Assert.Equal(_total - 100, AgencyNames(last).Count);
        Assert.Empty(AgencyNames(first).Intersect(AgencyNames(second)));
        Assert.Contains("rel=\"next\" href=\"/agencies?page=2\"", first, StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"prev\"", first, StringComparison.Ordinal);
        Assert.Contains("rel=\"prev\" href=\"/agencies?page=2\"", last, StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"next\"", last, StringComparison.Ordinal);
        Assert.Contains($"{_total} 件中 101〜{_total} 件を表示", last, StringComparison.Ordinal);
        // Past the end shows the last page rather than an empty one.
        Assert.Equal(AgencyNames(last), AgencyNames((await _client.GetStringWithStatusAsync("/agencies?page=99")).Body));
    }

    [Fact]
    public async Task Search_and_kind_filter_work_from_the_query_string_and_keep_each_other_in_the_page_links()
    {
        var (_, one) = await _client.GetStringWithStatusAsync("/agencies?q=" + Uri.EscapeDataString("サンプル相談窓口 000077"));
        var (_, email) = await _client.GetStringWithStatusAsync("/agencies?kind=email");
        var (_, english) = await _client.GetStringWithStatusAsync("/en/agencies?kind=email&q=" + Uri.EscapeDataString("サンプル相談窓口 00001"));

        Assert.Equal(["サンプル相談窓口 000077"], AgencyNames(one));
        // Two samples in three have an email channel (not those numbered 0, 3, 6…); the leaflet's own agencies are
        // found by the same filter when they have one.
        var emailSamples = AgencyNames(email).Where(n => n.StartsWith("サンプル", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(emailSamples);
        Assert.Equal(Enumerable.Range(0, Samples).Where(i => i % 3 != 0).Take(emailSamples.Count).Select(i => $"サンプル相談窓口 {i:000000}"), emailSamples);
        Assert.Contains("<option value=\"email\" selected>", email, StringComparison.Ordinal);
        Assert.Equal(["10", "11", "13", "14", "16", "17", "19"], AgencyNames(english).Select(n => n[^2..]));
        Assert.DoesNotContain("rel=\"next\"", english, StringComparison.Ordinal);
        Assert.Contains("action=\"/en/agencies\"", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_pages_before_it_maps_and_reports_the_total()
    {
        // 40 of these agencies fit in a page's size budget, so pages are cut by count alone; 50 (57 KB) would not.
        var page = await _client.GetFromJsonAsync<PageResponse<AgencyResponse>>("/api/v1/agencies?page=4&pageSize=40");
        var cut = await _client.GetFromJsonAsync<PageResponse<AgencyResponse>>("/api/v1/agencies?pageSize=50");

        Assert.Equal(_total, page!.TotalItems);
        Assert.Equal(_total - 120, page.Items.Count);
        Assert.Equal(4, page.PageCount);
        Assert.InRange(cut!.Items.Count, 30, 49);
        Assert.Equal(_total, cut.TotalItems);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Public_responses_are_compressed_with_their_own_etag_and_vary_on_accept_encoding(string coding)
    {
        foreach (var path in new[] { "/agencies", "/api/v1/agencies", "/api/v1/opendata/hsds.json" })
        {
            using var plain = await _client.GetAsync(path);
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.TryAddWithoutValidation("Accept-Encoding", coding);
            using var packed = await _client.SendAsync(request);

            Assert.Empty(plain.Content.Headers.ContentEncoding);
            Assert.Equal([coding], packed.Content.Headers.ContentEncoding);
            Assert.Contains("Accept-Encoding", packed.Headers.Vary);
            Assert.Contains("Accept-Encoding", plain.Headers.Vary);
            Assert.NotEqual(plain.Headers.ETag, packed.Headers.ETag);
            var bytes = await packed.Content.ReadAsByteArrayAsync();
            Assert.True(bytes.Length * 3 < (await plain.Content.ReadAsByteArrayAsync()).Length, $"{path}: {bytes.Length} bytes {coding}");
            await using Stream inflate = coding == "br"
                ? new BrotliStream(new MemoryStream(bytes), CompressionMode.Decompress)
                : new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            Assert.Equal(await plain.Content.ReadAsStringAsync(), await new StreamReader(inflate).ReadToEndAsync());

            using var again = new HttpRequestMessage(HttpMethod.Get, path);
            again.Headers.TryAddWithoutValidation("Accept-Encoding", coding);
            again.Headers.TryAddWithoutValidation("If-None-Match", packed.Headers.ETag!.ToString());
            using var notModified = await _client.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        }
    }

    [Fact]
    public async Task Admin_pages_are_never_compressed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/login");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "br, gzip");

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
    }

    private static List<string> AgencyNames(string html) =>
        [.. AgencyHeading().Matches(html).Select(m => WebUtility.HtmlDecode(Regex.Replace(m.Groups[1].Value, "<[^>]+>", "")).Trim())];

    [GeneratedRegex("<h2 class=\"agency-name\"[^>]*>(.*?)</h2>", RegexOptions.Singleline)]
    private static partial Regex AgencyHeading();

    private static string SampleRecipe()
    {
        var data = new JsonArray();
        string[] kinds = ["電話", "Webサイト", "メール"];
        for (var i = 0; i < Samples; i++)
        {
            var channels = new JsonArray();
            foreach (var (kind, c) in new[] { kinds[i % 3], kinds[(i + 1) % 3] }.Select((k, c) => (k, c)))
            {
                var value = kind switch { "電話" => "000-0000-0000", "メール" => $"sample{i}@sample.invalid", _ => $"https://sample.invalid/{i}" };
                channels.Add(new JsonObject
                {
                    ["ContentItemId"] = $"samplechannel{i:0000000000}{c:000}",
                    ["ContentType"] = "Channel",
                    ["Channel"] = new JsonObject { ["Kind"] = new JsonObject { ["Text"] = kind }, ["Value"] = new JsonObject { ["Text"] = value } },
                });
            }

            data.Add(new JsonObject
            {
                ["ContentItemId"] = $"sampleagency{i:00000000000000}",
                ["ContentItemVersionId"] = $"sampleagencyv{i:0000000000000}",
                ["ContentType"] = "Agency",
                ["DisplayText"] = $"サンプル相談窓口 {i:000000}",
                ["Latest"] = true,
                ["Published"] = true,
                ["TitlePart"] = new JsonObject { ["Title"] = $"サンプル相談窓口 {i:000000}" },
                ["Agency"] = new JsonObject { ["Description"] = new JsonObject { ["Text"] = "負荷と一覧表示の確認用に作った架空の窓口です。" }, ["SortOrder"] = new JsonObject { ["Value"] = 1000 + i } },
                ["Channels"] = new JsonObject { ["ContentItems"] = channels },
                ["AutoroutePart"] = new JsonObject { ["Path"] = $"agencies/sample-{i:000000}" },
                ["LocalizationPart"] = new JsonObject { ["LocalizationSet"] = $"sampleagencyset{i:00000000000}", ["Culture"] = "ja-JP" },
            });
        }

        return new JsonObject { ["steps"] = new JsonArray(new JsonObject { ["name"] = "Content", ["data"] = data }) }.ToJsonString();
    }
}
