using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Storage;
using NetTroubleCms.Web.Features.Audit;
using NetTroubleCms.Web.Features.Verification;

namespace NetTroubleCms.Web.Tests;

/// <summary>"Verified today" from the dashboard: audited, published (or kept in a pending draft), shown on the agency page and in the APIs.</summary>
public sealed class VerificationTests : IDisposable
{
    private readonly CmsApplication _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task SeedInventsNoDatesSoEveryChannelIsDue()
    {
        using var admin = await AdminClient.SignInAsync(_app);

        var page = await admin.GetPageAsync("/admin");

        var channels = GuideSeed.Items("Agency").Sum(a => a["Channels"]?["ContentItems"]?.AsArray().Count ?? 0);
        Assert.Equal(channels, page.QuerySelectorAll("form[action*='handler=Verify']").Length);
        Assert.Contains($"確認が必要な連絡先 ({channels})", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifiedTodayPublishesTheDateAuditsItAndShowsItPublicly()
    {
        var agencyId = await AdminData.IdByPathAsync(_app, "agencies/kokoro-no-sos");
        using var admin = await AdminClient.SignInAsync(_app);
        var page = await admin.GetPageAsync("/admin");
        var form = page.QuerySelectorAll("form[action*='handler=Verify']").First(f => f.QuerySelector("input[name=agencyId]")!.GetAttribute("value") == agencyId);

        var response = await admin.SubmitAsync(page, form, []);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await admin.GetPageAsync("/admin");
        Assert.Contains("今日確認済みにし、公開しました", after.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(after.QuerySelectorAll("input[name=agencyId]"), i => i.GetAttribute("value") == agencyId);
        var published = await _app.InScopeAsync(sp => sp.GetRequiredService<ContentManager>().GetAsync(agencyId, VersionFilter.Published));
        var channel = ChannelVerification.Channels(published!).Single();
        var verified = ChannelVerification.LastVerifiedUtc(channel);
        Assert.NotNull(verified);
        Assert.True(published!.Published && published.Latest);
        var (events, _) = await _app.InScopeAsync(sp => sp.GetRequiredService<AuditTrail>().QueryAsync(new AuditQuery { Name = ChannelVerification.EventName }));
        var audit = Assert.Single(events);
        Assert.Equal("admin", audit.UserName);
        Assert.Equal(channel.ContentItemId, JsonNode.Parse(audit.Snapshot!)!["channelId"]!.ToString());

        var date = ChannelVerification.JapanDate(verified!.Value);
        var client = _app.CreateClient();
        var html = await client.GetStringAsync("/agencies/kokoro-no-sos");
        Assert.Contains("最終確認日", html, StringComparison.Ordinal);
        Assert.Contains($"<time datetime=\"{date}\">", html, StringComparison.Ordinal);
        var api = await client.GetStringAsync($"/api/v1/channels?agencyId={agencyId}");
        Assert.Contains(ContentItemDate(verified.Value), api, StringComparison.Ordinal);
        var services = await client.GetFromJsonAsync<JsonObject>("/api/hsds/v3/services?search=" + Uri.EscapeDataString(published.DisplayText!));
        Assert.Equal(date, services!["contents"]![0]!["assured_date"]!.ToString());
    }

    [Fact]
    public async Task PendingDraftKeepsTheDateUntilItIsPublished()
    {
        var agencyId = await AdminData.IdByPathAsync(_app, "agencies/kokoro-no-sos");
        await _app.InScopeAsync(async sp =>
        {
            var manager = sp.GetRequiredService<ContentManager>();
            var item = await manager.GetAsync(agencyId, VersionFilter.Latest);
            item!.DisplayText += "";
            item.Part("Agency")!["Note"] = new JsonObject { ["Text"] = "サンプルの未公開メモ（テスト用）" };
            return await manager.SaveDraftAsync(item);
        });
        using var admin = await AdminClient.SignInAsync(_app);
        var page = await admin.GetPageAsync("/admin");
        var form = page.QuerySelectorAll("form[action*='handler=Verify']").First(f => f.QuerySelector("input[name=agencyId]")!.GetAttribute("value") == agencyId);

        await admin.SubmitAsync(page, form, []);

        var (published, latest) = await _app.InScopeAsync(async sp =>
        {
            var manager = sp.GetRequiredService<ContentManager>();
            return (await manager.GetAsync(agencyId, VersionFilter.Published), await manager.GetAsync(agencyId, VersionFilter.Latest));
        });
        Assert.Null(ChannelVerification.LastVerifiedUtc(ChannelVerification.Channels(published!).Single()));
        Assert.False(latest!.Published);
        Assert.NotNull(ChannelVerification.LastVerifiedUtc(ChannelVerification.Channels(latest).Single()));
        Assert.DoesNotContain("最終確認日", await _app.CreateClient().GetStringAsync("/agencies/kokoro-no-sos"), StringComparison.Ordinal);
    }

    private static string ContentItemDate(DateTime utc) => NetTroubleCms.Content.ContentItem.FormatDate(utc)!;

    [Fact]
    public void AgencyDateIsTheOldestChannelDateAndNoneWhileOneIsUnverified()
    {
        var old = new DateTime(2025, 1, 2, 0, 0, 0, DateTimeKind.Utc);
        var recent = new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc);

        Assert.Equal(old, ChannelVerification.AgencyLastVerifiedUtc([recent, old]));
        Assert.Null(ChannelVerification.AgencyLastVerifiedUtc([recent, null]));
        Assert.Null(ChannelVerification.AgencyLastVerifiedUtc([]));
        Assert.Equal("2025-01-02", ChannelVerification.JapanDate(old.AddHours(14.5)));
        Assert.Equal("2025-01-03", ChannelVerification.JapanDate(old.AddHours(15)));
    }
}
