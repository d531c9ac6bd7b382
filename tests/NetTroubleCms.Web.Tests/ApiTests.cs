using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Storage;
using NetTroubleCms.Web.Features.Api;

namespace NetTroubleCms.Web.Tests;

public sealed class ApiTests : IDisposable
{
    private const string JinkenId = "cnc5jawtfv0ss958ddj6wbzqtx";

    private readonly CmsApplication _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task AgenciesWithPhoneChannelsAreListedInEnglish()
    {
        var client = _app.CreateClient();

        var page = await client.GetFromJsonAsync<PageResponse<AgencyResponse>>("/api/v1/agencies?kind=phone&culture=en");

        Assert.NotNull(page);
        Assert.Equal(2, page.TotalItems);
        Assert.All(page.Items, a => Assert.Contains(a.Channels, c => c.KindKey == "phone"));
        Assert.All(page.Items, a => Assert.Equal("en", a.Culture));
        Assert.All(page.Items, a => Assert.False(a.IsFallback));
        Assert.Contains(page.Items.SelectMany(a => a.Channels), c => c.Href == "tel:0570078374" && c.IsNaviDial);
    }

    [Fact]
    public async Task GuideComesWholeInOneCallWithAgenciesResolved()
    {
        var client = _app.CreateClient();

        var guide = await client.GetFromJsonAsync<GuideResponse>("/api/v1/guide");

        Assert.NotNull(guide);
        Assert.Equal("ja-JP", guide.Culture);
        Assert.True(guide.Agencies.Count == 8, string.Join(" | ", guide.Agencies.Select(a => $"{a.Id} {a.Title} {a.Culture} {a.LocalizationSet}")));
        Assert.NotEmpty(guide.Entries);
        Assert.All(guide.Entries, e => Assert.True(e.IsEntry));
        var all = Flatten(guide.Entries).ToList();
        Assert.Equal(13, all.Select(n => n.Id).Distinct().Count());
        Assert.Contains(all, n => n.ArrowLabel == "弁護士 または");
        Assert.Contains(all, n => n.Agencies.Any(a => a.Channels.Count > 0));
        Assert.Contains("110", guide.Texts.EmergencyPhone, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgencyIsFoundByIdPathOrSlugInTheRequestedCulture()
    {
        var client = _app.CreateClient();

        var byId = await client.GetFromJsonAsync<AgencyResponse>($"/api/v1/agencies/{JinkenId}");
        var byPath = await client.GetFromJsonAsync<AgencyResponse>("/api/v1/agencies/agencies/jinken");
        var bySlugInEnglish = await client.GetFromJsonAsync<AgencyResponse>("/api/v1/agencies/jinken?culture=en");
        var byEncodedPath = await client.GetFromJsonAsync<AgencyResponse>("/api/v1/agencies/agencies%2Fjinken");

        Assert.Equal("人権相談", byId!.Title);
        Assert.Equal(JinkenId, byPath!.Id);
        Assert.Equal(JinkenId, byEncodedPath!.Id);
        Assert.Equal("en", bySlugInEnglish!.Culture);
        Assert.Equal(byId.LocalizationSet, bySlugInEnglish.LocalizationSet);
    }

    [Fact]
    public async Task ChannelsAreFlattenedWithTheirAgency()
    {
        var client = _app.CreateClient();

        var page = await client.GetFromJsonAsync<PageResponse<ChannelResponse>>("/api/v1/channels?kind=phone");

        Assert.Equal(2, page!.TotalItems);
        Assert.All(page.Items, c => Assert.False(string.IsNullOrEmpty(c.AgencyId)));
        Assert.All(page.Items, c => Assert.False(string.IsNullOrEmpty(c.Id)));
        Assert.Contains(page.Items, c => c.AgencyId == JinkenId && c.Value == "0570-003-110");
    }

    [Fact]
    public async Task TextSearchIgnoresKanaTypeAndWidth()
    {
        var client = _app.CreateClient();

        var hiragana = await client.GetFromJsonAsync<PageResponse<AgencyResponse>>("/api/v1/agencies?q=" + Uri.EscapeDataString("てらす"));
        var wide = await client.GetFromJsonAsync<PageResponse<AgencyResponse>>("/api/v1/agencies?q=" + Uri.EscapeDataString("ｓｏｓ"));

        Assert.Equal(1, hiragana!.TotalItems);
        Assert.Equal(1, wide!.TotalItems);
    }

    [Fact]
    public async Task PagingEnvelopeCountsEveryMatch()
    {
        var client = _app.CreateClient();

        var first = await client.GetFromJsonAsync<PageResponse<AgencyResponse>>("/api/v1/agencies?page=1&pageSize=3");
        var last = await client.GetFromJsonAsync<PageResponse<AgencyResponse>>("/api/v1/agencies?page=3&pageSize=3");

        Assert.Equal(8, first!.TotalItems);
        Assert.Equal(3, first.Items.Count);
        Assert.Equal(2, last!.Items.Count);
        Assert.Equal(3, last.Page);
        // Small items: pages are cut by count alone, and next carries the filters on.
        Assert.Equal(3, first.PageCount);
        Assert.Equal("/api/v1/agencies?culture=ja-JP&pageSize=3&page=2", first.Next);
        Assert.Null(last.Next);
    }

    [Fact]
    public async Task TheLeafletsNodesFitOnePageWithTheFiltersInTheirLinks()
    {
        var client = _app.CreateClient();

        var all = await client.GetFromJsonAsync<PageResponse<NodeResponse>>("/api/v1/nodes?pageSize=100");
        var two = await client.GetFromJsonAsync<PageResponse<NodeResponse>>("/api/v1/nodes?pageSize=2&type=Outcome&culture=en");

        Assert.Equal(13, all!.Items.Count);
        Assert.Equal(1, all.PageCount);
        Assert.Null(all.Next);
        Assert.Equal("/api/v1/nodes?culture=en&type=outcome&pageSize=2&page=2", two!.Next);
        Assert.Equal((two.TotalItems + 1) / 2, two.PageCount);
    }

    [Theory]
    [InlineData("/api/v1/agencies?culture=fr")]
    [InlineData("/api/v1/agencies?page=0")]
    [InlineData("/api/v1/agencies?pageSize=1000")]
    [InlineData("/api/v1/channels?kind=fax")]
    [InlineData("/api/v1/nodes?type=leaf")]
    [InlineData("/api/v1/guide?culture=xx")]
    public async Task BadParametersAnswer400ProblemDetails(string url)
    {
        var client = _app.CreateClient();

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(400, (int)problem!["status"]!);
        Assert.NotNull(problem["errors"]);
    }

    [Theory]
    [InlineData("/api/v1/agencies/does-not-exist")]
    [InlineData("/api/v1/nodes/does-not-exist")]
    [InlineData("/api/v1/agencies/guide/trouble")]
    [InlineData("/api/content/00000000000000000000000000")]
    public async Task UnknownItemsAnswer404ProblemDetails(string url)
    {
        var client = _app.CreateClient();

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task MissingTranslationFallsBackToJapaneseAndIsFlagged()
    {
        var client = _app.CreateClient();
        var item = await _app.InScopeAsync(async sp =>
        {
            var manager = sp.GetRequiredService<ContentManager>();
            var agency = manager.New("Agency");
            agency.DisplayText = "テスト機関";
            agency.GetOrCreatePart("TitlePart")["Title"] = "テスト機関";
            agency.GetOrCreatePart("AutoroutePart")["Path"] = "agencies/test-only-japanese";
            agency.GetOrCreatePart("LocalizationPart")["Culture"] = "ja-JP";
            agency.GetOrCreatePart("LocalizationPart")["LocalizationSet"] = "testset00000000000000000000";
            var result = await manager.CreateAsync(agency, publish: true);
            Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
            return agency;
        });

        var english = await client.GetFromJsonAsync<AgencyResponse>($"/api/v1/agencies/{item.ContentItemId}?culture=en");

        Assert.Equal("テスト機関", english!.Title);
        Assert.True(english.IsFallback);
        Assert.Equal("ja-JP", english.Culture);
    }

    [Fact]
    public async Task OrchardContentApiReturnsPublishedItemJson()
    {
        var client = _app.CreateClient();

        var json = await client.GetFromJsonAsync<JsonObject>($"/api/content/{JinkenId}");

        Assert.Equal(JinkenId, json!["ContentItemId"]!.ToString());
        Assert.Equal("Agency", json["ContentType"]!.ToString());
        Assert.True((bool)json["Published"]!);
        Assert.Equal("agencies/jinken", json["AutoroutePart"]!["Path"]!.ToString());
        Assert.NotNull(json["Channels"]!["ContentItems"]);
    }

    [Fact]
    public async Task OrchardContentApiHidesTypesThatAreNotPublic()
    {
        using var app = new CmsApplication().With("Cms:Api:PublicTypes:0", "Agency").With("Cms:Api:PublicTypes:1", "DecisionNode");
        var client = app.CreateClient();
        const string guideId = "3qrjhv2nb8eqf186yt6nh3xj61";

        using var guide = await client.GetAsync($"/api/content/{guideId}");
        using var agency = await client.GetAsync($"/api/content/{JinkenId}");

        Assert.Equal(HttpStatusCode.NotFound, guide.StatusCode);
        Assert.Equal(HttpStatusCode.OK, agency.StatusCode);
    }

    [Fact]
    public async Task OrchardContentApiAnswers404ForDeletedItems()
    {
        var client = _app.CreateClient();
        using var before = await client.GetAsync($"/api/content/{JinkenId}");

        await _app.InScopeAsync(sp => sp.GetRequiredService<ContentManager>().RemoveAsync(JinkenId));
        using var after = await client.GetAsync($"/api/content/{JinkenId}");
        using var rest = await client.GetAsync($"/api/v1/agencies/{JinkenId}");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, rest.StatusCode);
    }

    [Fact]
    public async Task RepeatWithIfNoneMatchAnswers304()
    {
        var client = _app.CreateClient();
        using var first = await client.GetAsync("/api/v1/guide?culture=en");
        var etag = first.Headers.ETag;

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/guide?culture=en");
        request.Headers.IfNoneMatch.Add(etag!);
        using var second = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.Equal("public, max-age=60, stale-while-revalidate=300", first.Headers.CacheControl?.ToString().Replace(" ", "", StringComparison.Ordinal).Replace(",", ", ", StringComparison.Ordinal));
        Assert.Contains("Accept-Language", first.Headers.Vary);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(etag, second.Headers.ETag);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task VariantsHaveTheirOwnETags()
    {
        var client = _app.CreateClient();

        using var ja = await client.GetAsync("/api/v1/agencies");
        using var en = await client.GetAsync("/api/v1/agencies?culture=en");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/agencies");
        request.Headers.AcceptLanguage.ParseAdd("en");
        using var accept = await client.SendAsync(request);

        Assert.NotEqual(ja.Headers.ETag, en.Headers.ETag);
        Assert.NotEqual(ja.Headers.ETag, accept.Headers.ETag);
        Assert.Equal("en", accept.Content.Headers.ContentLanguage.Single());
    }

    [Fact]
    public async Task PublishingChangesTheETagAtOnce()
    {
        var client = _app.CreateClient();
        using var before = await client.GetAsync("/api/v1/agencies");

        await _app.InScopeAsync(async sp =>
        {
            var manager = sp.GetRequiredService<ContentManager>();
            var item = await manager.GetAsync(JinkenId, VersionFilter.Latest);
            item!.GetOrCreatePart("TitlePart")["Title"] = "人権相談(更新)";
            var result = await manager.SaveAndPublishAsync(item);
            Assert.True(result.Succeeded);
            return result;
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/agencies");
        request.Headers.IfNoneMatch.Add(before.Headers.ETag!);
        using var after = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
        Assert.Contains("人権相談(更新)", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestsWithCredentialsAreNeverCached()
    {
        var client = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/agencies");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "anything");
        using var withCookie = new HttpRequestMessage(HttpMethod.Get, "/api/v1/guide");
        withCookie.Headers.Add("Cookie", "ntcms.auth=expired-or-not");

        using var response = await client.SendAsync(request);
        using var cookieResponse = await client.SendAsync(withCookie);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.ETag);
        Assert.True(response.Headers.CacheControl!.NoStore);
        Assert.True(response.Headers.CacheControl.Private);
        Assert.Null(cookieResponse.Headers.ETag);
        Assert.True(cookieResponse.Headers.CacheControl!.NoStore);
    }

    [Fact]
    public async Task CorsPreflightAllowsAnyOriginToGet()
    {
        var client = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/agencies");
        request.Headers.Add("Origin", "https://city.example.jp");
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "if-none-match");

        using var response = await client.SendAsync(request);
        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/v1/agencies");
        get.Headers.Add("Origin", "https://city.example.jp");
        using var actual = await client.SendAsync(get);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("GET", response.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Equal("*", actual.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("ETag", actual.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ClientsOverTheRateLimitGet429WithRetryAfter()
    {
        using var app = new CmsApplication().With("Cms:Api:RateLimit:PermitLimit", "3");
        var client = app.CreateClient();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            last?.Dispose();
            last = await client.GetAsync("/api/v1/agencies");
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(last!.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);
        last.Dispose();
    }

    [Fact]
    public async Task CsvExportsStartWithABomAndListEveryAgency()
    {
        var client = _app.CreateClient();

        var agencies = await client.GetByteArrayAsync("/api/v1/opendata/agencies.csv");
        var channels = await client.GetByteArrayAsync("/api/v1/opendata/channels.csv?culture=en");

        Assert.Equal(Encoding.UTF8.GetPreamble(), agencies[..3]);
        Assert.Equal(Encoding.UTF8.GetPreamble(), channels[..3]);
        var lines = Encoding.UTF8.GetString(agencies[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(9, lines.Length);
        Assert.Contains(lines, l => l.Contains("人権相談", StringComparison.Ordinal) && l.Contains("0570-003-110", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HsdsExportHasOrganizationsServicesPhonesAndLanguages()
    {
        var client = _app.CreateClient();

        var hsds = await client.GetFromJsonAsync<JsonObject>("/api/v1/opendata/hsds.json");

        Assert.Equal(8, hsds!["organizations"]!.AsArray().Count);
        var services = hsds["services"]!.AsArray();
        Assert.Equal(8, services.Count);
        var phones = services.SelectMany(s => s!["phones"]!.AsArray()).ToList();
        Assert.Equal(2, phones.Count);
        Assert.All(phones, p => Assert.Equal("voice", p!["type"]!.ToString()));
        Assert.All(services, s => Assert.True(Guid.TryParse(s!["organization_id"]!.ToString(), out _)));
        Assert.All(services, s => Assert.Equal("ja", s!["languages"]![0]!["code"]!.ToString()));
    }

    [Fact]
    public async Task PublishedRecipeImportsIntoAnEmptySite()
    {
        var client = _app.CreateClient();
        var recipe = await client.GetFromJsonAsync<JsonObject>("/api/v1/opendata/recipe.json");
        var file = Path.Combine(_app.DataDirectory, "published.recipe.json");
        await File.WriteAllTextAsync(file, recipe!.ToJsonString());

        using var other = new CmsApplication().With("Cms:SeedRecipe", "");
        _ = other.CreateClient();
        var result = await other.ImportRecipeAsync(file);
        var otherClient = other.CreateClient();
        var agencies = await otherClient.GetFromJsonAsync<PageResponse<AgencyResponse>>("/api/v1/agencies");

        var steps = recipe["steps"]!.AsArray().Select(s => s!["name"]!.ToString()).ToList();
        Assert.Equal(["ContentDefinition", "Content", "Settings"], steps);
        Assert.NotNull(result);
        Assert.Equal(8, agencies!.TotalItems);
    }

    [Fact]
    public async Task OpenApiDocumentParsesAndEveryDocumentedGetAnswers()
    {
        var client = _app.CreateClient();
        var text = await client.GetStringAsync("/openapi/v1.json");
        var document = JsonNode.Parse(text)!.AsObject();
        var (parsed, diagnostic) = Microsoft.OpenApi.OpenApiDocument.Parse(text, "json");

        Assert.NotNull(parsed);
        Assert.Empty(diagnostic?.Errors ?? []);
        Assert.StartsWith("3.", document["openapi"]!.ToString(), StringComparison.Ordinal);
        var gets = document["paths"]!.AsObject()
            .Where(p => p.Value!["get"] is not null)
            .Select(p => p.Key)
            .ToList();
        Assert.Contains("/api/v1/agencies", gets);
        Assert.Contains("/api/v1/guide", gets);
        Assert.Contains("/api/content/{contentItemId}", gets);
        Assert.Contains("/api/graphql", gets);
        // Answers serialised once per snapshot still describe their type to clients.
        Assert.EndsWith("/GuideResponse", document["paths"]!["/api/v1/guide"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!.ToString(), StringComparison.Ordinal);
        foreach (var path in gets)
        {
            var url = path
                .Replace("{contentItemId}", JinkenId, StringComparison.Ordinal)
                .Replace("{idOrPath}", path.Contains("nodes", StringComparison.Ordinal) ? "trouble" : "jinken", StringComparison.Ordinal)
                .Replace("{key}", "trouble", StringComparison.Ordinal);
            if (path == "/api/graphql")
            {
                url += "?query=" + Uri.EscapeDataString("{ agency { displayText } }");
            }

            if (path.StartsWith("/api/hsds/v3/", StringComparison.Ordinal) && path.EndsWith("/{id}", StringComparison.Ordinal))
            {
                // HSDS ids are UUIDs derived from ours: take the first one its list offers. The leaflet has no
                // web forms or desks, so service_at_locations is empty here (HsdsTests covers it with sample data).
                var list = await client.GetFromJsonAsync<JsonObject>(path[..^"/{id}".Length] + "?per_page=1");
                if (list!["contents"]!.AsArray().Count == 0)
                {
                    Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path.Replace("{id}", Guid.NewGuid().ToString(), StringComparison.Ordinal))).StatusCode);
                    continue;
                }

                url = path.Replace("{id}", list["contents"]![0]!["id"]!.ToString(), StringComparison.Ordinal);
            }

            using var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}");
            var operation = document["paths"]![path]!["get"]!;
            Assert.False(string.IsNullOrEmpty(operation["summary"]?.ToString()), $"{path} has no summary");
            Assert.NotNull(operation["responses"]!["200"]);
        }
    }

    [Fact]
    public async Task ResponsesDeserializeIntoTheDocumentedRecords()
    {
        var client = _app.CreateClient();
        var strict = new JsonSerializerOptions(JsonSerializerDefaults.Web) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };

        var agencies = JsonSerializer.Deserialize<PageResponse<AgencyResponse>>(await client.GetStringAsync("/api/v1/agencies?pageSize=100"), strict);
        var channels = JsonSerializer.Deserialize<PageResponse<ChannelResponse>>(await client.GetStringAsync("/api/v1/channels?pageSize=100"), strict);
        var nodes = JsonSerializer.Deserialize<PageResponse<NodeResponse>>(await client.GetStringAsync("/api/v1/nodes?pageSize=100&culture=ja-x-easy"), strict);
        var node = JsonSerializer.Deserialize<NodeResponse>(await client.GetStringAsync("/api/v1/nodes/trouble"), strict);
        var guide = JsonSerializer.Deserialize<GuideResponse>(await client.GetStringAsync("/api/v1/guide?culture=ja-x-easy"), strict);

        Assert.Equal(8, agencies!.Items.Count);
        Assert.NotEmpty(channels!.Items);
        Assert.Equal(13, nodes!.TotalItems);
        Assert.NotEmpty(node!.Children);
        Assert.Equal("ja-x-easy", guide!.Culture);
    }

    [Fact]
    public async Task InteractiveReferenceIsServedWithItsOwnScript()
    {
        var client = _app.CreateClient();

        var html = await client.GetStringAsync("/api/docs/");
        using var script = await client.GetAsync("/api/docs/scalar.js");

        Assert.Contains("scalar.js", html, StringComparison.Ordinal);
        Assert.DoesNotContain("cdn.jsdelivr", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    private static IEnumerable<NodeResponse> Flatten(IEnumerable<NodeResponse> nodes) =>
        nodes.SelectMany(n => Flatten(n.Children).Prepend(n));
}
