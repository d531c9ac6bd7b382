using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NetTroubleCms.Web.Features.Api;
using NetTroubleCms.Web.Infrastructure;

namespace NetTroubleCms.Web.Tests;

/// <summary>
/// GraphQL list fields at more agencies than one default page: a page the client did not size stays within the REST
/// pages' byte budget, and an explicit <c>first</c> is served as asked. The 80 agencies imported here are invented
/// samples shaped like bench/generate-sample.py's (200-character descriptions, 2-3 labelled channels); they live only
/// in this test's data folder.
/// </summary>
public sealed class GraphQLPagingTests : IAsyncLifetime, IDisposable
{
    private const int Samples = 80;
    private const string Card = "contentItemId displayText operator description badge website { url } channels { contentItems { ... on Channel { kind value label } } }";
    private readonly CmsApplication _app = new();
    private HttpClient _client = null!;
    private int _total;

    public async Task InitializeAsync()
    {
        _client = _app.CreateClient();
        var before = await CountAsync();
        var file = Path.Combine(_app.DataDirectory, "sample-agencies.recipe.json");
        await File.WriteAllTextAsync(file, SampleRecipe());
        var result = await _app.ImportRecipeAsync(file);
        Assert.Equal(Samples, result.Created);
        _total = await CountAsync();
        Assert.Equal(before + Samples, _total);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task DefaultPageOfAgencyCardsStaysWithinTheApiPageBudget()
    {
        var options = _app.Services.GetRequiredService<IOptions<ApiOptions>>().Value.GraphQL;
        var budget = _app.Services.GetRequiredService<IOptions<CmsOptions>>().Value.Paging.ApiPageBytes;

        var (bytes, json) = await PostAsync($"{{ agency {{ {Card} }} }}");

        var agencies = json["data"]!["agency"]!.AsArray();
        Assert.Equal(options.DefaultFirst, agencies.Count);
        Assert.True(_total > options.DefaultFirst, "the sample must be larger than one default page");
        Assert.True(bytes <= budget, $"default page of {agencies.Count} cards answered {bytes} bytes, budget {budget}");
        // The cards are whole: every sample shows its description and its channels with labels.
        Assert.All(agencies.Where(a => a!["displayText"]!.ToString().StartsWith("サンプル", StringComparison.Ordinal)), a =>
        {
            Assert.Equal(200, a!["description"]!.ToString().Length);
            Assert.InRange(a["channels"]!["contentItems"]!.AsArray().Count, 2, 3);
            Assert.All(a["channels"]!["contentItems"]!.AsArray(), c => Assert.False(string.IsNullOrEmpty(c!["label"]?.ToString())));
        });
    }

    [Fact]
    public async Task ExplicitFirstIsServedAsAskedAndSkipPagesOn()
    {
        var options = _app.Services.GetRequiredService<IOptions<ApiOptions>>().Value.GraphQL;

        var (_, all) = await PostAsync("{ agency(first: 1000) { contentItemId } }");
        var (_, first) = await PostAsync("{ agency { contentItemId } }");
        var (_, second) = await PostAsync($"{{ agency(skip: {options.DefaultFirst}) {{ contentItemId }} }}");
        var (_, third) = await PostAsync($"{{ agency(skip: {2 * options.DefaultFirst}) {{ contentItemId }} }}");
        var (_, hundred) = await PostAsync("{ agency(first: 100) { contentItemId } }");
        var (_, sixtyFive) = await PostAsync("{ agency(first: 65) { contentItemId } }");

        static List<string> Ids(JsonObject json) => [.. json["data"]!["agency"]!.AsArray().Select(a => a!["contentItemId"]!.ToString())];
        var ids = Ids(all);
        Assert.Equal(_total, ids.Count);
        Assert.Equal(ids.Take(options.DefaultFirst), Ids(first));
        // Paging with skip by the default page size reaches every item exactly once.
        Assert.Equal(ids.Skip(options.DefaultFirst).Take(options.DefaultFirst), Ids(second));
        Assert.Equal(ids.Skip(2 * options.DefaultFirst), Ids(third));
        Assert.Equal(ids.Take(100), Ids(hundred));
        Assert.Equal(ids.Take(65), Ids(sixtyFive));
    }

    [Fact]
    public async Task FirstAboveTheMaximumIsAnError()
    {
        var options = _app.Services.GetRequiredService<IOptions<ApiOptions>>().Value.GraphQL;

        using var response = await _client.PostAsync("/api/graphql", JsonContent.Create(new { query = $"{{ agency(first: {options.MaxFirst + 1}) {{ contentItemId }} }}" }));
        var json = (await response.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal("INVALID_PAGING", json["errors"]![0]!["extensions"]!["code"]!.ToString());
    }

    [Fact]
    public async Task SchemaDescribesTheDefaultFirst()
    {
        var options = _app.Services.GetRequiredService<IOptions<ApiOptions>>().Value.GraphQL;

        var (_, json) = await PostAsync("{ __type(name: \"Query\") { fields { name args { name description } } } }");

        var first = json["data"]!["__type"]!["fields"]!.AsArray().Single(f => f!["name"]!.ToString() == "agency")!["args"]!.AsArray()
            .Single(a => a!["name"]!.ToString() == "first")!["description"]!.ToString();
        Assert.Contains($"Not given: {options.DefaultFirst}", first, StringComparison.Ordinal);
        Assert.Contains($"max {options.MaxFirst}", first, StringComparison.Ordinal);
    }

    private async Task<int> CountAsync() => (await PostAsync("{ agency(first: 1000) { contentItemId } }")).Json["data"]!["agency"]!.AsArray().Count;

    private async Task<(int Bytes, JsonObject Json)> PostAsync(string query)
    {
        using var response = await _client.PostAsync("/api/graphql", JsonContent.Create(new { query }));
        var body = await response.Content.ReadAsByteArrayAsync();
        var json = JsonNode.Parse(body)!.AsObject();
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.ToJsonString());
        Assert.True(json["errors"] is null, json.ToJsonString());
        return (body.Length, json);
    }

    // Same shape and text lengths as the bench sample, so the byte figure here is the one the scale run reports.
    private static string SampleRecipe()
    {
        (string Kind, string Value)[] kinds = [("電話", "000-0000-{0:0000}"), ("Webサイト", "https://sample.invalid/{0:00000}"), ("メール", "sample{0:00000}@sample.invalid"),
            ("チャット", "https://chat.sample.invalid/{0:00000}"), ("対面", "サンプル市 {0:00000} 番地")];
        var data = new JsonArray();
        for (var i = 0; i < Samples; i++)
        {
            var channels = new JsonArray();
            for (var c = 0; c < 2 + (i % 2); c++)
            {
                var (kind, pattern) = kinds[(i + c) % kinds.Length];
                channels.Add(new JsonObject
                {
                    ["ContentItemId"] = $"samplechannel{i:0000000000}{c:000}",
                    ["ContentType"] = "Channel",
                    ["Channel"] = new JsonObject
                    {
                        ["Kind"] = new JsonObject { ["Text"] = kind },
                        ["Value"] = new JsonObject { ["Text"] = string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, i) },
                        ["Label"] = new JsonObject { ["Text"] = $"サンプル窓口 {i}-{c}" },
                    },
                });
            }

            var seed = $"サンプル{i}の説明文。これは負荷測定用に生成した架空のデータで、実在の窓口ではありません。";
            data.Add(new JsonObject
            {
                ["ContentItemId"] = $"sampleagency{i:00000000000000}",
                ["ContentItemVersionId"] = $"sampleagencyv{i:0000000000000}",
                ["ContentType"] = "Agency",
                ["DisplayText"] = $"サンプル相談窓口 {i:000000}",
                ["Latest"] = true,
                ["Published"] = true,
                ["TitlePart"] = new JsonObject { ["Title"] = $"サンプル相談窓口 {i:000000}" },
                ["Agency"] = new JsonObject
                {
                    ["Operator"] = new JsonObject { ["Text"] = $"サンプル運営者 {i % 97}" },
                    ["Description"] = new JsonObject { ["Text"] = string.Concat(Enumerable.Repeat(seed, (200 / seed.Length) + 1))[..200] },
                    ["Website"] = new JsonObject { ["Url"] = $"https://sample.invalid/{i}", ["Text"] = $"sample.invalid/{i}" },
                    ["SortOrder"] = new JsonObject { ["Value"] = 1000 + i },
                },
                ["Channels"] = new JsonObject { ["ContentItems"] = channels },
                ["AutoroutePart"] = new JsonObject { ["Path"] = $"agencies/sample-{i:000000}" },
                ["LocalizationPart"] = new JsonObject { ["LocalizationSet"] = $"sampleagencyset{i:00000000000}", ["Culture"] = "ja-JP" },
            });
        }

        return new JsonObject { ["steps"] = new JsonArray(new JsonObject { ["name"] = "Content", ["data"] = data }) }.ToJsonString();
    }
}
