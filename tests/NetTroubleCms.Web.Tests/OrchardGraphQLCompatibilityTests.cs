using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NetTroubleCms.Content.Recipes;

namespace NetTroubleCms.Web.Tests;

/// <summary>
/// One app with Orchard Core's blog recipe, the dynamic-type sample recipe and a few sample blog posts imported, and
/// those types listed in Cms:Api:PublicTypes.
/// </summary>
public sealed class OrchardSiteFixture : IAsyncLifetime
{
    /// <summary>Folder of the Orchard fixtures, relative to the repository root.</summary>
    public const string Folder = "tests/NetTroubleCms.Web.Tests/Orchard";

    private static readonly string[] PublicTypes = ["Blog", "BlogPost", "Article", "Product", "NumberType", "StringType", "TwoNumbersType"];

    /// <summary>The app.</summary>
    public CmsApplication App { get; } = Configure(new CmsApplication());

    /// <summary>The imported blog's id (the recipe makes it up at import).</summary>
    public string BlogId { get; private set; } = "";

    /// <summary>A client.</summary>
    public HttpClient Client => App.CreateClient();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await App.ImportRecipeAsync(Folder + "/blog/blog.recipe.json");
        await App.ImportRecipeAsync(Folder + "/dynamic-types.sample.recipe.json");
        var blogs = await Query(App.CreateClient(), "{ blog { contentItemId } }");
        BlogId = blogs["data"]!["blog"]![0]!["contentItemId"]!.ToString();

        // Sample posts in the blog (invented), with fixed dates so ordering is known.
        var posts = new JsonArray();
        foreach (var (id, title, path, subtitle, created) in new[]
        {
            ("samplepost1xxxxxxxxxxxxxxx", "Sample post one", "Path1", "First sample subtitle", "2024-01-01T00:00:00Z"),
            ("samplepost2xxxxxxxxxxxxxxx", "Sample post two", "Path2", "Second sample subtitle", "2024-02-01T00:00:00Z"),
            ("samplepost3xxxxxxxxxxxxxxx", "Another sample post", "Path3", "Third sample subtitle", "2024-02-01T00:00:00Z"),
        })
        {
            posts.Add(new JsonObject
            {
                ["ContentItemId"] = id,
                ["ContentItemVersionId"] = id + "v1",
                ["ContentType"] = "BlogPost",
                ["DisplayText"] = title,
                ["Latest"] = true,
                ["Published"] = true,
                ["CreatedUtc"] = created,
                ["PublishedUtc"] = created,
                ["ModifiedUtc"] = created,
                ["TitlePart"] = new JsonObject { ["Title"] = title },
                ["AutoroutePart"] = new JsonObject { ["Path"] = path },
                ["ContainedPart"] = new JsonObject { ["ListContentItemId"] = BlogId, ["Order"] = 0 },
                ["BlogPost"] = new JsonObject { ["Subtitle"] = new JsonObject { ["Text"] = subtitle } },
                ["MarkdownBodyPart"] = new JsonObject { ["Markdown"] = "Sample *body* <script>x()</script>" },
            });
        }

        var recipe = new JsonObject { ["name"] = "samples", ["steps"] = new JsonArray(new JsonObject { ["name"] = "content", ["data"] = posts }) };
        await App.InScopeAsync(sp => sp.GetRequiredService<RecipeExecutor>().ImportAsync(recipe.ToJsonString(), null));
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>POSTs <paramref name="query"/> and returns the response body (any status).</summary>
    public static async Task<JsonObject> Query(HttpClient client, string query, object? variables = null)
    {
        using var response = await client.PostAsync("/api/graphql", JsonContent.Create(new { query, variables }));
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static CmsApplication Configure(CmsApplication app)
    {
        for (var i = 0; i < PublicTypes.Length; i++)
        {
            app.With($"Cms:Api:PublicTypes:{i}", PublicTypes[i]);
        }

        return app.With("Cms:Api:RateLimit:PermitLimit", "10000");
    }
}

/// <summary>
/// Orchard Core's GraphQL tests (DynamicContentTypeQueryTests, BlogPostTests, RecentBlogPostsQueryTests) and the query
/// shapes of its documentation, rewritten as our own cases against the blog recipe and the dynamic-type sample. Each
/// test names the Orchard case it stands for.
/// </summary>
public sealed class OrchardGraphQLCompatibilityTests(OrchardSiteFixture site) : IClassFixture<OrchardSiteFixture>
{
    private const string Product1 = "sampleproduct1xxxxxxxxxxxx";
    private const string Product2 = "sampleproduct2xxxxxxxxxxxx";
    private const string ProductFields = "contentItemId displayText price { amount } sku metadataCode metadataAvailabilityDate";

