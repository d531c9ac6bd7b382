using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace NetTroubleCms.Web.Tests;

public sealed class ApiGraphQLTests : IDisposable
{
    private readonly CmsApplication _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task AgencyQueryHasOrchardShapeWithCollapsedOwnPart()
    {
        var client = _app.CreateClient();
        const string query = """
            { agency(where: { autoroutePart: { path: "agencies/jinken" } }) {
                contentItemId displayText published latest
                badge website { url text }
                channels { contentItems { ... on Channel { kind value } } }
                autoroutePart { path } localizationPart { culture } } }
            """;

        var json = await PostJsonAsync(client, query);

        var agency = json["data"]!["agency"]!.AsArray().Single()!;
        Assert.Equal("cnc5jawtfv0ss958ddj6wbzqtx", agency["contentItemId"]!.ToString());
        Assert.Equal("削除要請・助言", agency["badge"]!.ToString());
        Assert.Equal("http://www.jinken.go.jp", agency["website"]!["url"]!.ToString());
        Assert.Contains(agency["channels"]!["contentItems"]!.AsArray(), c => c!["value"]!.ToString() == "0570-003-110");
        Assert.Equal("ja-JP", agency["localizationPart"]!["culture"]!.ToString());
    }

    [Fact]
    public async Task WhereOrderByFirstAndSkipWork()
    {
        var client = _app.CreateClient();

        var all = await PostJsonAsync(client, "{ agency(where: { localizationPart: { culture: \"ja-JP\" } }, orderBy: { displayText: ASC }) { displayText } }");
        var page = await PostJsonAsync(client, "{ agency(where: { localizationPart: { culture: \"ja-JP\" } }, orderBy: { displayText: ASC }, first: 2, skip: 1) { displayText } }");
        var or = await PostJsonAsync(client, "{ agency(where: { OR: [ { displayText_contains: \"人権\" }, { displayText_starts_with: \"セーフ\" } ], localizationPart: { culture: \"ja-JP\" } }) { displayText } }");
        var ids = await PostJsonAsync(client, "{ agency(where: { contentItemId_in: [\"cnc5jawtfv0ss958ddj6wbzqtx\", \"vgbqy5dng0x2mv30pgxc035kpx\"] }) { contentItemId } }");

        var names = all["data"]!["agency"]!.AsArray().Select(a => a!["displayText"]!.ToString()).ToList();
        Assert.Equal(8, names.Count);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal(names.Skip(1).Take(2), page["data"]!["agency"]!.AsArray().Select(a => a!["displayText"]!.ToString()));
        Assert.Equal(2, or["data"]!["agency"]!.AsArray().Count);
        Assert.Equal(2, ids["data"]!["agency"]!.AsArray().Count);
    }

    [Fact]
    public async Task ContentPickersResolveFromTheSnapshot()
    {
        var client = _app.CreateClient();

        var json = await PostJsonAsync(client, "{ decisionNode(where: { autoroutePart: { path: \"guide/trouble\" } }) { children { contentItems { displayText ... on DecisionNode { agencies { localizationSets contentItems { displayText } } } } } } }");

        var children = json["data"]!["decisionNode"]![0]!["children"]!["contentItems"]!.AsArray();
        Assert.Equal(2, children.Count);
        Assert.Contains(children, c => c!["agencies"]!["contentItems"]!.AsArray().Count > 0);
    }

    [Fact]
    public async Task ChannelListFlattensTheAgencyBags()
    {
        var client = _app.CreateClient();

        var json = await PostJsonAsync(client, "{ channel(where: { displayText_starts_with: \"電話\" }) { contentItemId kind value } }");

        var values = json["data"]!["channel"]!.AsArray().Select(c => c!["value"]!.ToString()).ToList();
        Assert.Contains("0570-078374", values);
        Assert.Contains("0570-003-110", values);
    }

    [Fact]
    public async Task GraphQLAcceptsGetAndApplicationGraphQL()
    {
        var client = _app.CreateClient();

        var get = await client.GetFromJsonAsync<JsonObject>("/api/graphql?query=" + Uri.EscapeDataString("query Q($id: String!) { contentItem(contentItemId: $id) { contentType } }") + "&variables=" + Uri.EscapeDataString("{\"id\":\"cnc5jawtfv0ss958ddj6wbzqtx\"}"));
        using var raw = await client.PostAsync("/api/graphql", new StringContent("{ guide { displayText } }", Encoding.UTF8, "application/graphql"));

        Assert.Equal("Agency", get!["data"]!["contentItem"]!["contentType"]!.ToString());
        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        Assert.Equal(3, (await raw.Content.ReadFromJsonAsync<JsonObject>())!["data"]!["guide"]!.AsArray().Count);
    }

    [Fact]
    public async Task QueriesDeeperThanTheLimitAreRejected()
    {
        var client = _app.CreateClient();
        var query = new StringBuilder("{ decisionNode { ");
        for (var i = 0; i < 8; i++)
        {
            query.Append("children { contentItems { ... on DecisionNode { ");
        }

        query.Append("displayText");
        query.Append(string.Concat(Enumerable.Repeat(" } } }", 8))).Append(" } }");

        using var response = await client.PostAsync("/api/graphql", JsonContent.Create(new { query = query.ToString() }));
        var json = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(json!["data"]);
        Assert.Contains("depth", json["errors"]![0]!["message"]!.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ComplexQueriesAreRejected()
    {
        using var app = new CmsApplication().With("Cms:Api:GraphQL:MaxComplexity", "20");
        var client = app.CreateClient();

        using var response = await client.PostAsync("/api/graphql", JsonContent.Create(new { query = "{ agency { displayText channels { contentItems { displayText } } } decisionNode { displayText } }" }));
        var json = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("complexity", json!["errors"]![0]!["message"]!.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task MalformedRequestsAnswerProblemDetails()
    {
        var client = _app.CreateClient();

        using var empty = await client.GetAsync("/api/graphql");
        using var badJson = await client.PostAsync("/api/graphql", new StringContent("{not json", Encoding.UTF8, "application/json"));
        using var wrongType = await client.PostAsync("/api/graphql", new StringContent("x", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        Assert.Equal("application/problem+json", wrongType.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<JsonObject> PostJsonAsync(HttpClient client, string query)
    {
        using var response = await client.PostAsync("/api/graphql", JsonContent.Create(new { query }));
        var json = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, json?.ToJsonString());
        Assert.True(json!["errors"] is null, json.ToJsonString());
        return json;
    }
}
