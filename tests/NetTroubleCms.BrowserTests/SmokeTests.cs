using Deque.AxeCore.Playwright;

namespace NetTroubleCms.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class SmokeTests(BrowserFixture fixture)
{
    [Fact]
    public async Task HomePageRendersInChromiumWithoutAccessibilityViolations()
    {
        var page = await fixture.NewPageAsync();

        var response = await page.GotoAsync(fixture.BaseUrl + "/");
        var results = await page.RunAxe();
        await BrowserFixture.ScreenshotAsync(page, "home");

        Assert.Equal(200, response!.Status);
        Assert.Equal("ネットのトラブル、一人で悩んでいませんか？", await page.Locator("h1").InnerTextAsync());
        Assert.True(results.Violations.Length == 0, string.Join("\n", results.Violations.Select(v => $"{v.Id}: {v.Help} ({v.Nodes.Length})")));
    }
}
