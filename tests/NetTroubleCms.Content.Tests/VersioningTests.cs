using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Storage;
using NetTroubleCms.Content.Tests.Infrastructure;

namespace NetTroubleCms.Content.Tests;

/// <summary>Orchard's version rules: at most one Latest and one Published row per item, history kept.</summary>
public sealed class VersioningTests
{
    [Fact]
    public async Task Lifecycle_keeps_one_latest_and_one_published_row_at_every_step()
    {
        await using var engine = await ArticleEngineAsync();
        var start = engine.Clock.GetUtcNow().UtcDateTime;
        string id;

        // Create as draft.
        await using (var s = engine.Scope())
        {
            var created = await s.Content.CreateAsync(ArticleBuilder.New(s.Content, "Hello World").Build(), publish: false);
            Assert.True(created.Succeeded, Describe(created));
            id = created.Item!.ContentItemId;
        }

        Assert.Equal(["-L"], await FlagsAsync(engine, id));
        var draft = await GetAsync(engine, id, VersionFilter.Latest);
        Assert.Equal("articles/hello-world", draft!.Part("AutoroutePart")!["Path"]!.GetValue<string>());
        Assert.Equal(start, draft.CreatedUtc);
        Assert.Null(draft.PublishedUtc);
        Assert.Null(await GetAsync(engine, id, VersionFilter.Published));

        // Publish.
        engine.Clock.Advance(TimeSpan.FromMinutes(5));
        await using (var s = engine.Scope())
        {
            Assert.True((await s.Content.PublishAsync(id)).Succeeded);
        }

        Assert.Equal(["PL"], await FlagsAsync(engine, id));
        Assert.Equal(start.AddMinutes(5), (await GetAsync(engine, id, VersionFilter.Published))!.PublishedUtc);

        // Save a draft on top of the published version: a new version row; the old one stays published.
        engine.Clock.Advance(TimeSpan.FromMinutes(5));
        await using (var s = engine.Scope())
        {
            var edited = (await s.Content.GetAsync(id, VersionFilter.Latest))!;
            edited.GetOrCreatePart("TitlePart")["Title"] = "Hello Again";
            Assert.True((await s.Content.SaveDraftAsync(edited)).Succeeded);
        }

        Assert.Equal(["P-", "-L"], await FlagsAsync(engine, id));
        Assert.Equal("Hello World", (await GetAsync(engine, id, VersionFilter.Published))!.DisplayText);
        var secondDraft = (await GetAsync(engine, id, VersionFilter.Latest))!;
        Assert.Equal("Hello Again", secondDraft.DisplayText);
        Assert.Equal(start.AddMinutes(10), secondDraft.ModifiedUtc);
        Assert.Equal(start, secondDraft.CreatedUtc);
        var versionIds = (await VersionsAsync(engine, id)).Select(v => v.Item.ContentItemVersionId).ToList();
        Assert.Equal(2, versionIds.Distinct().Count());

        // Publish the draft: only one published row.
        engine.Clock.Advance(TimeSpan.FromMinutes(5));
        await using (var s = engine.Scope())
        {
            Assert.True((await s.Content.PublishAsync(id)).Succeeded);
        }

        Assert.Equal(["--", "PL"], await FlagsAsync(engine, id));
        Assert.Equal("Hello Again", (await GetAsync(engine, id, VersionFilter.Published))!.DisplayText);

        // Unpublish: the latest version stays, as a draft.
        engine.Clock.Advance(TimeSpan.FromMinutes(5));
        await using (var s = engine.Scope())
        {
            Assert.True((await s.Content.UnpublishAsync(id)).Succeeded);
            Assert.False((await s.Content.UnpublishAsync(id)).Succeeded);
        }

        Assert.Equal(["--", "-L"], await FlagsAsync(engine, id));
        Assert.Null(await GetAsync(engine, id, VersionFilter.Published));
        Assert.Equal(start.AddMinutes(20), (await GetAsync(engine, id, VersionFilter.Latest))!.ModifiedUtc);

        // Discard draft: refused for a draft without a published version, and for a published latest version.
        await using (var s = engine.Scope())
        {
            var refused = await s.Content.DiscardDraftAsync(id);
            Assert.False(refused.Succeeded);
            Assert.Contains("下書き", refused.Errors[0].Message, StringComparison.Ordinal);
        }

        Assert.Equal(["--", "-L"], await FlagsAsync(engine, id));
        await using (var s = engine.Scope())
        {
            Assert.True((await s.Content.PublishAsync(id)).Succeeded);
            Assert.False((await s.Content.DiscardDraftAsync(id)).Succeeded);
        }

        Assert.Equal(["--", "PL"], await FlagsAsync(engine, id));

        // Discard draft on top of a published version: the published row is latest again.
        await using (var s = engine.Scope())
        {
            var edited = (await s.Content.GetAsync(id, VersionFilter.Latest))!;
            edited.GetOrCreatePart("TitlePart")["Title"] = "Thrown Away";
            Assert.True((await s.Content.SaveDraftAsync(edited)).Succeeded);
        }

        Assert.Equal(["--", "P-", "-L"], await FlagsAsync(engine, id));
        await using (var s = engine.Scope())
        {
            var discarded = await s.Content.DiscardDraftAsync(id);
            Assert.True(discarded.Succeeded);
            Assert.Equal("Hello Again", discarded.Item!.DisplayText);
        }

        Assert.Equal(["--", "PL", "--"], await FlagsAsync(engine, id));
        Assert.Equal("Hello Again", (await GetAsync(engine, id, VersionFilter.Latest))!.DisplayText);

        // Clone: a new item, stored as a draft, with a path of its own.
        string cloneId;
        await using (var s = engine.Scope())
        {
            var cloned = await s.Content.CloneAsync(id);
            Assert.True(cloned.Succeeded, Describe(cloned));
            cloneId = cloned.Item!.ContentItemId;
        }

        Assert.NotEqual(id, cloneId);
        Assert.True(IdGenerator.IsValid(cloneId));
        Assert.Equal(["-L"], await FlagsAsync(engine, cloneId));
        var clone = (await GetAsync(engine, cloneId, VersionFilter.Latest))!;
        Assert.Equal("Hello Again", clone.DisplayText);
        // The original keeps the path it got when first saved; the clone's path is generated afresh from its title.
        Assert.Equal("articles/hello-world", (await GetAsync(engine, id, VersionFilter.Published))!.Part("AutoroutePart")!["Path"]!.GetValue<string>());
        Assert.Equal("articles/hello-again", clone.Part("AutoroutePart")!["Path"]!.GetValue<string>());
        Assert.Equal(["--", "PL", "--"], await FlagsAsync(engine, id));

        // Restore an old version while the item is published: a new draft row; the published version is kept.
        var firstVersionId = (await VersionsAsync(engine, id))[0].Item.ContentItemVersionId;
        await using (var s = engine.Scope())
        {
            var restored = await s.Content.RestoreAsync(firstVersionId);
            Assert.True(restored.Succeeded, Describe(restored));
            Assert.NotEqual(firstVersionId, restored.Item!.ContentItemVersionId);
        }

        Assert.Equal(["--", "P-", "--", "-L"], await FlagsAsync(engine, id));
        Assert.Equal("Hello World", (await GetAsync(engine, id, VersionFilter.Latest))!.DisplayText);
        Assert.Equal("Hello Again", (await GetAsync(engine, id, VersionFilter.Published))!.DisplayText);

        // Remove: no Latest or Published row is left, every version row is kept.
        await using (var s = engine.Scope())
        {
            Assert.True((await s.Content.RemoveAsync(id)).Succeeded);
        }

        Assert.Equal(["--", "--", "--", "--"], await FlagsAsync(engine, id));
        Assert.Null(await GetAsync(engine, id, VersionFilter.Latest));
        Assert.Null(await GetAsync(engine, id, VersionFilter.Published));
        Assert.Equal(["-L"], await FlagsAsync(engine, cloneId));

        // Restore a version of the removed item: it comes back as a draft.
        await using (var s = engine.Scope())
        {
            var restored = await s.Content.RestoreAsync(firstVersionId);
            Assert.True(restored.Succeeded, Describe(restored));
        }

        Assert.Equal(["--", "--", "--", "--", "-L"], await FlagsAsync(engine, id));
        Assert.Equal("Hello World", (await GetAsync(engine, id, VersionFilter.Latest))!.DisplayText);
        Assert.Equal([1, 2, 3, 4, 5], (await VersionsAsync(engine, id)).Select(v => v.Number));
    }