    // DynamicContentTypeQueryTests.Query_ContentFields_Succeeds
    [Fact]
    public async Task PartFieldFilterWithOperatorSuffix()
    {
        var data = await Data("{ product(where: {price: {amount_gt: 10}}) { " + ProductFields + " } }");

        var product = Assert.Single(data["product"]!.AsArray())!;
        Assert.Equal(Product2, product["contentItemId"]!.ToString());
        Assert.Equal(22m, product["price"]!["amount"]!.GetValue<decimal>());
        Assert.Equal("4000-44", product["sku"]!.GetValue<string>());
        Assert.Equal("100000988", product["metadataCode"]!.GetValue<string>());
        Assert.Equal("2024-05-18", product["metadataAvailabilityDate"]!.GetValue<string>());
    }

    // DynamicContentTypeQueryTests.Query_CollapsedContentFields_Succeeds
    [Fact]
    public async Task CollapsedPartFieldFilter()
    {
        var data = await Data("{ product(where: {sku_starts_with: \"4000\"}) { " + ProductFields + " } }");

        Assert.Equal(Product2, Assert.Single(data["product"]!.AsArray())!["contentItemId"]!.ToString());
    }

    // DynamicContentTypeQueryTests.Query_CollapsedContentFieldsWithPreventCollision_Succeeds
    [Fact]
    public async Task CollapsedFieldWithCollisionPreventionIsPrefixed()
    {
        var data = await Data("{ product(where: {metadataCode: \"100000987\"}) { " + ProductFields + " } }");

        Assert.Equal(Product1, Assert.Single(data["product"]!.AsArray())!["contentItemId"]!.ToString());
    }

    // DynamicContentTypeQueryTests.Query_MultipleContentFields_Succeeds (OR of an object ORs its keys)
    [Fact]
    public async Task AndOfOrObjectAndDateField()
    {
        var data = await Data("""
            { product(where: { AND: { OR: {price: {amount: 10}, sku_ends_with: "44"}, metadataAvailabilityDate_gt: "2024-05-01" } }, orderBy: {createdUtc: ASC}) {
                contentItemId } }
            """);

        Assert.Equal(Product2, Assert.Single(data["product"]!.AsArray())!["contentItemId"]!.ToString());
    }

    // DynamicContentTypeQueryTests.Order_ByCreatedUtc_Succeeds
    [Fact]
    public async Task OrderByCreatedUtcBothWays()
    {
        var asc = await Data("{ product(orderBy: {createdUtc: ASC}) { contentItemId displayText createdUtc } }");
        var desc = await Data("{ product(orderBy: {createdUtc: DESC}) { contentItemId displayText createdUtc } }");

        Assert.Equal(new DateTime(2024, 4, 7, 0, 0, 0, DateTimeKind.Utc), asc["product"]![0]!["createdUtc"]!.GetValue<DateTime>().ToUniversalTime());
        Assert.Equal(new DateTime(2024, 5, 18, 0, 0, 0, DateTimeKind.Utc), desc["product"]![0]!["createdUtc"]!.GetValue<DateTime>().ToUniversalTime());
    }

    // DynamicContentTypeQueryTests.Query_SimilarNamedContentFields_Succeeds
    [Fact]
    public async Task SameFieldNameWithDifferentScalarTypes()
    {
        var numbers = await Data("{ numberType(where: {value: 123}) { contentItemId displayText value } }");
        var strings = await Data("{ stringType(where: {value: \"Text123\"}) { contentItemId displayText value } }");

        Assert.Equal("123", Assert.Single(numbers["numberType"]!.AsArray())!["value"]!.ToString());
        Assert.Equal("Text123", Assert.Single(strings["stringType"]!.AsArray())!["value"]!.ToString());
    }

    // DynamicContentTypeQueryTests.Distinquish_MultipleNamedContentFields_Succeeds
    [Fact]
    public async Task FieldsOfOnePartAreFilteredApart()
    {
        var none = await Data("{ twoNumbersType(where: {field1: 200}) { contentItemId field1 field2 } }");
        var one = await Data("{ twoNumbersType(where: {field2: 200}) { contentItemId field1 field2 } }");

        Assert.Empty(none["twoNumbersType"]!.AsArray());
        Assert.Equal(100m, Assert.Single(one["twoNumbersType"]!.AsArray())!["field1"]!.GetValue<decimal>());
    }

