using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GraphQL;
using GraphQL.Validation;
using GraphQLParser;
using Microsoft.Extensions.DependencyInjection;
using NetTroubleCms.Web.Features.Api;
using NetTroubleCms.Web.Features.Api.ContentGraph;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Storage;
using NetTroubleCms.Web.Infrastructure;

namespace NetTroubleCms.Web.Tests;

/// <summary>
/// GraphQL caching: automatic persisted queries (Apollo's protocol), ETag and 304 on GETs, and answers cached per
/// published snapshot that change the moment something is published.
/// </summary>
public sealed class GraphQLCachingTests : IDisposable
{
    private const string JinkenId = "cnc5jawtfv0ss958ddj6wbzqtx";
    private const string Query = "query One($id: String!) { contentItem(contentItemId: $id) { contentItemId displayText } }";
    private const string Variables = "{\"id\":\"" + JinkenId + "\"}";

    private readonly CmsApplication _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task PersistedQueryRegistersThenAnswersGetWithETagAnd304UntilAPublish()
    {
        var client = _app.CreateClient();
        var hash = Sha256(Query);

        using var register = await client.PostAsync("/api/graphql", JsonContent.Create(new
        {
            query = Query,
            variables = JsonNode.Parse(Variables),
            extensions = new { persistedQuery = new { version = 1, sha256Hash = hash } },
        }));
        Assert.Equal(HttpStatusCode.OK, register.StatusCode);

        using var first = await client.GetAsync(PersistedUrl(hash, Variables));
        var body = await first.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(JinkenId, body!["data"]!["contentItem"]!["contentItemId"]!.ToString());
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.Equal(PublicCaching.PublicCacheControl, first.Headers.CacheControl!.ToString());

        using var revalidated = await SendAsync(client, PersistedUrl(hash, Variables), etag);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Equal(etag, revalidated.Headers.ETag);

        // Other variables are another representation: another tag, no 304 for the first one's tag.
        using var other = await SendAsync(client, PersistedUrl(hash, "{\"id\":\"vgbqy5dng0x2mv30pgxc035kpx\"}"), etag);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.NotEqual(etag, other.Headers.ETag);

        await RenameJinkenAsync("人権相談(改)");

        using var afterPublish = await SendAsync(client, PersistedUrl(hash, Variables), etag);
        Assert.Equal(HttpStatusCode.OK, afterPublish.StatusCode);
        Assert.NotEqual(etag, afterPublish.Headers.ETag);
        Assert.Equal("人権相談(改)", (await afterPublish.Content.ReadFromJsonAsync<JsonObject>())!["data"]!["contentItem"]!["displayText"]!.ToString());
    }

