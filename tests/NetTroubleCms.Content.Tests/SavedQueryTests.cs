using NetTroubleCms.Content.Queries;
using NetTroubleCms.Content.Recipes;
using NetTroubleCms.Content.Tests.Infrastructure;

namespace NetTroubleCms.Content.Tests;

public sealed class SavedQueryTests
{
    private const string Types = """
        { "name": "ContentDefinition", "ContentTypes": [ { "Name": "Note", "ContentTypePartDefinitionRecords": [ { "PartName": "TitlePart", "Name": "TitlePart" } ] } ], "ContentParts": [] }
        """;

    [Fact]
    public async Task Blog_recipe_keeps_its_Lucene_query_with_a_warning_and_the_snapshot_carries_it()
    {
        await using var engine = await TestEngine.CreateAsync();

        RecipeImportResult result;
        await using (var scope = engine.Scope())
        {
            result = await scope.Recipes.ImportFileAsync(OrchardCorpus.RecipePath("blog"));
        }

        Assert.Contains(result.Warnings, w => w.Contains("RecentBlogPosts", StringComparison.Ordinal) && w.Contains("Lucene", StringComparison.Ordinal));
        var saved = Assert.Single((await engine.Snapshots.GetAsync()).SavedQueries);
        Assert.False(saved.IsRunnable);
        Assert.Equal("BlogPost", saved.ContentType);
        var exported = (await engine.ExportAsync()).Step("queries");
        Assert.Equal("RecentBlogPosts", exported["Queries"]![0]!["Name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("SELECT * FROM ContentItemIndex WHERE ContentType = 'Note' OR Published = true")]
    [InlineData("SELECT * FROM ContentItemIndex JOIN AutoroutePartIndex ON 1 = 1")]
    [InlineData("DELETE FROM ContentItemIndex")]
    [InlineData("SELECT * FROM ContentItemIndex WHERE Secret = 'x'")]
    public async Task Sql_the_engine_cannot_run_fails_the_import_and_nothing_is_saved(string sql)
    {
        await using var engine = await TestEngine.CreateAsync();
        var recipe = $$"""{ "steps": [ { "name": "queries", "Queries": [ { "Source": "Sql", "Name": "Bad", "Template": {{System.Text.Json.JsonSerializer.Serialize(sql)}} } ] } ] }""";

        var error = await Assert.ThrowsAsync<RecipeException>(() => engine.ImportAsync(recipe));

        Assert.Contains("Bad", error.Reason, StringComparison.Ordinal);
        Assert.Empty((await engine.Snapshots.GetAsync()).SavedQueries);
    }

    [Fact]
    public async Task Sql_shapes_run_on_the_published_items()
    {
        await using var engine = await TestEngine.CreateAsync();
        await engine.ImportAsync($$"""
            { "steps": [ {{Types}},
              { "name": "content", "data": [
                { "ContentItemId": "samplenote1xxxxxxxxxxxxxxx", "ContentType": "Note", "DisplayText": "B sample", "Published": true, "Latest": true, "CreatedUtc": "2024-01-01T00:00:00Z" },
                { "ContentItemId": "samplenote2xxxxxxxxxxxxxxx", "ContentType": "Note", "DisplayText": "A sample", "Published": true, "Latest": true, "CreatedUtc": "2024-03-01T00:00:00Z" },
                { "ContentItemId": "samplenote3xxxxxxxxxxxxxxx", "ContentType": "Note", "DisplayText": "C other", "Published": true, "Latest": true, "CreatedUtc": "2024-02-01T00:00:00Z" } ] } ] }
            """);
        var snapshot = await engine.Snapshots.GetAsync();
        var none = new Dictionary<string, object?>();

        var newest = SqlQueryRunner.Run(snapshot, "select DocumentId from [ContentItemIndex] where [ContentType] = 'Note' and Published = 1 order by CreatedUtc desc limit 2", none);
        var liked = SqlQueryRunner.Run(snapshot, "SELECT * FROM ContentItemIndex WHERE DisplayText LIKE '%sample' ORDER BY DisplayText", none);
        var since = SqlQueryRunner.Run(snapshot, "SELECT * FROM ContentItemIndex WHERE CreatedUtc >= @from AND ContentItemId IN ('samplenote1xxxxxxxxxxxxxxx', 'samplenote3xxxxxxxxxxxxxxx')", new Dictionary<string, object?> { ["from"] = "2024-01-15" });

        Assert.Equal(["A sample", "C other"], newest.Select(i => i.DisplayText));
        Assert.Equal(["A sample", "B sample"], liked.Select(i => i.DisplayText));
        Assert.Equal("C other", Assert.Single(since).DisplayText);
        Assert.Throws<SavedQueryException>(() => SqlQueryRunner.Run(snapshot, "SELECT * FROM ContentItemIndex WHERE ContentType = @type", none));
    }
}
