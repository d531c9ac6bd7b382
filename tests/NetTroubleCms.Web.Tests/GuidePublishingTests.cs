using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Storage;

namespace NetTroubleCms.Web.Tests;

/// <summary>Tests that change content: each gets its own app and database.</summary>
public sealed class GuidePublishingTests : IDisposable
{
    private const string JinkenJa = "cnc5jawtfv0ss958ddj6wbzqtx";
    private const string JinkenEn = "1g5rs1pk4zkgxzffw65efbxmk0";

    private readonly CmsApplication _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task DraftChangesAndDraftItemsNeverReachThePublicSite()
    {
        var client = _app.CreateClient();
        await client.GetStringWithStatusAsync("/agencies/jinken");

        var results = await _app.InScopeAsync(async sp =>
        {
            var content = sp.GetRequiredService<ContentManager>();
            var draft = (await content.GetAsync(JinkenJa, VersionFilter.Latest))!;
            draft.DisplayText = "下書きの名前";
            draft.GetOrCreatePart("TitlePart")["Title"] = "下書きの名前";
            var saved = await content.SaveDraftAsync(draft);
            var fresh = content.New("Agency");
            fresh.DisplayText = "下書きだけの窓口";
            fresh.GetOrCreatePart("TitlePart")["Title"] = "下書きだけの窓口";
            fresh.GetOrCreatePart("AutoroutePart")["Path"] = "agencies/draft-only";
            var created = await content.CreateAsync(fresh, publish: false);
            return (saved, created);
        });
        var (status, page) = await client.GetStringWithStatusAsync("/agencies/jinken");
        var (_, directory) = await client.GetStringWithStatusAsync("/agencies");
        var (draftStatus, _) = await client.GetStringWithStatusAsync("/agencies/draft-only");
        var (_, sitemap) = await client.GetStringWithStatusAsync("/sitemap.xml");

        Assert.True(results.saved.Succeeded, string.Join(", ", results.saved.Errors));
        Assert.True(results.created.Succeeded, string.Join(", ", results.created.Errors));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<h1>人権相談</h1>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("下書き", page, StringComparison.Ordinal);
        Assert.DoesNotContain("下書き", directory, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, draftStatus);
        Assert.DoesNotContain("draft-only", sitemap, StringComparison.Ordinal);
        Assert.Contains("/agencies/jinken</loc>", sitemap, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingEnglishTranslationFallsBackToJapaneseAndSaysSo()
    {
        var client = _app.CreateClient();

        var unpublished = await _app.InScopeAsync(sp => sp.GetRequiredService<ContentManager>().UnpublishAsync(JinkenEn));
        var (resultStatus, result) = await client.GetStringWithStatusAsync("/en/guide/trouble/consult/delete/human-rights");
        var (agencyStatus, agency) = await client.GetStringWithStatusAsync("/en/agencies/jinken");
        var (_, japanese) = await client.GetStringWithStatusAsync("/agencies/jinken");
        var (_, sitemap) = await client.GetStringWithStatusAsync("/sitemap.xml");
        var (_, other) = await client.GetStringWithStatusAsync("/en/agencies/safe-line");

        Assert.True(unpublished.Succeeded);
        Assert.Equal(HttpStatusCode.OK, resultStatus);
        Assert.Contains("<html lang=\"en\">", result, StringComparison.Ordinal);
        Assert.Contains("I want to consult an organisation specialising in human-rights issues", result, StringComparison.Ordinal);
        // The result's own agency list prefixes its ids with "r", so they stay unique beside answers compared in place;
        // English pages also wrap each Japanese run in its own lang="ja" span, which inside a Japanese element changes nothing.
        Assert.Matches("id=\"agency-r" + JinkenJa + "\" lang=\"ja\">(<span lang=\"ja\">)?人権相談", result);
        Assert.Matches("lang=\"ja\">(<span lang=\"ja\">)?相談者自身で行う削除依頼の方法などの助言に加え", result);
        Assert.Contains("class=\"fallback-notice\" role=\"note\">Part of this page has not been translated yet and is shown in Japanese.", result, StringComparison.Ordinal);
        Assert.Contains("href=\"/en/agencies/jinken\"", result, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, agencyStatus);
        Assert.Contains("<html lang=\"en\">", agency, StringComparison.Ordinal);
        Assert.Matches("<h1 lang=\"ja\">(<span lang=\"ja\">人権相談</span>|人権相談)</h1>", agency);
        Assert.Contains("class=\"fallback-notice\"", agency, StringComparison.Ordinal);
        Assert.Contains("How to contact", agency, StringComparison.Ordinal);

        Assert.DoesNotContain("hreflang=\"en\" href=\"http", japanese, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/en/agencies/jinken\" lang=\"en\" hreflang=\"en\">English</a>", japanese, StringComparison.Ordinal);
        Assert.DoesNotContain("/en/agencies/jinken</loc>", sitemap, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"fallback-notice\"", other, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingEasyJapaneseGuideTextsFallBackAndSaySo()
    {
        var client = _app.CreateClient();
        var easyGuide = GuideSeed.Items("Guide", "ja-x-easy").Single()["ContentItemId"]!.ToString();

        await _app.InScopeAsync(sp => sp.GetRequiredService<ContentManager>().UnpublishAsync(easyGuide));
        var (status, html) = await client.GetStringWithStatusAsync("/easy");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<h1 lang=\"ja\">ネットのトラブル、一人で悩んでいませんか？</h1>", html, StringComparison.Ordinal);
        Assert.Contains("まだやさしい日本語になっていません", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfiguredPublicBaseUrlIsUsedForCanonicalSitemapAndQrCode()
    {
        using var app = new CmsApplication().With("Cms:PublicBaseUrl", "https://guide.example.org/");
        var client = app.CreateClient();

        var (_, agency) = await client.GetStringWithStatusAsync("/agencies/jinken");
        var (_, sitemap) = await client.GetStringWithStatusAsync("/sitemap.xml");
        var (_, print) = await client.GetStringWithStatusAsync("/en/print");

        Assert.Contains("<link rel=\"canonical\" href=\"https://guide.example.org/agencies/jinken\">", agency, StringComparison.Ordinal);
        Assert.Contains("<loc>https://guide.example.org/easy/chart</loc>", sitemap, StringComparison.Ordinal);
        Assert.Contains("<svg class=\"qr\"", print, StringComparison.Ordinal);
        Assert.Contains("https://guide.example.org/en", print, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishedEditsAppearAtOnce()
    {
        var client = _app.CreateClient();
        await client.GetStringWithStatusAsync("/agencies/safe-line");

        var result = await _app.InScopeAsync(async sp =>
        {
            var content = sp.GetRequiredService<ContentManager>();
            var item = (await content.GetAsync("zaykwgp96v3kykgjqtm2q8bpmb", VersionFilter.Latest))!;
            item.GetOrCreatePart("Agency")["Badge"] = new JsonObject { ["Text"] = "新しいバッジ" };
            return await content.SaveAndPublishAsync(item);
        });
        var (_, html) = await client.GetStringWithStatusAsync("/agencies/safe-line");

        Assert.True(result.Succeeded);
        Assert.Contains("新しいバッジ", html, StringComparison.Ordinal);
    }
}