    [Fact]
    public async Task FullQueryGetAndPersistedGetShareOneETag()
    {
        var client = _app.CreateClient();
        var hash = Sha256(Query);

        using var full = await client.GetAsync("/api/graphql?query=" + Uri.EscapeDataString(Query) + "&variables=" + Uri.EscapeDataString(Variables));
        // A GET carrying both the query and its hash registers it too (Apollo's GET retry does that).
        using var both = await client.GetAsync(PersistedUrl(hash, Variables) + "&query=" + Uri.EscapeDataString(Query));
        using var byHash = await client.GetAsync(PersistedUrl(hash, Variables));
        // Apollo's default link sends the hash alone by POST.
        using var postByHash = await client.PostAsync("/api/graphql", JsonContent.Create(new
        {
            variables = JsonNode.Parse(Variables),
            extensions = new { persistedQuery = new { version = 1, sha256Hash = hash } },
        }));

        Assert.Equal(HttpStatusCode.OK, byHash.StatusCode);
        Assert.Equal(await full.Content.ReadAsStringAsync(), await postByHash.Content.ReadAsStringAsync());
        Assert.Equal(full.Headers.ETag, byHash.Headers.ETag);
        Assert.Equal(await full.Content.ReadAsStringAsync(), await byHash.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownHashAnswersPersistedQueryNotFoundThatNoCacheKeeps()
    {
        var client = _app.CreateClient();

        using var response = await client.GetAsync(PersistedUrl(Sha256("{ agency { displayText } }"), null));
        var json = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("PersistedQueryNotFound", json!["errors"]![0]!["message"]!.ToString());
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", json["errors"]![0]!["extensions"]!["code"]!.ToString());
        Assert.Null(response.Headers.ETag);
        Assert.True(response.Headers.CacheControl!.NoStore);
    }

    [Fact]
    public async Task HashThatIsNotTheQuerysIsRefusedAndRegistersNothing()
    {
        var client = _app.CreateClient();
        var otherHash = Sha256("{ guide { displayText } }");

        using var refused = await client.PostAsync("/api/graphql", JsonContent.Create(new
        {
            query = "{ agency { displayText } }",
            extensions = new { persistedQuery = new { version = 1, sha256Hash = otherHash } },
        }));
        var json = await refused.Content.ReadFromJsonAsync<JsonObject>();
        using var lookup = await client.GetAsync(PersistedUrl(otherHash, null));
        using var malformed = await client.GetAsync("/api/graphql?extensions=" + Uri.EscapeDataString("{\"persistedQuery\":{\"version\":1,\"sha256Hash\":\"abc\"}}"));
        using var version2 = await client.PostAsync("/api/graphql", JsonContent.Create(new
        {
            query = "{ agency { displayText } }",
            extensions = new { persistedQuery = new { version = 2, sha256Hash = Sha256("{ agency { displayText } }") } },
        }));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("PERSISTED_QUERY_HASH_MISMATCH", json!["errors"]![0]!["extensions"]!["code"]!.ToString());
        Assert.Equal("PersistedQueryNotFound", (await lookup.Content.ReadFromJsonAsync<JsonObject>())!["errors"]![0]!["message"]!.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, version2.StatusCode);
    }

    [Fact]
    public async Task CachedAnswersChangeAtOnceAfterAPublish()
    {
        var client = _app.CreateClient();
        const string query = "{ agency(where: { contentItemId: \"" + JinkenId + "\" }) { displayText } }";

        var first = await PostAsync(client, query);
        var second = await PostAsync(client, query);
        await RenameJinkenAsync("人権相談(新)");
        var afterPublish = await PostAsync(client, query);
        var getAfterPublish = await client.GetStringAsync("/api/graphql?query=" + Uri.EscapeDataString(query));

        Assert.Equal(first, second);
        Assert.DoesNotContain("人権相談(新)", first, StringComparison.Ordinal);
        Assert.Contains("人権相談(新)", afterPublish, StringComparison.Ordinal);
        Assert.Contains("人権相談(新)", getAfterPublish, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetWithCredentialsIsPrivateAndErrorsAreNotKept()
    {
        var client = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/graphql?query=" + Uri.EscapeDataString("{ guide { displayText } }"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "anything");

        using var withCredentials = await client.SendAsync(request);
        using var invalid = await client.GetAsync("/api/graphql?query=" + Uri.EscapeDataString("{ nope }"));

        Assert.Equal(HttpStatusCode.OK, withCredentials.StatusCode);
        Assert.Null(withCredentials.Headers.ETag);
        Assert.True(withCredentials.Headers.CacheControl!.NoStore);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Null(invalid.Headers.ETag);
        Assert.True(invalid.Headers.CacheControl!.NoStore);
    }

    [Fact]
    public async Task RepeatedQueriesWithDifferentVariablesUseTheirOwnValues()
    {
        // The parsed document is cached by text; the variables (and the limits that read them) still apply per request.
        var client = _app.CreateClient();
        const string query = "query Page($n: Int) { agency(first: $n, orderBy: { displayText: ASC }) { displayText } }";

        var two = await PostWithVariablesAsync(client, query, new { n = 2 });
        var three = await PostWithVariablesAsync(client, query, new { n = 3 });
        var tooMany = await PostWithVariablesAsync(client, query, new { n = 100000 });

        Assert.Equal(2, two["data"]!["agency"]!.AsArray().Count);
        Assert.Equal(3, three["data"]!["agency"]!.AsArray().Count);
        Assert.NotNull(tooMany["errors"]);
    }

    [Fact]
    public async Task LimitsThatReadVariablesStillApplyToACachedDocument()
    {
        using var app = new CmsApplication().With("Cms:Api:GraphQL:MaxComplexity", "200");
        var client = app.CreateClient();
        const string query = "query Page($n: Int) { agency(first: $n) { displayText } }";

        var small = await PostWithVariablesAsync(client, query, new { n = 2 });
        var large = await PostWithVariablesAsync(client, query, new { n = 1000 });

        Assert.Null(small["errors"]);
        Assert.Contains("complex", large["errors"]![0]!["message"]!.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task DocumentCacheHandsTheParsedDocumentToTheNextRunOfTheSameText()
    {
        using var cache = new GraphQLDocumentCache(Microsoft.Extensions.Options.Options.Create(new ApiOptions()));
        var schema = new GraphQL.Types.Schema();
        var onCached = new IValidationRule[] { GraphQL.Validation.Rules.Custom.NoIntrospectionValidationRule.Instance };
        var seen = new List<(GraphQLParser.AST.GraphQLDocument? Document, IEnumerable<IValidationRule>? Rules)>();
        Task<ExecutionResult> Next(ExecutionOptions options)
        {
            seen.Add((options.Document, options.ValidationRules));
            return Task.FromResult(new ExecutionResult { Executed = true, Document = Parser.Parse(options.Query!) });
        }

        ExecutionOptions For(string query) => new() { Query = query, Schema = schema, CachedDocumentValidationRules = onCached };
        await cache.ExecuteAsync(For("{ a }"), Next);
        await cache.ExecuteAsync(For("{ a }"), Next);
        await cache.ExecuteAsync(For("{ b }"), Next);

        Assert.Null(seen[0].Document);
        Assert.NotNull(seen[1].Document);
        Assert.Same(onCached, seen[1].Rules);
        Assert.Null(seen[2].Document);
    }

    // The hash of Apollo's own protocol example ({__typename}), so a client computing it its way finds the query.
    [Fact]
    public void PersistedQueryHashIsApollosSha256OfTheText() =>
        Assert.Equal("ecf4edb46db40b5132295c0291d62fb65d6759a9eedfa4d5d612dd5ec54a6b38", PersistedQueryStore.HashOf("{__typename}"));

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string PersistedUrl(string hash, string? variables) =>
        "/api/graphql?extensions=" + Uri.EscapeDataString("{\"persistedQuery\":{\"version\":1,\"sha256Hash\":\"" + hash + "\"}}")
        + (variables is null ? "" : "&variables=" + Uri.EscapeDataString(variables));

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string url, EntityTagHeaderValue etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(etag);
        return await client.SendAsync(request);
    }

    private static async Task<string> PostAsync(HttpClient client, string query)
    {
        using var response = await client.PostAsync("/api/graphql", JsonContent.Create(new { query }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<JsonObject> PostWithVariablesAsync(HttpClient client, string query, object variables)
    {
        using var response = await client.PostAsync("/api/graphql", JsonContent.Create(new { query, variables }));
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private Task<ContentResult> RenameJinkenAsync(string title) => _app.InScopeAsync(async sp =>
    {
        var manager = sp.GetRequiredService<ContentManager>();
        var item = await manager.GetAsync(JinkenId, VersionFilter.Latest);
        item!.GetOrCreatePart("TitlePart")["Title"] = title;
        var result = await manager.SaveAndPublishAsync(item);
        Assert.True(result.Succeeded);
        return result;
    });
}
