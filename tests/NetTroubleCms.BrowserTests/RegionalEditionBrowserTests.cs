using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NetTroubleCms.Content.Editions;
using NetTroubleCms.Content.Recipes;
using NetTroubleCms.Web.Tests;
using NetTroubleCms.Web.Tests.Editions;

namespace NetTroubleCms.BrowserTests;

/// <summary>A regional edition in a real browser: the local desk sits under the police result, marked as local.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RegionalEditionBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_local_desk_appears_under_the_police_result_marked_as_local()
    {
        await using var app = new CmsApplication().With("Cms:SeedRecipe", "no-seed-for-edition-tests.recipe.json");
        app.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        app.StartServer();
        var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        var v1 = EditionSamples.BaseV1();
        await app.InScopeAsync(sp => sp.GetRequiredService<EditionService>().ImportBaseAsync(v1.ToJsonString(), null, "sample"));
        await app.InScopeAsync(sp => sp.GetRequiredService<RecipeExecutor>().ImportAsync(EditionSamples.Layer(v1).ToJsonString(), null));

        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "ja-JP", ViewportSize = new() { Width = 360, Height = 640 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(baseUrl + "/" + EditionSamples.PoliceResultPath);

        var local = page.Locator("article.agency", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = EditionSamples.LocalCyberDeskTitle }) });
        await Assertions.Expect(local).ToHaveCountAsync(1);
        await Assertions.Expect(local.Locator(".local-mark")).ToHaveTextAsync("地域の窓口");
        await Assertions.Expect(local.Locator(".local-mark")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("article.agency .local-mark")).ToHaveCountAsync(1);
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the result page scrolls sideways");
        var axe = await page.RunAxe();
        await BrowserFixture.ScreenshotAsync(page, "regional-edition-police-result-360");
        Assert.True(axe.Violations.Length == 0, string.Join("\n", axe.Violations.Select(v => $"{v.Id}: {v.Help}")));
        await context.CloseAsync();
    }
}
