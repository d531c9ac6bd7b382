using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NetTroubleCms.Content.Storage;
using NetTroubleCms.Content.Tests.Infrastructure;
using static NetTroubleCms.Content.Tests.BulkImportTests;

namespace NetTroubleCms.Content.Tests;

/// <summary>
/// Every version row stores the hash of its JSON (<see cref="ContentItemRecord.DataHash"/>); an import tells an unchanged
/// version from the hash, reads the row only when the hash differs or is missing, and fills in a missing hash. The
/// articles are invented samples.
/// </summary>
public sealed class DataHashTests
{
    [Fact]
    public void Setting_the_json_sets_its_hash()
    {
        var record = new ContentItemRecord { Data = """{"a":"日本語"}""" };

        Assert.Equal(ContentItemRecord.HashData("""{"a":"日本語"}"""), record.DataHash);
        Assert.Equal(ContentItemRecord.DataHashLength, record.DataHash!.Length);
        record.Data = """{"a":"b"}""";
        Assert.Equal(ContentItemRecord.HashData("""{"a":"b"}"""), record.DataHash);
        Assert.NotEqual(ContentItemRecord.HashData("""{"a":"日本語"}"""), record.DataHash);
    }

    [Fact]
    public async Task Every_row_written_by_an_import_or_an_editor_carries_the_hash_of_its_json()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();
        await engine.ImportAsync(Recipe(SampleArticles(3)));
        await using (var s = engine.Scope())
        {
            var created = await s.Content.CreateAsync(ArticleBuilder.New(s.Content, "編集者の記事").Build(), publish: true);
            var draft = created.Item!.Clone();
            draft.DisplayText = "編集者の記事（下書き）";
            draft.GetOrCreatePart("TitlePart")["Title"] = "編集者の記事（下書き）";
            Assert.True((await s.Content.SaveDraftAsync(draft)).Succeeded);
            Assert.True((await s.Content.PublishAsync(created.Item.ContentItemId)).Succeeded);
        }

        var rows = await RowsAsync(engine);

