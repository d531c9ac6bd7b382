using Microsoft.EntityFrameworkCore;
using NetTroubleCms.Content.Storage;
using NetTroubleCms.Content.Tests.Infrastructure;

namespace NetTroubleCms.Content.Tests;

public sealed class StorageTests
{
    [Fact]
    public async Task Dates_read_back_from_the_database_are_utc()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();
        await engine.ImportAsync(TestRecipes.SampleContent);

        ContentItemRecord record;
        ContentItem item;
        await using (var s = engine.Scope())
        {
            record = await s.Db.Set<ContentItemRecord>().AsNoTracking().SingleAsync(r => r.ContentItemId == TestRecipes.WelcomeId);
            item = (await s.Content.GetAsync(TestRecipes.WelcomeId))!;
        }

        // Unspecified dates would be shifted by the machine's time zone when written out as UTC.
        Assert.Equal(DateTimeKind.Utc, record.CreatedUtc!.Value.Kind);
        Assert.Equal(DateTimeKind.Utc, record.ModifiedUtc!.Value.Kind);
        Assert.Equal(DateTimeKind.Utc, record.PublishedUtc!.Value.Kind);
        Assert.Equal(new DateTime(2025, 3, 1, 10, 0, 0, DateTimeKind.Utc), item.PublishedUtc);
        Assert.Equal("2025-03-01T10:00:00Z", item.ToJson()["ModifiedUtc"]!.GetValue<string>());
    }

    [Fact]
    public async Task Version_rows_carry_the_indexed_copies_of_the_item()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();

        await engine.ImportAsync(TestRecipes.SampleContent);

        await using var s = engine.Scope();
        var record = await s.Db.Set<ContentItemRecord>().AsNoTracking().SingleAsync(r => r.ContentItemId == TestRecipes.WelcomeId);
        Assert.Equal(("4p3s1h9kq0ev7w2zt5xbm8cnry", "Article", "ようこそ", "welcome", 1), (record.ContentItemVersionId, record.ContentType, record.DisplayText, record.Path, record.VersionNumber));
        Assert.Equal(("4a1b2c3d4e5f6g7h8j9k0mnpqr", "admin"), (record.Owner, record.Author));
        Assert.True(record.Published && record.Latest);
        Assert.DoesNotContain("\"Id\"", record.Data, StringComparison.Ordinal);
    }
}