    // BlogPostTests.ShouldListAllBlogs
    [Fact]
    public async Task ListsTheBlog()
    {
        var data = await Data("{ blog { contentItemId } }");

        Assert.Single(data["blog"]!.AsArray(), b => b!["contentItemId"]!.ToString() == site.BlogId);
    }

    // BlogPostTests.ShouldQueryByBlogPostAutoroutePart (Orchard's path shorthand) and the autoroutePart object form
    [Fact]
    public async Task PathShorthandAndAutoroutePartFilter()
    {
        var shorthand = await Data("{ blogPost(where: {path: \"Path1\"}) { displayText } }");
        var part = await Data("{ blogPost(where: {autoroutePart: {path: \"Path1\"}}) { displayText } }");

        Assert.Equal("Sample post one", Assert.Single(shorthand["blogPost"]!.AsArray())!["displayText"]!.ToString());
        Assert.Equal("Sample post one", Assert.Single(part["blogPost"]!.AsArray())!["displayText"]!.ToString());
    }

    // BlogPostTests.WhenThePartHasTheSameNameAsTheContentTypeShouldCollapseFieldsToContentType
    [Fact]
    public async Task OwnPartFieldsAreScalarsOnTheType()
    {
        var data = await Data("{ blogPost(where: {displayText: \"Man must explore, and this is exploration at its greatest\"}) { subtitle } }");

        Assert.Equal("Problems look mighty small from 150 miles up", data["blogPost"]![0]!["subtitle"]!.GetValue<string>());
    }

    // BlogPostTests.WhenCreatingABlogPostShouldBeAbleToPopulateField (item created outside GraphQL, read by id)
    [Fact]
    public async Task FieldOfAnAddedPostIsReadByContentItemId()
    {
        var data = await Data("{ blogPost(where: {contentItemId: \"samplepost2xxxxxxxxxxxxxxx\"}) { subtitle } }");

        Assert.Equal("Second sample subtitle", Assert.Single(data["blogPost"]!.AsArray())!["subtitle"]!.GetValue<string>());
    }

    // BlogPostTests.ShouldQueryByStatus: the PUBLISHED part applies; DRAFT and LATEST are refused to anonymous callers.
    [Fact]
    public async Task PublishedStatusWorksAndDraftIsRefused()
    {
        var published = await Data("{ blogPost(status: PUBLISHED) { displayText, published } }");
        var draft = await OrchardSiteFixture.Query(site.Client, "{ blogPost(status: DRAFT) { displayText, published } }");

        Assert.All(published["blogPost"]!.AsArray(), p => Assert.True(p!["published"]!.GetValue<bool>()));
        Assert.Equal("STATUS_NOT_ALLOWED", draft["errors"]![0]!["extensions"]!["code"]!.ToString());
    }

    // RecentBlogPostsQueryTests.ShouldListBlogPostWhenCallingAQuery: the blog recipe's query is Lucene, which is refused
    // by name with the reason; the same query written as SQL runs.
    [Fact]
    public async Task LuceneSavedQueryIsRefusedAndSqlEquivalentRuns()
    {
        var lucene = await OrchardSiteFixture.Query(site.Client, "{ recentBlogPosts { displayText } }");
        var sql = await Data("{ recentBlogPostsSql { displayText } }");

        Assert.Equal("QUERY_SOURCE_NOT_SUPPORTED", lucene["errors"]![0]!["extensions"]!["code"]!.ToString());
        Assert.Contains("Lucene", lucene["errors"]![0]!["message"]!.ToString(), StringComparison.Ordinal);
        var titles = sql["recentBlogPostsSql"]!.AsArray().Select(p => p!["displayText"]!.ToString()).ToList();
        Assert.Equal(3, titles.Count);
        Assert.Equal("Man must explore, and this is exploration at its greatest", titles[0]);
    }

    [Fact]
    public async Task SqlSavedQueryTakesParameters()
    {
        var data = await Data("{ productsFrom(parameters: \"{\\\"from\\\": \\\"2024-05-01\\\"}\") { contentItemId } }");

        Assert.Equal(Product2, Assert.Single(data["productsFrom"]!.AsArray())!["contentItemId"]!.ToString());
    }

    // Documentation: OR of ANDs in a list; every element's keys are alternatives, AND groups them.
    [Fact]
    public async Task OrListOfAndGroups()
    {
        var data = await Data("""
            { blogPost(where: { OR: [
                { AND: { displayText_contains: "sample", subtitle_starts_with: "First" } },
                { AND: { displayText_contains: "sample", subtitle_starts_with: "Third" } },
                { AND: { displayText_starts_with: "Man must", subtitle_contains: "150 miles" } } ] }, orderBy: { displayText: ASC }) { displayText } }
            """);

        Assert.Equal(["Another sample post", "Man must explore, and this is exploration at its greatest", "Sample post one"],
            data["blogPost"]!.AsArray().Select(p => p!["displayText"]!.ToString()));
    }

