using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace NetTroubleCms.BrowserTests;

/// <summary>axe on every public page type in every language, plus the same-origin rule and reflow at 320 CSS pixels.</summary>
[Collection(PublicPagesCollection.Name)]
public sealed class SiteAccessibilityTests(BrowserFixture fixture)
{
    private static readonly (string Name, string Path)[] PageTypes =
    [
        ("home", ""),
        ("guide-start", "/guide"),
        ("guide-step", "/guide/trouble/consult"),
        ("result", "/guide/trouble/consult/damages"),
        ("compare", "/guide/trouble/consult/delete"),
        ("result-police", "/guide/trouble/consult/danger"),
        ("chart", "/chart"),
        ("chart-situation", "/chart/trouble"),
        ("directory", "/agencies"),
        ("agency", "/agencies/jinken"),
        ("print", "/print"),
        ("not-found", "/no-such-page"),
    ];

    private static readonly (string Name, string Prefix, string Lang)[] Languages = [("ja", "", "ja"), ("en", "/en", "en"), ("easy", "/easy", "ja")];

    /// <summary>Every page type in every language.</summary>
    public static TheoryData<string, string, string> Pages()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (language, prefix, lang) in Languages)
        {
            foreach (var (name, path) in PageTypes)
            {
                data.Add($"{language}-{name}", (prefix + path) is { Length: > 0 } p ? p : "/", lang);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task PageHasNoAxeViolationsOneH1AndNoThirdPartyRequests(string name, string path, string lang)
    {
        var page = await fixture.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);

        var response = await page.GotoAsync(fixture.BaseUrl + path);
        var results = await page.RunAxe();
        var htmlLang = await page.GetAttributeAsync("html", "lang");
        var h1Count = await page.Locator("h1").CountAsync();
        await BrowserFixture.ScreenshotAsync(page, "axe-" + name);
        await page.Context.CloseAsync();

        Assert.Equal(name.EndsWith("not-found", StringComparison.Ordinal) ? 404 : 200, response!.Status);
        Assert.Equal(lang, htmlLang);
        Assert.Equal(1, h1Count);
        Assert.All(requests, url => Assert.StartsWith(fixture.BaseUrl + "/", url, StringComparison.Ordinal));
        Assert.True(results.Violations.Length == 0, string.Join("\n", results.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(" | ", v.Nodes.Select(n => n.Html))})")));
    }

    [Fact]
    public async Task EveryPageTypeReflowsAt320CssPixelsWithoutHorizontalScrolling()
    {
        var page = await fixture.NewPageAsync(new BrowserNewContextOptions { Locale = "ja-JP", ViewportSize = new ViewportSize { Width = 320, Height = 640 } });
        var overflowing = new List<string>();

        foreach (var (_, prefix, _) in Languages)
        {
            foreach (var (name, path) in PageTypes)
            {
                await page.GotoAsync(fixture.BaseUrl + prefix + path);
                var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
                if (width > 320)
                {
                    overflowing.Add($"{prefix}{path} ({name}): {width}px");
                }
            }
        }

        await BrowserFixture.ScreenshotAsync(page, "reflow-320-easy-not-found");
        await page.Context.CloseAsync();

        Assert.Empty(overflowing);
    }

    [Fact]
    public async Task PrintViewLaysTheGuideOutOnA4WithAQrCode()
    {
        // A4 at 96 dpi, so the print-media screenshot shows the sheet as printed.
        var page = await fixture.NewPageAsync(new BrowserNewContextOptions { Locale = "ja-JP", ViewportSize = new ViewportSize { Width = 794, Height = 1123 } });

        await page.GotoAsync(fixture.BaseUrl + "/print");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        var navHidden = await page.Locator(".site-nav").IsHiddenAsync();
        var qr = await page.Locator("svg.qr").BoundingBoxAsync();
        await BrowserFixture.ScreenshotAsync(page, "print-media");
        var pdf = await page.PdfAsync(new PagePdfOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "print-media.pdf"), PreferCSSPageSize = true });
        await page.Context.CloseAsync();

        Assert.True(navHidden);
        Assert.NotNull(qr);
        Assert.True(qr.Width >= 75, $"QR code is {qr.Width}px wide (at least 20 mm)");
        Assert.True(pdf.Length > 10_000);
    }
}
