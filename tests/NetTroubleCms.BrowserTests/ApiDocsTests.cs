namespace NetTroubleCms.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class ApiDocsTests(BrowserFixture fixture)
{
    [Fact]
    public async Task InteractiveApiReferenceRendersTheDocumentFromOurOwnServerOnly()
    {
        var page = await fixture.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);

        var response = await page.GotoAsync(fixture.BaseUrl + "/api/docs", new() { WaitUntil = Microsoft.Playwright.WaitUntilState.NetworkIdle });
        // The reference lists the documented operations once it has loaded the OpenAPI document.
        await page.GetByText("/api/v1/guide").First.WaitForAsync(new() { Timeout = 30_000 });
        await BrowserFixture.ScreenshotAsync(page, "api-docs");
        await page.Context.CloseAsync();

        Assert.Equal(200, response!.Status);
        Assert.Contains(requests, url => url.StartsWith(fixture.BaseUrl + "/openapi/v1.json", StringComparison.Ordinal));
        Assert.All(requests, url => Assert.True(
            url.StartsWith(fixture.BaseUrl + "/", StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal),
            $"request left the site: {url}"));
    }
}
