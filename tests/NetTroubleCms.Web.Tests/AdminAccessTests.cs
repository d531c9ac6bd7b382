using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetTroubleCms.Web.Features.Audit;
using NetTroubleCms.Web.Infrastructure.Storage;

namespace NetTroubleCms.Web.Tests;

public sealed class AdminAccessTests : IDisposable
{
    private readonly CmsApplication _app = new();

    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/contents")]
    [InlineData("/admin/users")]
    [InlineData("/admin/audit")]
    public async Task AnonymousVisitorIsRedirectedToSignIn(string url)
    {
        using var client = AdminClient.Anonymous(_app);

        using var response = await client.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/admin/login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInPageIsJapaneseByDefaultNotCachedAndCarriesAnAntiforgeryToken()
    {
        using var client = AdminClient.Anonymous(_app);

        using var response = await client.Http.GetAsync("/admin/login");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Contains("<html lang=\"ja\">", html, StringComparison.Ordinal);
        Assert.Contains("ログイン", html, StringComparison.Ordinal);
        Assert.Contains("__RequestVerificationToken", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnglishCanBeChosenWithTheCultureCookie()
    {
        using var client = AdminClient.Anonymous(_app);
        var page = await client.GetPageAsync("/admin/login");

        using var switched = await client.SubmitAsync(page, "form[action='/admin/culture']", new() { ["culture"] = "en", ["returnUrl"] = "/admin/login" });
        var english = await client.GetPageAsync("/admin/login");

        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("en", english.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Sign in", english.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task PostWithoutAntiforgeryTokenIsRejected()
    {
        using var client = AdminClient.Anonymous(_app);
        using var content = new FormUrlEncodedContent([new("UserName", "admin"), new("Password", CmsApplication.AdminPassword)]);

        using var response = await client.Http.PostAsync("/admin/login", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task SignInAndFailedSignInAreAudited()
    {
        using var client = AdminClient.Anonymous(_app);

        using var failed = await client.TrySignInAsync("admin", "wrong-password");
        using var ok = await client.TrySignInAsync("admin", CmsApplication.AdminPassword);
        var events = await _app.InScopeAsync(async sp =>
            await sp.GetRequiredService<CmsDbContext>().Set<AuditEvent>().Where(e => e.Category == "User").OrderBy(e => e.Id).ToListAsync());

        Assert.True(failed.StatusCode == HttpStatusCode.OK, $"{failed.StatusCode} {failed.Headers.Location}");
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.True(events.Select(e => e.Name).SequenceEqual(["SignInFailed", "SignedIn"]), string.Join("\n", events.Select(e => $"{e.Id} {e.Name} {e.UserName} {e.OccurredUtc:o} {e.ClientIp} {e.Snapshot}")));
        Assert.All(events, e => Assert.Equal("admin", e.UserName));
        Assert.Contains("BadCredentials", events[0].Snapshot, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditEntriesCannotBeChangedOrDeleted()
    {
        using var client = AdminClient.Anonymous(_app);
        using var _ = await client.TrySignInAsync("admin", "wrong-password");

        var error = await _app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CmsDbContext>();
            var entry = await db.Set<AuditEvent>().FirstAsync(e => e.Name == "SignInFailed");
            entry.UserName = "someone-else";
            return await Record.ExceptionAsync(() => db.SaveChangesAsync());
        });

        Assert.IsType<InvalidOperationException>(error);
    }

    [Fact]
    public async Task FiveFailedSignInsLockTheAccountButTheAnswerReadsLikeAWrongPassword()
    {
        // The per-account throttle normally stops at four attempts; lifted here so Identity's lockout is reached.
        using var app = new CmsApplication().With("Cms:SignIn:PerAccountPermitLimit", "100");
        using var client = AdminClient.Anonymous(app);
        using var wrong = await client.TrySignInAsync("admin", "wrong-password");
        var wrongMessage = (await AdminClient.ParseAsync(await wrong.Content.ReadAsStringAsync(), "/admin/login")).QuerySelector(".alert")!.TextContent;
        for (var i = 0; i < 4; i++)
        {
            using var _ = await client.TrySignInAsync("admin", "wrong-password");
        }

        using var locked = await client.TrySignInAsync("admin", CmsApplication.AdminPassword);
        var page = await AdminClient.ParseAsync(await locked.Content.ReadAsStringAsync(), "/admin/login");
        var isLocked = await app.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<CmsUser>>();
            return await users.IsLockedOutAsync((await users.FindByNameAsync("admin"))!);
        });

        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.True(isLocked);
        Assert.Equal(wrongMessage, page.QuerySelector(".alert")!.TextContent);
    }

    [Fact]
    public async Task AdministratorSeesTheDashboard()
    {
        using var client = await AdminClient.SignInAsync(_app);

        var page = await client.GetPageAsync("/admin");

        Assert.Equal("ダッシュボード", page.QuerySelector("h1")!.TextContent);
        Assert.Contains("相談機関", page.Body!.TextContent, StringComparison.Ordinal);
    }

    public void Dispose() => _app.Dispose();
}
