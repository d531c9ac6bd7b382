using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Storage;
using NetTroubleCms.Web.Features.Admin;
using NetTroubleCms.Web.Features.Admin.Editors;
using NetTroubleCms.Web.Features.Audit;
using NetTroubleCms.Web.Infrastructure.Storage;

namespace NetTroubleCms.Web.Tests;

public sealed class AdminContentTests : IDisposable
{
    private const string OldPhone = "0570-078374";
    private const string NewPhone = "0570-079714";
    private readonly CmsApplication _app = new();

    [Fact]
    public async Task DraftStaysPrivateUntilPublished()
    {
        using var admin = await AdminClient.SignInAsync(_app);
        var id = await AdminData.IdByPathAsync(_app, "agencies/houterasu");
        var page = await admin.GetPageAsync($"/admin/contents/{id}/edit");
        var phone = AdminData.InputHolding(page, OldPhone);

        using var saved = await admin.SaveAsync(id, "save", new() { [phone] = NewPhone }, page);
        var publicAfterSave = await admin.Http.GetStringAsync("/agencies/houterasu");
        var preview = await admin.Http.GetStringAsync($"/admin/contents/{id}/preview");
        using var published = await admin.SaveAsync(id, "publish", []);
        var publicAfterPublish = await admin.Http.GetStringAsync("/agencies/houterasu");

        var formatted = PhoneNumberFormatter.Format(NewPhone)!;
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains(OldPhone, publicAfterSave, StringComparison.Ordinal);
        Assert.DoesNotContain(formatted, publicAfterSave, StringComparison.Ordinal);
        Assert.Contains(formatted, preview, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        Assert.Contains(formatted, publicAfterPublish, StringComparison.Ordinal);
        Assert.DoesNotContain(OldPhone, publicAfterPublish, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidPhoneIsRefusedInJapaneseNextToTheFieldAndTheTypedTextIsKept()
    {
        using var admin = await AdminClient.SignInAsync(_app);
        var id = await AdminData.IdByPathAsync(_app, "agencies/houterasu");
        var page = await admin.GetPageAsync($"/admin/contents/{id}/edit");
        var phone = AdminData.InputHolding(page, OldPhone);

        using var response = await admin.SaveAsync(id, "save", new() { [phone] = "電話してね" }, page);
        var html = await AdminClient.ParseAsync(await response.Content.ReadAsStringAsync(), $"/admin/contents/{id}/edit");
        var input = html.QuerySelector($"input[name='{phone}']")!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("電話してね", input.GetAttribute("value"));
        Assert.Contains("日本の電話番号として正しくありません", input.ParentElement!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecondEditorsStaleSaveIsRefusedWithALinkToTheOtherChange()
    {
        using var first = await AdminClient.SignInAsync(_app);
        using var second = await AdminClient.SignInAsync(_app);
        var id = await AdminData.IdByPathAsync(_app, "agencies/houterasu");
        var firstPage = await first.GetPageAsync($"/admin/contents/{id}/edit");
        var secondPage = await second.GetPageAsync($"/admin/contents/{id}/edit");
        var phone = AdminData.InputHolding(firstPage, OldPhone);

        using var firstSave = await first.SaveAsync(id, "save", new() { [phone] = NewPhone }, firstPage);
        using var secondSave = await second.SaveAsync(id, "save", new() { [phone] = "03-1234-5678" }, secondPage);
        var html = await secondSave.Content.ReadAsStringAsync();
        var latest = await _app.InScopeAsync(sp => sp.GetRequiredService<ContentManager>().GetAsync(id, VersionFilter.Latest));

        Assert.Equal(HttpStatusCode.Redirect, firstSave.StatusCode);
        Assert.Equal(HttpStatusCode.OK, secondSave.StatusCode);
        Assert.Contains("他の人がこのコンテンツを先に保存しました", html, StringComparison.Ordinal);
        Assert.Contains($"/admin/contents/{id}/history?a=", html, StringComparison.Ordinal);
        Assert.Contains("03-1234-5678", html, StringComparison.Ordinal);
        Assert.Contains(PhoneNumberFormatter.Format(NewPhone)!, latest!.ToJson().ToJsonString(NetTroubleCms.Content.ContentJson.Options), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HistoryShowsTheFieldDiffAndRestoreBringsTheOldNumberBackAsADraft()
    {
        using var admin = await AdminClient.SignInAsync(_app);
        var id = await AdminData.IdByPathAsync(_app, "agencies/houterasu");
        var page = await admin.GetPageAsync($"/admin/contents/{id}/edit");
        using var _ = await admin.SaveAsync(id, "publish", new() { [AdminData.InputHolding(page, OldPhone)] = NewPhone }, page);

        var history = await admin.GetPageAsync($"/admin/contents/{id}/history");
        var diff = history.QuerySelector("table.diff")!.TextContent;
        using var restored = await admin.SubmitAsync(history, "form[action*='handler=Restore']", []);
        var latest = await _app.InScopeAsync(sp => sp.GetRequiredService<ContentManager>().GetAsync(id, VersionFilter.Latest));
        var publicPage = await admin.Http.GetStringAsync("/agencies/houterasu");

        Assert.Contains("連絡方法 2 › 連絡先", diff, StringComparison.Ordinal);
        Assert.Contains(OldPhone, diff, StringComparison.Ordinal);
        Assert.Contains(PhoneNumberFormatter.Format(NewPhone)!, diff, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, restored.StatusCode);
        Assert.False(latest!.Published);
        Assert.Contains(OldPhone, latest.ToJson().ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(PhoneNumberFormatter.Format(NewPhone)!, publicPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryLifecycleStepIsAuditedWithUserAndSnapshot()
    {
        using var admin = await AdminClient.SignInAsync(_app);
        var id = await AdminData.IdByPathAsync(_app, "agencies/houterasu");
        var page = await admin.GetPageAsync($"/admin/contents/{id}/edit");

        using var saved = await admin.SaveAsync(id, "save", new() { [AdminData.InputHolding(page, OldPhone)] = NewPhone }, page);
        using var published = await admin.SaveAsync(id, "publish", []);
        var edit = await admin.GetPageAsync($"/admin/contents/{id}/edit");
        using var unpublished = await admin.SubmitAsync(edit, "main form", [], $"/admin/contents/{id}/edit?handler=Unpublish");
        var delete = await admin.GetPageAsync($"/admin/contents/{id}/delete");
        using var deleted = await admin.SubmitAsync(delete, "main form", []);
        var events = await _app.InScopeAsync(async sp =>
            await sp.GetRequiredService<CmsDbContext>().Set<AuditEvent>().Where(e => e.ContentItemId == id && e.Name != "Imported").OrderBy(e => e.Id).ToListAsync());
        var auditPage = await admin.GetPageAsync($"/admin/audit?item={id}");

        Assert.Equal(["Saved", "Saved", "Published", "Unpublished", "Removed"], events.Select(e => e.Name));
        Assert.All(events, e => Assert.Equal("admin", e.UserName));
        Assert.All(events, e => Assert.Contains(id, e.Snapshot, StringComparison.Ordinal));
        Assert.Equal(events.Count + 1, auditPage.QuerySelectorAll("main table tbody tr").Length); // plus the seed import
    }

    [Fact]
    public async Task BagItemsCanBeAddedAndRemovedInlineBeforeSaving()
    {
        using var admin = await AdminClient.SignInAsync(_app);
        var id = await AdminData.IdByPathAsync(_app, "agencies/houterasu");
        var page = await admin.GetPageAsync($"/admin/contents/{id}/edit");

        using var added = await admin.SubmitAsync(page, "main form", [], extra: [new("op", "bag-add:Channels:Channel")]);
        var withThree = await AdminClient.ParseAsync(await added.Content.ReadAsStringAsync(), $"/admin/contents/{id}/edit");
        var kind = withThree.QuerySelector("select[name='Channels.ContentItems[2].Channel.Kind']");
        using var removed = await admin.SubmitAsync(withThree, "main form", [], extra: [new("op", "bag-remove:Channels:2")]);
        var withTwo = await AdminClient.ParseAsync(await removed.Content.ReadAsStringAsync(), $"/admin/contents/{id}/edit");

        Assert.NotNull(kind);
        Assert.Equal("3", withThree.QuerySelector("input[name='Channels.Count']")!.GetAttribute("value"));
        Assert.Equal("2", withTwo.QuerySelector("input[name='Channels.Count']")!.GetAttribute("value"));
        Assert.Single(await _app.InScopeAsync(sp => sp.GetRequiredService<IContentStore>().GetVersionsAsync(id)));
    }

    [Fact]
    public async Task ScheduledDraftIsPublishedWhenItsTimeComes()
    {
        using var admin = await AdminClient.SignInAsync(_app);
        var id = await AdminData.IdByPathAsync(_app, "agencies/houterasu");
        var page = await admin.GetPageAsync($"/admin/contents/{id}/edit");
        using var scheduled = await admin.SaveAsync(id, "schedule", new() { [AdminData.InputHolding(page, OldPhone)] = NewPhone, ["PublishAt"] = "2030-01-01T09:00" }, page);
        var clock = new FakeTimeProvider(new DateTimeOffset(2029, 12, 31, 23, 59, 0, TimeSpan.Zero));
        var publisher = new ScheduledPublisher(_app.Services.GetRequiredService<IServiceScopeFactory>(), clock, NullLogger<ScheduledPublisher>.Instance);

        var early = await publisher.RunOnceAsync();
        clock.Advance(TimeSpan.FromMinutes(2));
        var due = await publisher.RunOnceAsync();
        var publicPage = await admin.Http.GetStringAsync("/agencies/houterasu");

        Assert.Equal(HttpStatusCode.Redirect, scheduled.StatusCode);
        Assert.Equal(0, early);
        Assert.Equal(1, due);
        Assert.Contains(PhoneNumberFormatter.Format(NewPhone)!, publicPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListFiltersByTypeTextAndStatusAndBulkPublishes()
    {
        using var admin = await AdminClient.SignInAsync(_app);
        var id = await AdminData.IdByPathAsync(_app, "agencies/houterasu");
        var page = await admin.GetPageAsync($"/admin/contents/{id}/edit");
        using var _ = await admin.SaveAsync(id, "save", new() { [AdminData.InputHolding(page, OldPhone)] = NewPhone }, page);

        var agencies = await admin.GetPageAsync("/admin/contents?type=Agency");
        var drafts = await admin.GetPageAsync("/admin/contents?status=hasdraft");
        var search = await admin.GetPageAsync("/admin/contents?q=" + Uri.EscapeDataString("法テラス"));
        var form = await admin.GetPageAsync("/admin/contents?status=draft");
        using var bulk = await admin.SubmitAsync(form, "main form[method=post]", new() { ["ids"] = id }, "/admin/contents?handler=Publish");
        var afterBulk = await admin.GetPageAsync("/admin/contents?status=draft");

        Assert.True(agencies.QuerySelectorAll("main table tbody tr").Length >= 8);
        Assert.Single(drafts.QuerySelectorAll("main table tbody tr"));
        Assert.Contains(search.QuerySelectorAll("main table tbody tr"), r => r.TextContent.Contains("法テラス", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, bulk.StatusCode);
        Assert.Empty(afterBulk.QuerySelectorAll("main table tbody tr"));
    }

    [Fact]
    public async Task EveryAdminPageRendersForTheAdministrator()
    {
        using var admin = await AdminClient.SignInAsync(_app);
        var id = await AdminData.IdByPathAsync(_app, "agencies/houterasu");

        foreach (var url in new[]
        {
            "/admin", "/admin/contents", "/admin/contents/new/Agency", $"/admin/contents/{id}/edit", $"/admin/contents/{id}/history",
            $"/admin/contents/{id}/preview", $"/admin/contents/{id}/delete", "/admin/audit", "/admin/users", "/admin/roles/Editor",
            "/admin/recipes", "/admin/tree",
        })
        {
            var page = await admin.GetPageAsync(url);
            Assert.NotNull(page.QuerySelector("h1"));
        }
    }

    public void Dispose() => _app.Dispose();
}
