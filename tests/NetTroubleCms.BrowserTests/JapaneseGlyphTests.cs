namespace NetTroubleCms.BrowserTests;

/// <summary>
/// Without a Japanese font chromium draws every kanji as the same empty box, and screenshots show blank rectangles.
/// Each character is drawn alone in the page's own font stack, and the pictures are compared: two different kanji must
/// look different from each other and from a private-use character, which no font here draws (the "missing glyph" box).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class JapaneseGlyphTests(BrowserFixture fixture)
{
    [Fact]
    public async Task KanjiRenderAsGlyphsNotAsMissingGlyphBoxes()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.BaseUrl + "/");
        await page.EvaluateAsync("""
            () => {
              const cells = { sou: '相', dan: '談', box: '\uE000' };
              for (const [id, text] of Object.entries(cells)) {
                const cell = document.createElement('span');
                cell.id = 'glyph-' + id;
                cell.textContent = text;
                // Same box for every cell so the pictures differ only by the glyph; font-family is the page's own.
                Object.assign(cell.style, { display: 'inline-block', width: '64px', height: '64px', fontSize: '48px',
                  lineHeight: '64px', textAlign: 'center', color: '#000', background: '#fff', overflow: 'hidden' });
                document.querySelector('h1').after(cell);
              }
            }
            """);

        var sou = await page.Locator("#glyph-sou").ScreenshotAsync();
        var dan = await page.Locator("#glyph-dan").ScreenshotAsync();
        var box = await page.Locator("#glyph-box").ScreenshotAsync();
        await BrowserFixture.ScreenshotAsync(page, "japanese-glyphs");

        Assert.False(sou.AsSpan().SequenceEqual(box), "「相」 is drawn as the missing-glyph box: install a Japanese font (fonts-noto-cjk)");
        Assert.False(dan.AsSpan().SequenceEqual(box), "「談」 is drawn as the missing-glyph box: install a Japanese font (fonts-noto-cjk)");
        Assert.False(sou.AsSpan().SequenceEqual(dan), "「相」 and 「談」 look the same: both are placeholder boxes");
    }
}
