using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NetTroubleCms.Content.Recipes;
using NetTroubleCms.Content.Storage;
using NetTroubleCms.Content.Tests.Infrastructure;

namespace NetTroubleCms.Content.Tests;

/// <summary>
/// Large imports are saved in batches inside one transaction: these recipes span several batches
/// (<see cref="EfContentStore.BatchSize"/>), so every rule that used to be checked against saved rows is checked
/// across batch boundaries too. The articles are invented samples.
/// </summary>
public sealed class BulkImportTests
{
    private const int Count = 1500;

    [Fact]
    public async Task A_failure_late_in_a_big_import_leaves_nothing_behind()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();
        await engine.ImportAsync(TestRecipes.SampleContent);
        var rows = await engine.CountVersionRowsAsync();
        var documents = await engine.DocumentsAsync();
        var export = (await engine.ExportAsync()).Text();
        var items = SampleArticles(Count);
        // The very last item is malformed: every batch before it was already saved inside the transaction.
        items.Add(new JsonObject { ["ContentType"] = "Article", ["TitlePart"] = new JsonObject { ["Title"] = "no id" } });

        var ex = await Assert.ThrowsAsync<RecipeException>(() => engine.ImportAsync(Recipe(items)));

        Assert.Equal($"$.steps[0].data[{Count}].ContentItemId", ex.JsonPath);
        Assert.Equal(rows, await engine.CountVersionRowsAsync());
        Assert.Equal(documents, await engine.DocumentsAsync());
        Assert.Equal(export, (await engine.ExportAsync()).Text());
    }

    [Fact]
    public async Task A_path_taken_in_an_earlier_batch_is_refused_with_the_item_that_repeats_it()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();
        var items = SampleArticles(Count);
        items[Count - 1]!["AutoroutePart"]!["Path"] = "samples/article-00003";

        var ex = await Assert.ThrowsAsync<RecipeException>(() => engine.ImportAsync(Recipe(items)));

        Assert.Equal(Id(Count - 1), ex.ContentItemId);
        Assert.Contains("samples/article-00003", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, await engine.CountVersionRowsAsync());
    }

    [Fact]
    public async Task A_big_import_is_written_once_and_importing_it_again_changes_nothing()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();
        var recipe = Recipe(SampleArticles(Count));

        var first = await engine.ImportAsync(recipe);
        var export = (await engine.ExportAsync()).Text();
        var second = await engine.ImportAsync(recipe);

        Assert.Equal((Count, 0, 0), (first.Created, first.Updated, first.Unchanged));
        Assert.Equal((0, 0, Count), (second.Created, second.Updated, second.Unchanged));
        Assert.Equal(Count, await engine.CountVersionRowsAsync());
        Assert.Equal(export, (await engine.ExportAsync()).Text());
        await using var scope = engine.Scope();
        Assert.Equal(Count, await scope.Db.Set<ContentItemRecord>().CountAsync(r => r.Latest && r.Published));
    }

    [Fact]
    public async Task Importing_a_big_recipe_again_writes_nothing_at_all()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();
        var recipe = Recipe(SampleArticles(Count));
        await engine.ImportAsync(recipe);
        var documents = await engine.DocumentsAsync();
        var rows = await RowStateAsync(engine);

        var again = await engine.ImportAsync(recipe);

        Assert.Equal(Count, again.Unchanged);
        // No row rewritten (revisions), none added (keys), and no document touched: not even the publish stamp.
        Assert.Equal(rows, await RowStateAsync(engine));
        Assert.Equal(documents, await engine.DocumentsAsync());
    }

    [Fact]
    public async Task A_changed_item_after_a_long_unchanged_run_is_still_written_once()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();
        await engine.ImportAsync(Recipe(SampleArticles(Count)));
        var rows = await RowStateAsync(engine);
        var items = SampleArticles(Count);
        // The rows read for the unchanged ones are let go on the way; the last item's change must still be saved.
        items[Count - 1]!["TitlePart"]!["Title"] = "Sample article, changed at the end";

        var result = await engine.ImportAsync(Recipe(items));

        Assert.Equal((0, 1, Count - 1), (result.Created, result.Updated, result.Unchanged));
        await using (var scope = engine.Scope())
        {
            var changed = await scope.Db.Set<ContentItemRecord>().SingleAsync(r => r.ContentItemId == Id(Count - 1));
            Assert.Contains("Sample article, changed at the end", changed.Data, StringComparison.Ordinal);
        }

        var after = await RowStateAsync(engine);
        Assert.Single(after.Keys, k => after[k] != rows[k]);
    }

    [Fact]
    public async Task New_versions_across_batches_keep_one_latest_and_one_published_row_per_item()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();
        await engine.ImportAsync(Recipe(SampleArticles(Count)));
        var items = SampleArticles(Count);
        // Every third item arrives as a new version; the item at the end of the list also takes a new path.
        for (var i = 0; i < Count; i += 3)
        {
            items[i]!["ContentItemVersionId"] = VersionId(i, 2);
            items[i]!["TitlePart"]!["Title"] = $"Sample article {i} (second version)";
        }

        items[Count - 1]!["ContentItemVersionId"] = VersionId(Count - 1, 2);
        items[Count - 1]!["AutoroutePart"]!["Path"] = "samples/moved";

        var result = await engine.ImportAsync(Recipe(items));

        var changed = (Count + 2) / 3 + ((Count - 1) % 3 == 0 ? 0 : 1);
        // New versions of items the site has are changes to them (作成 is only for items it did not have).
        Assert.Equal((0, changed, Count - changed), (result.Created, result.Updated, result.Unchanged));
        await using var scope = engine.Scope();
        var rows = await scope.Db.Set<ContentItemRecord>().AsNoTracking().ToListAsync();
        Assert.Equal(Count + changed, rows.Count);
        Assert.All(rows.GroupBy(r => r.ContentItemId), g =>
        {
            Assert.Single(g, r => r.Latest);
            Assert.Single(g, r => r.Published);
        });
        Assert.Equal("samples/moved", rows.Single(r => r.ContentItemId == Id(Count - 1) && r.Published).Path);

        // The old path of the moved item is free again, in the same kind of bulk import.
        var reuse = SampleArticles(1, offset: Count + 10);
        reuse[0]!["AutoroutePart"]!["Path"] = $"samples/article-{Count - 1:00000}";
        Assert.Equal(1, (await engine.ImportAsync(Recipe(reuse))).Created);
    }

    // Key and revision of every row, by version id.
    private static async Task<Dictionary<string, (long Id, int Revision)>> RowStateAsync(TestEngine engine)
    {
        await using var scope = engine.Scope();
        return await scope.Db.Set<ContentItemRecord>().AsNoTracking().ToDictionaryAsync(r => r.ContentItemVersionId, r => (r.Id, r.Revision));
    }

    /// <summary>Id of the sample article <paramref name="i"/>.</summary>
    internal static string Id(int i) => $"sample{i:00000000000000000000}";

    private static string VersionId(int i, int version) => $"samplev{version}{i:000000000000000000}";

    /// <summary>Published sample articles <paramref name="offset"/> onwards, as recipe item JSON.</summary>
    internal static JsonArray SampleArticles(int count, int offset = 0)
    {
        var items = new JsonArray();
        for (var i = offset; i < offset + count; i++)
        {
            items.Add(new JsonObject
            {
                ["ContentItemId"] = Id(i),
                ["ContentItemVersionId"] = VersionId(i, 1),
                ["ContentType"] = "Article",
                ["DisplayText"] = $"Sample article {i}",
                ["Latest"] = true,
                ["Published"] = true,
                ["CreatedUtc"] = "2025-01-01T00:00:00Z",
                ["ModifiedUtc"] = "2025-01-01T00:00:00Z",
                ["PublishedUtc"] = "2025-01-01T00:00:00Z",
                ["TitlePart"] = new JsonObject { ["Title"] = $"Sample article {i}" },
                ["AutoroutePart"] = new JsonObject { ["Path"] = $"samples/article-{i:00000}" },
            });
        }

        return items;
    }

    /// <summary>A recipe with one Content step of <paramref name="items"/>.</summary>
    internal static string Recipe(JsonArray items) =>
        new JsonObject { ["steps"] = new JsonArray(new JsonObject { ["name"] = "Content", ["data"] = items.DeepClone() }) }.ToJsonString();
}