        Assert.Equal(5, rows.Count);
        Assert.All(rows, r => Assert.Equal(ContentItemRecord.HashData(r.Data), r.DataHash));
    }

    [Fact]
    public async Task A_changed_item_gets_another_hash_and_is_updated()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();
        await engine.ImportAsync(Recipe(SampleArticles(3)));
        var before = (await RowsAsync(engine)).Single(r => r.ContentItemId == Id(1));
        var items = SampleArticles(3);
        items[1]!["TitlePart"]!["Title"] = "Sample article 1, changed";

        var result = await engine.ImportAsync(Recipe(items));

        Assert.Equal((0, 1, 2), (result.Created, result.Updated, result.Unchanged));
        var after = (await RowsAsync(engine)).Single(r => r.ContentItemId == Id(1));
        Assert.Contains("Sample article 1, changed", after.Data, StringComparison.Ordinal);
        Assert.Equal(ContentItemRecord.HashData(after.Data), after.DataHash);
        Assert.NotEqual(before.DataHash, after.DataHash);
        Assert.Equal(before.Revision + 1, after.Revision);
    }

    [Fact]
    public async Task A_version_whose_stored_hash_matches_is_unchanged_without_its_json_being_read()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();
        var recipe = Recipe(SampleArticles(3));
        await engine.ImportAsync(recipe);
        // The stored text no longer matches its hash: only an import that never reads it still says "unchanged".
        await ExecuteAsync(engine, $"UPDATE ContentItems SET Data = {"""{"marker":"not read"}"""} WHERE ContentItemId = {Id(0)}");

        var result = await engine.ImportAsync(recipe);

        Assert.Equal((0, 0, 3), (result.Created, result.Updated, result.Unchanged));
        Assert.Contains("not read", (await RowsAsync(engine)).Single(r => r.ContentItemId == Id(0)).Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stored_hash_that_does_not_match_is_not_trusted_and_is_put_right()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();
        var recipe = Recipe(SampleArticles(3));
        await engine.ImportAsync(recipe);
        var before = await RowsAsync(engine);
        await ExecuteAsync(engine, $"UPDATE ContentItems SET DataHash = {new string('0', 64)} WHERE ContentItemId = {Id(2)}");

        var result = await engine.ImportAsync(recipe);

        Assert.Equal((0, 0, 3), (result.Created, result.Updated, result.Unchanged));
        var after = await RowsAsync(engine);
        Assert.All(after, r => Assert.Equal(ContentItemRecord.HashData(r.Data), r.DataHash));
        Assert.Equal(before.Select(r => (r.Id, r.Revision, r.Data)), after.Select(r => (r.Id, r.Revision, r.Data)));
    }

    [Fact]
    public async Task Rows_written_before_hashes_were_stored_are_compared_and_given_their_hash_without_a_new_revision()
    {
        // More items than one batch of a bulk import, so hashes filled in are saved across batches too.
        var count = EfContentStore.BatchSize + 200;
        await using var engine = await VersioningTests.ArticleEngineAsync();
        var recipe = Recipe(SampleArticles(count));
        await engine.ImportAsync(recipe);
        var before = await RowsAsync(engine);
        await ExecuteAsync(engine, $"UPDATE ContentItems SET DataHash = NULL");
        var documents = await engine.DocumentsAsync();

        var again = await engine.ImportAsync(recipe);

        Assert.Equal((0, 0, count), (again.Created, again.Updated, again.Unchanged));
        var after = await RowsAsync(engine);
        Assert.Equal(before.Select(r => (r.Id, r.Revision, r.Data, r.DataHash)), after.Select(r => (r.Id, r.Revision, r.Data, r.DataHash)));
        // Nothing public changed: the publish stamp (and every other document) is as it was.
        Assert.Equal(documents, await engine.DocumentsAsync());

        // And from then on the hashes alone tell: the next import finds the same, and writes nothing.
        var third = await engine.ImportAsync(recipe);
        Assert.Equal((0, 0, count), (third.Created, third.Updated, third.Unchanged));
        Assert.Equal(after.Select(r => (r.Id, r.Revision, r.DataHash)), (await RowsAsync(engine)).Select(r => (r.Id, r.Revision, r.DataHash)));
    }

    [Fact]
    public async Task A_changed_item_on_a_row_without_a_hash_is_updated()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();
        await engine.ImportAsync(Recipe(SampleArticles(2)));
        await ExecuteAsync(engine, $"UPDATE ContentItems SET DataHash = NULL");
        var items = SampleArticles(2);
        items[0]!["TitlePart"]!["Title"] = "Sample article 0, changed";

        var result = await engine.ImportAsync(Recipe(items));

        Assert.Equal((0, 1, 1), (result.Created, result.Updated, result.Unchanged));
        var rows = await RowsAsync(engine);
        Assert.Contains("Sample article 0, changed", rows.Single(r => r.ContentItemId == Id(0)).Data, StringComparison.Ordinal);
        Assert.All(rows, r => Assert.Equal(ContentItemRecord.HashData(r.Data), r.DataHash));
    }

    [Fact]
    public async Task A_version_whose_flags_changed_earlier_in_the_same_import_is_judged_by_its_new_flags()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();
        await engine.ImportAsync(Recipe(SampleArticles(1)));
        // The same recipe then brings a second version: the first loses its flags while the import runs, and is then
        // listed again as it now is (neither latest nor published), so it is unchanged from what the import made of it.
        var items = SampleArticles(1);
        var second = items[0]!.DeepClone().AsObject();
        second["ContentItemVersionId"] = "samplev2" + new string('0', 18);
        second["TitlePart"]!["Title"] = "Sample article 0, second version";
        var first = items[0]!.DeepClone().AsObject();
        first["Latest"] = false;
        first["Published"] = false;
        items.Add(second);
        items.Add(first);

        var result = await engine.ImportAsync(Recipe(items));

        Assert.Equal((0, 1, 2), (result.Created, result.Updated, result.Unchanged));
        var rows = await RowsAsync(engine);
        Assert.Equal(2, rows.Count);
        Assert.Single(rows, r => r.Latest && r.Published);
        Assert.All(rows, r => Assert.Equal(ContentItemRecord.HashData(r.Data), r.DataHash));
    }

    private static async Task<List<ContentItemRecord>> RowsAsync(TestEngine engine)
    {
        await using var scope = engine.Scope();
        return await scope.Db.Set<ContentItemRecord>().AsNoTracking().OrderBy(r => r.Id).ToListAsync();
    }

    private static async Task ExecuteAsync(TestEngine engine, FormattableString sql)
    {
        await using var scope = engine.Scope();
        await scope.Db.Database.ExecuteSqlAsync(sql);
    }
}