    [Fact]
    public async Task A_clone_never_takes_the_path_of_its_original()
    {
        await using var engine = await ArticleEngineAsync();
        string id;
        await using (var s = engine.Scope())
        {
            id = (await s.Content.CreateAsync(ArticleBuilder.New(s.Content, "Hello World").Build(), publish: true)).Item!.ContentItemId;
        }

        ContentResult first;
        ContentResult second;
        await using (var s = engine.Scope())
        {
            first = await s.Content.CloneAsync(id);
        }

        await using (var s = engine.Scope())
        {
            second = await s.Content.CloneAsync(id);
        }

        Assert.Equal("articles/hello-world-2", first.Item!.Part("AutoroutePart")!["Path"]!.GetValue<string>());
        Assert.Equal("articles/hello-world-3", second.Item!.Part("AutoroutePart")!["Path"]!.GetValue<string>());
        Assert.False(first.Item.Published);
        Assert.Equal(["-L"], await FlagsAsync(engine, first.Item.ContentItemId));
        Assert.Equal(["PL"], await FlagsAsync(engine, id));
    }

    [Fact]
    public async Task Saving_a_draft_over_a_draft_updates_the_same_row()
    {
        await using var engine = await ArticleEngineAsync();
        string id;
        await using (var s = engine.Scope())
        {
            id = (await s.Content.CreateAsync(ArticleBuilder.New(s.Content, "First").Build(), publish: false)).Item!.ContentItemId;
        }

        await using (var s = engine.Scope())
        {
            var edited = (await s.Content.GetAsync(id, VersionFilter.Latest))!;
            edited.GetOrCreatePart("TitlePart")["Title"] = "Second";
            Assert.True((await s.Content.SaveDraftAsync(edited)).Succeeded);
        }

        Assert.Equal(["-L"], await FlagsAsync(engine, id));
        Assert.Equal("Second", (await GetAsync(engine, id, VersionFilter.Latest))!.DisplayText);
    }