    // Orchard ORs every key of every element of an OR list (its SQL builder puts them all in one disjunction).
    [Fact]
    public async Task OrListElementKeysAreAlternativesToo()
    {
        var data = await Data("{ product(where: { OR: [ { sku: \"3000-01\", metadataCode: \"100000988\" } ] }) { contentItemId } }");

        Assert.Equal(2, data["product"]!.AsArray().Count);
    }

    // Documentation: orderBy with two keys sorts by the first written, then the second.
    [Fact]
    public async Task TwoKeyOrderByFollowsTheWrittenOrder()
    {
        var data = await Data("{ blogPost(where: { displayText_contains: \"sample\" }, orderBy: { publishedUtc: DESC, displayText: ASC }) { displayText } }");
        var flipped = await Data("{ blogPost(where: { displayText_contains: \"sample\" }, orderBy: { displayText: ASC, publishedUtc: DESC }) { displayText } }");

        Assert.Equal(["Another sample post", "Sample post two", "Sample post one"], data["blogPost"]!.AsArray().Select(p => p!["displayText"]!.ToString()));
        Assert.Equal(["Another sample post", "Sample post one", "Sample post two"], flipped["blogPost"]!.AsArray().Select(p => p!["displayText"]!.ToString()));
    }

    [Fact]
    public async Task OrderByAndOrKeepTheirShapeThroughVariables()
    {
        var data = await Data(
            "query Q($w: BlogPostWhereInput, $o: ContentItemOrderByInput) { blogPost(where: $w, orderBy: $o) { displayText } }",
            JsonNode.Parse("""{ "w": { "OR": { "path": "Path1", "subtitle": "Second sample subtitle" } }, "o": { "publishedUtc": "DESC", "displayText": "ASC" } }"""));

        Assert.Equal(["Sample post two", "Sample post one"], data["blogPost"]!.AsArray().Select(p => p!["displayText"]!.ToString()));
    }

    // Documentation: bodies, lists and the container link.
    [Fact]
    public async Task BodiesListsAndContainedPart()
    {
        var data = await Data($$"""
            { blog { displayText htmlBodyPart { html } listPart { contentItems(first: 2) { displayText } } }
              article { displayText htmlBodyPart { html } }
              blogPost(where: { containedPart: { listContentItemId: "{{site.BlogId}}" }, path: "Path1" }) {
                displayText markdownBodyPart { markdown html } containedPart { listContentItemId order } blog { listContentItemId } } }
            """);

        Assert.Equal("This is the description of your blog", data["blog"]![0]!["htmlBodyPart"]!["html"]!.ToString());
        Assert.Equal(2, data["blog"]![0]!["listPart"]!["contentItems"]!.AsArray().Count);
        Assert.StartsWith("<p>Lorem ipsum", data["article"]![0]!["htmlBodyPart"]!["html"]!.ToString(), StringComparison.Ordinal);
        var post = Assert.Single(data["blogPost"]!.AsArray())!;
        Assert.Equal("<p>Sample <em>body</em> &lt;script&gt;x()&lt;/script&gt;</p>\n", post["markdownBodyPart"]!["html"]!.ToString());
        Assert.Equal(site.BlogId, post["containedPart"]!["listContentItemId"]!.ToString());
        Assert.Equal(site.BlogId, post["blog"]!["listContentItemId"]!.ToString());
    }

    [Fact]
    public async Task RenderReturnsTheThemeTemplateOutput()
    {
        var data = await Data("{ blogPost(where: {path: \"Path1\"}) { render } }");

        var html = data["blogPost"]![0]!["render"]!.ToString();
        Assert.Contains("<h1>Sample post one</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<em>body</em>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TypesOutsidePublicTypesNameTheSetting()
    {
        var json = await OrchardSiteFixture.Query(site.Client, "{ page { displayText } }");

        Assert.Contains("Cms:Api:PublicTypes", json["errors"]![0]!["message"]!.ToString(), StringComparison.Ordinal);
    }

    private async Task<JsonObject> Data(string query, object? variables = null)
    {
        var json = await OrchardSiteFixture.Query(site.Client, query, variables);
        Assert.True(json["errors"] is null, json.ToJsonString());
        return json["data"]!.AsObject();
    }
}
