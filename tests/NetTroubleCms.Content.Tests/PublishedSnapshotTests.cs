using NetTroubleCms.Content.Storage;
using NetTroubleCms.Content.Tests.Infrastructure;

namespace NetTroubleCms.Content.Tests;

/// <summary>What the public sees: published versions only, with an ETag that moves when they change.</summary>
public sealed class PublishedSnapshotTests
{
    [Fact]
    public async Task Only_published_items_are_in_the_snapshot()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();
        await engine.ImportAsync(TestRecipes.SampleContent);

        var snapshot = await engine.Snapshots.GetAsync();

        Assert.Equal([TestRecipes.WelcomeId, TestRecipes.MenuId], snapshot.Items.Select(i => i.ContentItemId));
        Assert.All(snapshot.Items, i => Assert.True(i.Published));
        Assert.All(snapshot.Items, i => Assert.True(i.IsFrozen)); // kept compactly, read-only
        Assert.Null(snapshot.Get(TestRecipes.DraftId));
        Assert.Equal("ようこそ", snapshot.Get(TestRecipes.WelcomeId)!.DisplayText);
        Assert.Equal([TestRecipes.WelcomeId], snapshot.OfType("Article").Select(i => i.ContentItemId));
        Assert.Empty(snapshot.OfType("Nothing"));
        Assert.Equal("テストサイト", snapshot.Settings["SiteName"]!.GetValue<string>());
        Assert.NotNull(snapshot.Definitions.GetType("Article"));
    }

    [Fact]
    public async Task A_draft_on_top_of_a_published_item_leaves_the_published_version_visible()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();
        await engine.ImportAsync(TestRecipes.SampleContent);
        var before = await engine.Snapshots.GetAsync();

        await using (var s = engine.Scope())
        {
            var draft = (await s.Content.GetAsync(TestRecipes.WelcomeId, VersionFilter.Latest))!;
            draft.GetOrCreatePart("TitlePart")["Title"] = "まだ公開しない";
            Assert.True((await s.Content.SaveDraftAsync(draft)).Succeeded);
        }

        var after = await engine.Snapshots.GetAsync();

        Assert.Equal("ようこそ", after.Get(TestRecipes.WelcomeId)!.DisplayText);
        Assert.Equal("4p3s1h9kq0ev7w2zt5xbm8cnry", after.Get(TestRecipes.WelcomeId)!.ContentItemVersionId);
        Assert.Equal(before.ETag, after.ETag);
    }

    [Fact]
    public async Task Publishing_changes_the_etag_and_the_visible_version()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();
        await engine.ImportAsync(TestRecipes.SampleContent);
        var before = await engine.Snapshots.GetAsync();

        await using (var s = engine.Scope())
        {
            var draft = (await s.Content.GetAsync(TestRecipes.WelcomeId, VersionFilter.Latest))!;
            draft.GetOrCreatePart("TitlePart")["Title"] = "公開しました";
            Assert.True((await s.Content.SaveAndPublishAsync(draft)).Succeeded);
        }

        var after = await engine.Snapshots.GetAsync();

        Assert.NotEqual(before.ETag, after.ETag);
        Assert.Equal("公開しました", after.Get(TestRecipes.WelcomeId)!.DisplayText);
        Assert.Equal(32, after.ETag.Length);
        Assert.Matches("^[0-9a-f]{32}$", after.ETag);
    }

    [Fact]
    public async Task The_snapshot_for_the_publisher_includes_the_publish_while_readers_keep_rebuilding()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();
        await engine.ImportAsync(TestRecipes.SampleContent);
        await engine.Snapshots.GetAsync();
        using var stop = new CancellationTokenSource();
        // Readers ask all the time, as a busy public site does; any of them may be rebuilding when a publish lands.
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await engine.Snapshots.GetAsync();
            }
        })).ToList();

        var stale = new List<int>();
        for (var i = 0; i < 40; i++)
        {
            await using (var s = engine.Scope())
            {
                var draft = (await s.Content.GetAsync(TestRecipes.WelcomeId, VersionFilter.Latest))!;
                draft.GetOrCreatePart("TitlePart")["Title"] = $"公開 {i}";
                Assert.True((await s.Content.SaveAndPublishAsync(draft)).Succeeded);
            }

            var seen = await engine.Snapshots.GetCurrentAsync();
            if (seen.Get(TestRecipes.WelcomeId)?.DisplayText != $"公開 {i}")
            {
                stale.Add(i);
            }
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Assert.Empty(stale);
    }

    [Fact]
    public async Task Unpublishing_and_removing_take_items_out()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();
        await engine.ImportAsync(TestRecipes.SampleContent);
        var etags = new List<string> { (await engine.Snapshots.GetAsync()).ETag };

        await using (var s = engine.Scope())
        {
            Assert.True((await s.Content.UnpublishAsync(TestRecipes.WelcomeId)).Succeeded);
        }

        var unpublished = await engine.Snapshots.GetAsync();
        etags.Add(unpublished.ETag);
        await using (var s = engine.Scope())
        {
            Assert.True((await s.Content.RemoveAsync(TestRecipes.MenuId)).Succeeded);
        }

        var removed = await engine.Snapshots.GetAsync();
        etags.Add(removed.ETag);

        Assert.Null(unpublished.Get(TestRecipes.WelcomeId));
        Assert.Null(unpublished.GetByPath("welcome"));
        Assert.NotNull(unpublished.Get(TestRecipes.MenuId));
        Assert.Empty(removed.Items);
        Assert.Equal(3, etags.Distinct().Count());
    }

    [Theory]
    [InlineData("welcome")]
    [InlineData("/welcome/")]
    [InlineData("Welcome")]
    public async Task An_item_is_found_by_its_path(string path)
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();
        await engine.ImportAsync(TestRecipes.SampleContent);

        var snapshot = await engine.Snapshots.GetAsync();

        Assert.Equal(TestRecipes.WelcomeId, snapshot.GetByPath(path)?.ContentItemId);
        Assert.Null(snapshot.GetByPath("welcome/more"));
        Assert.Equal("welcome", snapshot.PathOf(snapshot.Get(TestRecipes.WelcomeId)!));
    }

    [Fact]
    public async Task The_same_snapshot_is_served_until_something_changes()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();

        var first = await engine.Snapshots.GetAsync();
        var second = await engine.Snapshots.GetAsync();
        engine.Clock.Advance(TimeSpan.FromSeconds(3));
        var afterPoll = await engine.Snapshots.GetAsync();

        Assert.Same(first, second);
        Assert.Same(first, afterPoll);
    }

    [Fact]
    public async Task An_import_by_another_process_is_seen_a_tenth_of_a_second_later_and_not_before()
    {
        // The command line imports into the database a running server reads: only the stamp row tells the server.
        await using var engine = await VersioningTests.ArticleEngineAsync();
        await using var commandLine = await TestEngine.CreateAsync(sharedFolder: engine.Folder);
        var before = await engine.Snapshots.GetAsync();
        Assert.Equal(TimeSpan.FromMilliseconds(100), new Snapshot.SnapshotOptions().PollInterval);

        await commandLine.ImportAsync(TestRecipes.SampleContent);
        engine.Clock.Advance(TimeSpan.FromMilliseconds(99));
        var tooSoon = await engine.Snapshots.GetAsync();
        engine.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var polled = await engine.Snapshots.GetAsync();

        Assert.Same(before, tooSoon);
        Assert.Equal(2, polled.Items.Count);
        Assert.Equal(new Snapshot.SnapshotBuildStats(2, 2), engine.Snapshots.LastBuild);
    }

    [Fact]
    public async Task A_change_made_by_another_instance_is_seen_after_the_poll_interval()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();
        await using var otherInstance = await TestEngine.CreateAsync(sharedFolder: engine.Folder);
        var before = await engine.Snapshots.GetAsync();

        await otherInstance.ImportAsync(TestRecipes.SampleContent);
        var beforePoll = await engine.Snapshots.GetAsync();
        engine.Clock.Advance(TimeSpan.FromSeconds(2));
        var afterPoll = await engine.Snapshots.GetAsync();

        Assert.Empty(before.Items);
        Assert.Same(before, beforePoll);
        Assert.Equal(2, afterPoll.Items.Count);
        Assert.NotEqual(before.ETag, afterPoll.ETag);
    }

    [Fact]
    public async Task Two_instances_compute_the_same_etag_for_the_same_content()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();
        await engine.ImportAsync(TestRecipes.SampleContent);
        await using var otherInstance = await TestEngine.CreateAsync(sharedFolder: engine.Folder);

        var mine = await engine.Snapshots.GetAsync();
        var theirs = await otherInstance.Snapshots.GetAsync();

        Assert.NotSame(mine, theirs);
        Assert.Equal(mine.ETag, theirs.ETag);
    }
}