    [Fact]
    public async Task Save_and_publish_over_a_published_version_leaves_one_published_row()
    {
        await using var engine = await ArticleEngineAsync();
        string id;
        await using (var s = engine.Scope())
        {
            id = (await s.Content.CreateAsync(ArticleBuilder.New(s.Content, "First").Build(), publish: true)).Item!.ContentItemId;
        }

        await using (var s = engine.Scope())
        {
            var edited = (await s.Content.GetAsync(id, VersionFilter.Latest))!;
            edited.GetOrCreatePart("TitlePart")["Title"] = "Second";
            var result = await s.Content.SaveAndPublishAsync(edited);
            Assert.True(result.Succeeded, Describe(result));
        }

        Assert.Equal(["--", "PL"], await FlagsAsync(engine, id));
        var published = (await GetAsync(engine, id, VersionFilter.Published))!;
        Assert.Equal("Second", published.DisplayText);
        Assert.True(published.Published);
    }

    [Fact]
    public async Task A_stale_expected_version_is_refused_and_nothing_is_written()
    {
        await using var engine = await ArticleEngineAsync();
        string id;
        string firstVersionId;
        await using (var s = engine.Scope())
        {
            var created = await s.Content.CreateAsync(ArticleBuilder.New(s.Content, "Original").Build(), publish: true);
            id = created.Item!.ContentItemId;
            firstVersionId = created.Item.ContentItemVersionId;
        }

        // Two editors open the same version; the first one saves.
        await using (var s = engine.Scope())
        {
            var first = (await s.Content.GetAsync(id, VersionFilter.Latest))!;
            first.GetOrCreatePart("TitlePart")["Title"] = "Editor A";
            Assert.True((await s.Content.SaveDraftAsync(first, firstVersionId)).Succeeded);
        }

        var rowsBefore = await engine.CountVersionRowsAsync();
        var documentsBefore = await engine.DocumentsAsync();

        ContentResult refused;
        await using (var s = engine.Scope())
        {
            var second = (await s.Content.GetVersionAsync(firstVersionId))!;
            second.GetOrCreatePart("TitlePart")["Title"] = "Editor B";
            refused = await s.Content.SaveDraftAsync(second, firstVersionId);
        }

        Assert.False(refused.Succeeded);
        Assert.Null(refused.Item);
        Assert.Equal("ContentItemVersionId", refused.Errors[0].Member);
        Assert.Contains("先に保存しました", refused.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(rowsBefore, await engine.CountVersionRowsAsync());
        Assert.Equal(documentsBefore, await engine.DocumentsAsync());
        Assert.Equal(["P-", "-L"], await FlagsAsync(engine, id));
        Assert.Equal("Editor A", (await GetAsync(engine, id, VersionFilter.Latest))!.DisplayText);
        Assert.Equal("Original", (await GetAsync(engine, id, VersionFilter.Published))!.DisplayText);
    }

    [Fact]
    public async Task A_stale_expected_version_on_a_draft_only_item_is_refused()
    {
        await using var engine = await ArticleEngineAsync();
        ContentItem created;
        await using (var s = engine.Scope())
        {
            created = (await s.Content.CreateAsync(ArticleBuilder.New(s.Content, "Draft").Build(), publish: false)).Item!;
        }

        ContentResult refused;
        await using (var s = engine.Scope())
        {
            var edited = created.Clone();
            edited.GetOrCreatePart("TitlePart")["Title"] = "Late";
            refused = await s.Content.SaveAndPublishAsync(edited, IdGenerator.NewId());
        }

        Assert.False(refused.Succeeded);
        Assert.Equal(["-L"], await FlagsAsync(engine, created.ContentItemId));
        Assert.Equal("Draft", (await GetAsync(engine, created.ContentItemId, VersionFilter.Latest))!.DisplayText);
    }

    internal static async Task<TestEngine> ArticleEngineAsync()
    {
        var engine = await TestEngine.CreateAsync();
        await engine.ImportAsync(TestRecipes.ArticleDefinition);
        return engine;
    }

    internal static string Describe(ContentResult result) => string.Join("; ", result.Errors.Select(e => $"{e.Member}: {e.Message}"));

    private static async Task<IReadOnlyList<(int Number, ContentItem Item)>> VersionsAsync(TestEngine engine, string id)
    {
        await using var s = engine.Scope();
        return await s.Content.GetVersionsAsync(id);
    }

    private static async Task<ContentItem?> GetAsync(TestEngine engine, string id, VersionFilter filter)
    {
        await using var s = engine.Scope();
        return await s.Content.GetAsync(id, filter);
    }

    /// <summary>One "PL" pair per version row, oldest first, after checking the invariants on them.</summary>
    private static async Task<string[]> FlagsAsync(TestEngine engine, string id)
    {
        var versions = await VersionsAsync(engine, id);
        Assert.True(versions.Count(v => v.Item.Latest) <= 1, "more than one Latest row");
        Assert.True(versions.Count(v => v.Item.Published) <= 1, "more than one Published row");
        return [.. versions.Select(v => $"{(v.Item.Published ? 'P' : '-')}{(v.Item.Latest ? 'L' : '-')}")];
    }
}
