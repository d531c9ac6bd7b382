using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Storage;

namespace NetTroubleCms.Web.Tests;

/// <summary>Unpublished work must not show anywhere public: not in a body, not in an export, not in an ETag.</summary>
public sealed class ApiDraftLeakTests : IDisposable
{
    private const string Marker = "DRAFTLEAKMARKER";
    private const string JinkenId = "cnc5jawtfv0ss958ddj6wbzqtx";
    private const string TroubleNodeId = "m8hh4rqtnnq2c24hr6p6c9ektv";

    private static readonly string[] Urls =
    [
        "/api/v1/agencies?pageSize=100",
        "/api/v1/agencies?pageSize=100&q=" + Marker,
        $"/api/v1/agencies/{JinkenId}",
        "/api/v1/channels?pageSize=100",
        "/api/v1/guide",
        "/api/v1/nodes?pageSize=100",
        $"/api/v1/nodes/{TroubleNodeId}",
        $"/api/content/{JinkenId}",
        $"/api/content/{TroubleNodeId}",
        "/api/v1/opendata/hsds.json",
        "/api/v1/opendata/agencies.csv",
        "/api/v1/opendata/channels.csv",
        "/api/v1/opendata/recipe.json",
        "/api/graphql?query=" + "{ agency { contentItemId displayText latest modifiedUtc badge channels { contentItems { displayText } } } decisionNode { displayText latest agencies { contentItems { displayText } } } channel { displayText } }",
    ];

    private readonly CmsApplication _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task UnpublishedChangesAndDraftOnlyItemsAreInvisibleEverywhere()
    {
        var client = _app.CreateClient();
        var before = await ReadAllAsync(client);

        var draftOnlyId = await _app.InScopeAsync(async sp =>
        {
            var manager = sp.GetRequiredService<ContentManager>();
            var agency = await manager.GetAsync(JinkenId, VersionFilter.Latest);
            agency!.GetOrCreatePart("TitlePart")["Title"] = "人権相談 " + Marker;
            agency.Part("Agency")!["Badge"] = new JsonObject { ["Text"] = Marker };
            Assert.True((await manager.SaveDraftAsync(agency)).Succeeded);

            var node = await manager.GetAsync(TroubleNodeId, VersionFilter.Latest);
            node!.GetOrCreatePart("TitlePart")["Title"] = "状況 " + Marker;
            Assert.True((await manager.SaveDraftAsync(node)).Succeeded);

            var draft = manager.New("Agency");
            draft.GetOrCreatePart("TitlePart")["Title"] = "下書きだけの機関 " + Marker;
            draft.GetOrCreatePart("AutoroutePart")["Path"] = "agencies/draft-only";
            var created = await manager.CreateAsync(draft, publish: false);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Message)));
            return draft.ContentItemId;
        });
        var after = await ReadAllAsync(client);

        foreach (var url in Urls)
        {
            Assert.True(after[url].Status == HttpStatusCode.OK, $"{url} answered {after[url].Status}");
            Assert.DoesNotContain(Marker, after[url].Body, StringComparison.Ordinal);
            Assert.DoesNotContain(draftOnlyId, after[url].Body, StringComparison.Ordinal);
            Assert.True(before[url].ETag == after[url].ETag, $"ETag of {url} changed although nothing was published");
            Assert.Equal(before[url].Body, after[url].Body);
        }

        using var content = await client.GetAsync($"/api/content/{draftOnlyId}");
        using var rest = await client.GetAsync($"/api/v1/agencies/{draftOnlyId}");
        using var byPath = await client.GetAsync("/api/v1/agencies/draft-only");
        var graph = await client.GetStringAsync("/api/graphql?query=" + Uri.EscapeDataString($"{{ contentItem(contentItemId: \"{draftOnlyId}\") {{ contentItemId }} }}"));
        Assert.Equal(HttpStatusCode.NotFound, content.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, rest.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byPath.StatusCode);
        Assert.Contains("\"contentItem\":null", graph, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GraphQLRefusesEveryStatusButPublished()
    {
        var client = _app.CreateClient();

        foreach (var status in new[] { "DRAFT", "LATEST", "ALL" })
        {
            var body = await client.GetStringAsync("/api/graphql?query=" + Uri.EscapeDataString($"{{ agency(status: {status}) {{ displayText }} }}"));
            var json = JsonNode.Parse(body)!;

            Assert.NotNull(json["errors"]);
            Assert.Null(json["data"]!["agency"]);
        }
    }

    private static async Task<Dictionary<string, (HttpStatusCode Status, string? ETag, string Body)>> ReadAllAsync(HttpClient client)
    {
        var result = new Dictionary<string, (HttpStatusCode, string?, string)>(StringComparer.Ordinal);
        foreach (var url in Urls)
        {
            using var response = await client.GetAsync(url.StartsWith("/api/graphql", StringComparison.Ordinal) ? "/api/graphql?query=" + Uri.EscapeDataString(url["/api/graphql?query=".Length..]) : url);
            result[url] = (response.StatusCode, response.Headers.ETag?.Tag, Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()));
        }

        return result;
    }
}
