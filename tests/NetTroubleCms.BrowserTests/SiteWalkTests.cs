using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace NetTroubleCms.BrowserTests;

/// <summary>A frightened reader's path from the home page to the right help: by keyboard, without JavaScript, on a small phone.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class SiteWalkTests(BrowserFixture fixture)
{
    private static readonly string[] Walk = ["解決策について相談したい", "ネット上の書き込み・画像を削除したい", "人権問題の専門機関に相談したい"];

    [Fact]
    public async Task KeyboardOnlyWalkFromHomeReachesAResultPage()
    {
        var page = await fixture.NewPageAsync();

        await WalkByKeyboardAsync(page, "keyboard");
        var (outline, width) = await FocusRingAsync(page);
        await page.Context.CloseAsync();

        Assert.Equal("solid", outline);
        Assert.True(width >= 2, $"focus outline is {width}px");
    }

    [Fact]
    public async Task KeyboardWalkWorksWithJavaScriptDisabled()
    {
        var page = await fixture.NewPageAsync(new BrowserNewContextOptions { Locale = "ja-JP", JavaScriptEnabled = false });

        await WalkByKeyboardAsync(page, "no-js");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SmallPhoneWalkHasLargeTargetsAndNoSideScrolling()
    {
        var page = await fixture.NewPageAsync(new BrowserNewContextOptions
        {
            Locale = "ja-JP",
            ViewportSize = new ViewportSize { Width = 360, Height = 640 },
            IsMobile = true,
            HasTouch = true,
        });

        await page.GotoAsync(fixture.BaseUrl + "/");
        var call = await page.Locator(".emergency a.call").First.BoundingBoxAsync();
        await BrowserFixture.ScreenshotAsync(page, "phone-1-home");
        var step = 2;
        foreach (var choice in new[] { "解決策について相談したい", "ネット上の書き込み・画像を削除したい" })
        {
            var link = page.Locator("main section:not(.shortcuts) a.choice", new PageLocatorOptions { HasText = choice }).First;
            var box = await link.BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.Height >= 44 && box.Width >= 44, $"{choice}: {box.Width}x{box.Height}");
            var href = await link.GetAttributeAsync("href");
            var arrived = page.WaitForURLAsync(url => url.EndsWith(href!, StringComparison.Ordinal), new PageWaitForURLOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
            await link.TapAsync();
            await arrived;
            Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 360);
            await BrowserFixture.ScreenshotAsync(page, $"phone-{step++}");
        }

        var answer = page.Locator("summary.choice", new PageLocatorOptions { HasText = "人権問題の専門機関に相談したい" });
        var answerBox = await answer.BoundingBoxAsync();
        await answer.TapAsync();
        await BrowserFixture.ScreenshotAsync(page, $"phone-{step}-opened");
        var heading = await page.Locator("h1").InnerTextAsync();
        var agency = await page.Locator("details[open] .agency-name").InnerTextAsync();
        await page.Context.CloseAsync();

        Assert.NotNull(call);
        Assert.True(call.Y + call.Height <= 640, "the 110 call link is on the first screen");
        Assert.True(call.Height >= 44);
        Assert.True(answerBox is { Height: >= 44 }, "the answer is a large target");
        Assert.Equal("ネット上の書き込み・画像を削除したい", heading);
        Assert.Contains("人権相談", agency, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SkipLinkMovesFocusToTheMainContent()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.BaseUrl + "/en/chart");

        await page.Keyboard.PressAsync("Tab");
        var first = await page.Locator(":focus").InnerTextAsync();
        await page.Keyboard.PressAsync("Enter");
        var focusedId = await page.Locator(":focus").GetAttributeAsync("id");
        await page.Context.CloseAsync();

        Assert.Equal("Skip to main content", first);
        Assert.Equal("main", focusedId);
    }

    private async Task WalkByKeyboardAsync(IPage page, string name)
    {
        await page.GotoAsync(fixture.BaseUrl + "/");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("本文へ移動", (await page.Locator(":focus").InnerTextAsync()).Trim());

        var step = 1;
        foreach (var choice in Walk)
        {
            await TabToAsync(page, choice);
            await BrowserFixture.ScreenshotAsync(page, $"{name}-{step++}");
            if (await page.Locator(":focus").EvaluateAsync<string>("e => e.tagName") == "SUMMARY")
            {
                // An answer that ends at agencies opens in place; its own page is one more link away.
                await page.Keyboard.PressAsync("Enter");
                Assert.Equal(1, await page.Locator("details[open]").CountAsync());
                await TabToAsync(page, "この答えだけのページを開く");
            }

            await FollowFocusedLinkAsync(page);
            Assert.Equal(choice, (await page.Locator("h1").InnerTextAsync()).Trim());
        }

        await BrowserFixture.ScreenshotAsync(page, $"{name}-result");
        Assert.Equal("相談先", (await page.Locator("#result-heading").InnerTextAsync()).Trim());
        Assert.Contains("人権相談", await page.Locator(".result .agency-name").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator(".result a[href='tel:0570003110']").CountAsync());

        await TabToAsync(page, "一つ前に戻る");
        await FollowFocusedLinkAsync(page);
        Assert.Matches(DeletePage(), page.Url);
        Assert.Equal(Walk[1], (await page.Locator("h1").InnerTextAsync()).Trim());
    }

    // Presses Enter on the focused link and waits until its target has loaded (the waiter starts first: no race).
    private static async Task FollowFocusedLinkAsync(IPage page)
    {
        var href = await page.Locator(":focus").GetAttributeAsync("href");
        var arrived = page.WaitForURLAsync(url => url.EndsWith(href!, StringComparison.Ordinal), new PageWaitForURLOptions { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 10_000 });
        await page.Keyboard.PressAsync("Enter");
        try
        {
            await arrived;
        }
        catch (TimeoutException)
        {
            await BrowserFixture.ScreenshotAsync(page, "walk-timeout");
            var focused = await page.Locator(":focus").CountAsync() == 1 ? await page.Locator(":focus").EvaluateAsync<string>("e => e.outerHTML") : "(nothing)";
            Assert.Fail($"Enter on {href} did not navigate; at {page.Url}, focus on {focused}");
        }
    }

    // Presses Tab until the focused element's text contains `text`; only the keyboard moves focus.
    private static async Task TabToAsync(IPage page, string text)
    {
        for (var i = 0; i < 60; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = page.Locator(":focus");
            if (await focused.CountAsync() == 1 && (await focused.InnerTextAsync()).Contains(text, StringComparison.Ordinal))
            {
                return;
            }
        }

        Assert.Fail($"'{text}' was not reached with the Tab key.");
    }

    private static async Task<(string Style, double Width)> FocusRingAsync(IPage page)
    {
        await TabToAsync(page, "最初からやり直す");
        var style = await page.Locator(":focus").EvaluateAsync<string>("e => getComputedStyle(e).outlineStyle");
        var width = await page.Locator(":focus").EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).outlineWidth)");
        await BrowserFixture.ScreenshotAsync(page, "keyboard-focus-ring");
        return (style, width);
    }

    [GeneratedRegex("/guide/trouble/consult/delete(\\?|$)")]
    private static partial Regex DeletePage();
}
