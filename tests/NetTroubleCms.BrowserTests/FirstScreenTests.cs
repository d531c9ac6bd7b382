using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace NetTroubleCms.BrowserTests;

/// <summary>
/// The frightened reader on a small phone: after every tap the page's heading and its first answer (a choice or an
/// agency) are on the first screen, in every language; the leaflet's four situations end where the leaflet says.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class FirstScreenTests(BrowserFixture fixture, ITestOutputHelper output)
{
    /// <summary>Limit for the top of <c>&lt;h1&gt;</c> on every page after home.</summary>
    private const double MaxHeadingTop = 200;

    // Page types after home, with the selector of their first answer (what the reader came for).
    private static readonly (string Name, string Path, string FirstAnswer)[] PageTypes =
    [
        ("guide-start", "/guide", ".choices .choice"),
        ("step", "/guide/trouble/consult", ".choices .choice"),
        ("compare", "/guide/trouble/consult/delete", ".choices .choice"),
        ("result", "/guide/trouble/consult/damages", ".result .agency"),
        ("result-police", "/guide/trouble/consult/danger", ".result .agency"),
        ("result-long-question", "/guide/found-illegal/report-illegal", ".result .agency"),
        ("chart", "/chart", ".tree .tree-node"),
        ("directory", "/agencies", ".agency-list .agency"),
        ("agency", "/agencies/jinken", ".channels .channel"),
        ("print", "/print", ".tree .tree-node"),
    ];

    private static readonly (string Name, string Prefix)[] Languages = [("ja", ""), ("en", "/en"), ("easy", "/easy")];

    /// <summary>Both small phones.</summary>
    public static TheoryData<int, int> Phones() => new() { { 360, 640 }, { 320, 568 } };

    [Theory]
    [MemberData(nameof(Phones))]
    public async Task HeadingAndFirstAnswerAreOnTheFirstScreenOfEveryPage(int width, int height)
    {
        var page = await fixture.NewPageAsync(Phone(width, height));
        var report = new StringBuilder();
        var failures = new List<string>();

        foreach (var (language, prefix) in Languages)
        {
            foreach (var (name, path, firstAnswer) in PageTypes)
            {
                await page.GotoAsync(fixture.BaseUrl + prefix + path);
                var heading = await TopAsync(page, "h1");
                var answer = await TopAsync(page, firstAnswer);
                report.AppendLine($"{width}x{height} {language,-4} {name,-22} h1 {heading,5:0} first answer {answer,5:0}");
                if (heading > MaxHeadingTop)
                {
                    failures.Add($"{language} {name}: h1 at {heading:0}px");
                }

                // The first answer's first line (44 px, a touch target) must be visible without scrolling.
                if (answer + 44 > height)
                {
                    failures.Add($"{language} {name}: first answer at {answer:0}px");
                }

                if (width == 360)
                {
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, $"first-screen-{language}-{name}.png") });
                }
            }
        }

        await page.Context.CloseAsync();
        output.WriteLine(report.ToString());
        await File.WriteAllTextAsync(Path.Combine(BrowserFixture.ArtifactsDirectory, $"first-screen-{width}x{height}.txt"), report.ToString());
        Assert.Empty(failures);
    }

    [Fact]
    public async Task ThreatenedPersonReachesBothPoliceNumbersAndTheDeskLinkInOneTap()
    {
        var page = await fixture.NewPageAsync(Phone(360, 640));
        await page.GotoAsync(fixture.BaseUrl + "/");
        var taps = 0;

        await TapAndWaitAsync(page, page.Locator(".shortcuts a.choice", new() { HasText = "身の危険を感じている・脅迫されている" }));
        taps++;
        await BrowserFixture.ScreenshotAsync(page, "threatened-result");

        var result = page.Locator(".result");
        Assert.True(taps <= 2);
        Assert.Equal("身の危険を感じている／脅迫されている・犯人の捜査、処罰を求めたい", (await page.Locator("h1").InnerTextAsync()).Trim());
        await AssertOnFirstScreenAsync(page, result.Locator(".result-calls a[href='tel:110']"), 640);
        await AssertOnFirstScreenAsync(page, result.Locator(".result-calls a[href='tel:%239110']"), 640);
        Assert.Equal(1, await result.Locator("a[href='http://www.npa.go.jp/cyber/soudan.html']").CountAsync());
        Assert.Contains("情報セキュリティ安心相談窓口", await result.Locator(".footnotes").InnerTextAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task InsultsWithAPhotoOnSnsCompareTheFourDeletionServicesOnOnePage()
    {
        var page = await fixture.NewPageAsync(Phone(360, 640));
        await page.GotoAsync(fixture.BaseUrl + "/");

        await TapAndWaitAsync(page, page.Locator(".shortcuts a.choice", new() { HasText = "書き込み・画像を削除したい" }));
        var answers = page.Locator("details.answer");
        var count = await answers.CountAsync();
        for (var i = 0; i < count; i++)
        {
            await answers.Nth(i).Locator("summary").TapAsync();
        }

        await BrowserFixture.ScreenshotAsync(page, "situation-insults-compare");
        var names = await page.Locator("details.answer[open] .agency-name").AllInnerTextsAsync();
        var text = await page.Locator("main").InnerTextAsync();
        await page.Context.CloseAsync();

        Assert.Equal(4, count);
        Assert.Collection(
            names,
            n => Assert.StartsWith("違法・有害情報相談センター", n, StringComparison.Ordinal),
            n => Assert.StartsWith("人権相談", n, StringComparison.Ordinal),
            n => Assert.StartsWith("誹謗中傷ホットライン", n, StringComparison.Ordinal),
            n => Assert.StartsWith("セーフライン", n, StringComparison.Ordinal));
        foreach (var contact in new[] { "www.ihaho.jp", "0570-003-110", "www.jinken.go.jp", "www.saferinternet.or.jp/bullying/", "www.safe-line.jp" })
        {
            Assert.Contains(contact, text, StringComparison.Ordinal);
        }

        Assert.Contains("学校や地方公共団体にある相談窓口", text, StringComparison.Ordinal);
        Assert.Contains("情報セキュリティ安心相談窓口", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DrugSalesFoundOnlineLeadToTheInternetHotlineCenterInOneTap()
    {
        var page = await fixture.NewPageAsync(Phone(360, 640));
        await page.GotoAsync(fixture.BaseUrl + "/");

        await TapAndWaitAsync(page, page.Locator(".start a.choice", new() { HasText = "違法薬物の販売情報" }));
        await BrowserFixture.ScreenshotAsync(page, "situation-drugs-result");
        var agency = page.Locator(".result .agency").First;

        Assert.StartsWith("インターネット・ホットラインセンター", await agency.Locator(".agency-name").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("サイトへの削除依頼", await agency.Locator(".badge").InnerTextAsync());
        Assert.Equal(1, await agency.Locator("a[href='http://www.internethotline.jp']").CountAsync());
        await AssertOnFirstScreenAsync(page, agency, 640);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ParentOfAChildWhoseDetailsLeakedFindsTheHumanRightsDeskAndTheSchoolNote()
    {
        var page = await fixture.NewPageAsync(Phone(360, 640));
        await page.GotoAsync(fixture.BaseUrl + "/");

        await TapAndWaitAsync(page, page.Locator(".start a.choice", new() { HasText = "解決策について相談したい" }));
        await TapAndWaitAsync(page, page.Locator("a.choice", new() { HasText = "ネット上の書き込み・画像を削除したい" }));
        var answer = page.Locator("details.answer", new() { HasText = "人権問題の専門機関に相談したい" });
        await answer.Locator("summary").TapAsync();
        await BrowserFixture.ScreenshotAsync(page, "situation-leak-human-rights");

        Assert.StartsWith("人権相談", await answer.Locator(".agency-name").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("削除要請・助言", await answer.Locator(".badge").InnerTextAsync());
        Assert.Equal(1, await answer.Locator("a[href='tel:0570003110']").CountAsync());
        Assert.Contains("学校や地方公共団体にある相談窓口", await answer.Locator(".footnotes").InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("情報セキュリティ安心相談窓口", await answer.InnerTextAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("")]
    [InlineData("/en")]
    [InlineData("/easy")]
    public async Task PrintViewFitsOneA4Sheet(string prefix)
    {
        // A4 at 96 dpi less the 12 mm margins, so the print-media screenshot shows the sheet as printed.
        var page = await fixture.NewPageAsync(new BrowserNewContextOptions { Locale = "ja-JP", ViewportSize = new ViewportSize { Width = 703, Height = 1032 } });
        await page.GotoAsync(fixture.BaseUrl + prefix + "/print");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await BrowserFixture.ScreenshotAsync(page, $"print-sheet{prefix.Replace('/', '-')}");

        var pdf = await page.PdfAsync(new PagePdfOptions { PreferCSSPageSize = true, PrintBackground = true });
        await File.WriteAllBytesAsync(Path.Combine(BrowserFixture.ArtifactsDirectory, $"print{prefix.Replace('/', '-')}.pdf"), pdf);
        await page.Context.CloseAsync();

        Assert.Equal(1, PdfPageCount().Count(Encoding.Latin1.GetString(pdf)));
    }

    private static BrowserNewContextOptions Phone(int width, int height) => new()
    {
        Locale = "ja-JP",
        ViewportSize = new ViewportSize { Width = width, Height = height },
        IsMobile = true,
        HasTouch = true,
    };

    private static async Task<double> TopAsync(IPage page, string selector)
    {
        var box = await page.Locator(selector).First.BoundingBoxAsync();
        Assert.True(box is not null, $"{page.Url}: {selector} not found");
        return box.Y;
    }

    private static async Task AssertOnFirstScreenAsync(IPage page, ILocator locator, int height)
    {
        var box = await locator.BoundingBoxAsync();
        Assert.True(box is not null && box.Y + Math.Min(box.Height, 44) <= height, $"{page.Url}: not on the first screen ({box?.Y})");
    }

    private static async Task TapAndWaitAsync(IPage page, ILocator link)
    {
        var href = await link.GetAttributeAsync("href");
        var arrived = page.WaitForURLAsync(url => url.EndsWith(href!, StringComparison.Ordinal), new PageWaitForURLOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
        await link.TapAsync();
        await arrived;
    }

    // Each page of a PDF is one "/Type /Page" object ("/Pages" is the tree above them).
    [GeneratedRegex(@"/Type\s*/Page(?![s\w])")]
    private static partial Regex PdfPageCount();
}
