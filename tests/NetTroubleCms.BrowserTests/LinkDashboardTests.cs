using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NetTroubleCms.Web.Features.Links;
using NetTroubleCms.Web.Tests;
using NetTroubleCms.Web.Tests.Samples;

namespace NetTroubleCms.BrowserTests;

/// <summary>The dashboard after a link check against the local sample server, on a phone and on a desktop.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LinkDashboardTests(BrowserFixture fixture)
{
    [Fact]
    public async Task DashboardShowsBrokenAndMovedLinksOnPhoneAndDesktopAndUseNewAddressDrafts()
    {
        await using var server = await SampleLinkServer.StartAsync();
        await using var app = SampleLinkSite.CreateApp();
        app.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        app.StartServer();
        var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        await SampleLinkSite.SeedAsync(app, server);
        await app.Services.GetRequiredService<LinkChecker>().CheckPublishedAsync();

        foreach (var (name, width, height) in new[] { ("links-dashboard-360", 360, 640), ("links-dashboard-desktop", 1280, 900) })
        {
            var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "ja-JP", ViewportSize = new() { Width = width, Height = height } });
            var page = await context.NewPageAsync();
            await page.GotoAsync(baseUrl + "/admin/login");
            await page.GetByLabel("ユーザー名").FillAsync("admin");
            await page.GetByLabel("パスワード").FillAsync(CmsApplication.AdminPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "ログイン" }).ClickAsync();
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("ダッシュボード");

            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "つながらないリンク (5)" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "移転したリンク (2)" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "新しいアドレスを使う" })).ToHaveCountAsync(2);
            // Nothing wider than the screen: the page never scrolls sideways on a phone.
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), $"{name} scrolls sideways");
            var axe = await page.RunAxe();
            await BrowserFixture.ScreenshotAsync(page, name);
            Assert.True(axe.Violations.Length == 0, name + ":\n" + string.Join("\n", axe.Violations.Select(v => $"{v.Id}: {v.Help}")));
            await context.CloseAsync();
        }

        var desktop = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { Locale = "ja-JP" });
        await desktop.GotoAsync(baseUrl + "/admin/login");
        await desktop.GetByLabel("ユーザー名").FillAsync("admin");
        await desktop.GetByLabel("パスワード").FillAsync(CmsApplication.AdminPassword);
        await desktop.GetByRole(AriaRole.Button, new() { Name = "ログイン" }).ClickAsync();
        await desktop.GetByRole(AriaRole.Button, new() { Name = "新しいアドレスを使う" }).First.ClickAsync();
        await Assertions.Expect(desktop.GetByRole(AriaRole.Status)).ToContainTextAsync("下書きを作成しました");
        await BrowserFixture.ScreenshotAsync(desktop, "links-dashboard-after-use-new-address");
        await desktop.CloseAsync();
    }
}
