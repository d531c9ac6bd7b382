using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Recipes;
using NetTroubleCms.Content.Storage;

namespace NetTroubleCms.Web.Tests;

/// <summary>
/// A fact lives once, on the Japanese original of its LocalizationSet: one correction reaches every language, page and
/// reader, and translations carry words only.
/// </summary>
public sealed partial class TranslationFactsTests : IDisposable
{
    private const string OldPhone = "0570-078374";
    private const string NewPhone = "0570-079714";
    private readonly CmsApplication _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task OnePhoneCorrectionReachesEveryLanguagePageAndReaderWithoutEditingTheTranslations()
    {
        using var admin = await AdminClient.SignInAsync(_app);
        var id = await AdminData.IdByPathAsync(_app, "agencies/houterasu");
        var english = await AdminData.IdByPathAsync(_app, "en/agencies/houterasu");
        var easy = await AdminData.IdByPathAsync(_app, "easy/agencies/houterasu");
        var page = await admin.GetPageAsync($"/admin/contents/{id}/edit");
        using var saved = await admin.SaveAsync(id, "publish", new() { [AdminData.InputHolding(page, OldPhone)] = NewPhone }, page);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        string[] readers =
        [
            "/agencies/houterasu", "/en/agencies/houterasu", "/easy/agencies/houterasu",
            "/guide/trouble/consult/unsure", "/en/guide/trouble/consult/unsure", "/easy/guide/trouble/consult/unsure",
            "/chart", "/en/chart", "/easy/chart", "/print", "/en/print",
            "/api/v1/agencies?pageSize=100", "/api/v1/agencies?pageSize=100&culture=en", "/api/v1/agencies?pageSize=100&culture=ja-x-easy",
            "/api/v1/guide?culture=en", "/api/v1/opendata/hsds.json", "/api/v1/opendata/agencies.csv", "/api/v1/opendata/channels.csv?culture=en",
            "/api/v1/opendata/recipe.json",
            "/api/graphql?query=" + Uri.EscapeDataString("{ agency(first: 100) { displayText channels { contentItems { ... on Channel { value } } } } }"),
        ];
        foreach (var url in readers)
        {
            using var response = await admin.Http.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {response.StatusCode} {body[..Math.Min(300, body.Length)]}");
            var digits = Digits().Replace(WebUtility.HtmlDecode(body), "");
            Assert.True(digits.Contains("0570079714", StringComparison.Ordinal), $"{url} does not show the new number");
            Assert.False(digits.Contains("0570078374", StringComparison.Ordinal), $"{url} still shows the old number");
        }

        // The correction was made once: the English and easy-Japanese items were not edited.
        var versions = await _app.InScopeAsync(async sp =>
        {
            var manager = sp.GetRequiredService<ContentManager>();
            return ((await manager.GetVersionsAsync(english)).Count, (await manager.GetVersionsAsync(easy)).Count);
        });
        Assert.Equal((1, 1), versions);
    }

    [Fact]
    public async Task APhoneCorrectedOnTheEnglishItemIsWrittenOnceForTheWholeSet()
    {
        using var admin = await AdminClient.SignInAsync(_app);
        var english = await AdminData.IdByPathAsync(_app, "en/agencies/houterasu");
        var page = await admin.GetPageAsync($"/admin/contents/{english}/edit");
        Assert.Contains("全言語で共通", page.Body!.TextContent, StringComparison.Ordinal);
        using var saved = await admin.SaveAsync(english, "publish", new() { [AdminData.InputHolding(page, OldPhone)] = NewPhone }, page);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        foreach (var url in new[] { "/agencies/houterasu", "/easy/agencies/houterasu", "/en/agencies/houterasu" })
        {
            var digits = Digits().Replace(await admin.Http.GetStringAsync(url), "");
            Assert.Contains("0570079714", digits, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnAgencyAttachedOnceAppearsInTheGuideOfEveryLanguage()
    {
        const string Name = "見本の相談窓口（テスト用）";
        var set = IdGenerator.NewId();
        await _app.InScopeAsync(async sp =>
        {
            var manager = sp.GetRequiredService<ContentManager>();
            var agency = manager.New("Agency");
            agency.Content["TitlePart"] = new JsonObject { ["Title"] = Name };
            agency.Content["AutoroutePart"] = new JsonObject { ["Path"] = "agencies/sample-desk" };
            agency.Content["LocalizationPart"] = new JsonObject { ["LocalizationSet"] = set, ["Culture"] = "ja-JP" };
            var created = await manager.CreateAsync(agency, publish: true);
            Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Message)));
            return created;
        });

        using var admin = await AdminClient.SignInAsync(_app);
        var node = await AdminData.IdByPathAsync(_app, "guide/trouble/consult/damages");
        var tree = await admin.GetPageAsync("/admin/tree");
        // The picker offers each agency once (one option per LocalizationSet), not once per language.
        var options = tree.QuerySelector($"select#agency-{node}")!.QuerySelectorAll("option").Select(o => o.TextContent).ToList();
        Assert.Equal(options.Count, options.Distinct().Count());
        Assert.Equal(9, options.Count);
        var form = tree.QuerySelectorAll("form").First(f => f.QuerySelector($"input[name='nodeId'][value='{node}']") is not null
            && (f.GetAttribute("action") ?? "").Contains("AttachAgency", StringComparison.Ordinal));
        using var attached = await admin.SubmitAsync(tree, form, new() { ["agencyId"] = set });
        Assert.Equal(HttpStatusCode.Redirect, attached.StatusCode);
        await _app.InScopeAsync(sp => sp.GetRequiredService<ContentManager>().PublishAsync(node));

        foreach (var url in new[] { "/guide/trouble/consult/damages", "/en/guide/trouble/consult/damages", "/easy/guide/trouble/consult/damages", "/chart", "/en/chart", "/easy/chart" })
        {
            Assert.Contains(GuideSeed.Html(Name), await admin.Http.GetStringAsync(url), StringComparison.Ordinal);
        }

        var guide = await admin.Http.GetStringAsync("/api/v1/guide?culture=en");
        Assert.Contains(Name, guide, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditingTheJapaneseWordsMarksTranslationsOutOfDateUntilTheyAreSaved()
    {
        using var admin = await AdminClient.SignInAsync(_app);
        var id = await AdminData.IdByPathAsync(_app, "agencies/houterasu");
        var english = await AdminData.IdByPathAsync(_app, "en/agencies/houterasu");
        Assert.DoesNotContain("houterasu", await StaleListAsync(admin), StringComparison.Ordinal);

        // An English edit marks nothing.
        const string EnglishTagline = "A “general information desk” for resolving legal trouble";
        var enPage = await admin.GetPageAsync($"/admin/contents/{english}/edit");
        using (await admin.SaveAsync(english, "publish", new() { [AdminData.InputHolding(enPage, EnglishTagline)] = EnglishTagline + " (updated)" }, enPage))
        {
        }

        Assert.Empty(Regex.Matches(await StaleListAsync(admin), "/admin/contents/"));

        // A Japanese edit marks English and easy Japanese.
        const string JapaneseTagline = "法的トラブル解決のための「総合案内所」";
        var page = await admin.GetPageAsync($"/admin/contents/{id}/edit");
        using (await admin.SaveAsync(id, "publish", new() { [AdminData.InputHolding(page, JapaneseTagline)] = JapaneseTagline + "（改）" }, page))
        {
        }

        var stale = await StaleListAsync(admin);
        Assert.Contains(english, stale, StringComparison.Ordinal);
        Assert.Contains(await AdminData.IdByPathAsync(_app, "easy/agencies/houterasu"), stale, StringComparison.Ordinal);
        var api = JsonNode.Parse(await admin.Http.GetStringAsync("/api/v1/agencies?pageSize=100&culture=en"))!;
        Assert.True(api["items"]!.AsArray().Single(a => a!["id"]!.ToString() == english)!["translationOutOfDate"]!.GetValue<bool>());

        // Saving the English translation brings it up to date.
        using (await admin.SaveAsync(english, "publish", []))
        {
        }

        stale = await StaleListAsync(admin);
        Assert.DoesNotContain(english, stale, StringComparison.Ordinal);
        api = JsonNode.Parse(await admin.Http.GetStringAsync("/api/v1/agencies?pageSize=100&culture=en"))!;
        Assert.False(api["items"]!.AsArray().Single(a => a!["id"]!.ToString() == english)!["translationOutOfDate"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ARecipeWhoseLanguageCopiesDisagreeIsReportedAndChangesNothing()
    {
        var recipe = await _app.InScopeAsync(sp => sp.GetRequiredService<RecipeExporter>().ExportAsync(new RecipeExportRequest()));
        var items = recipe["steps"]!.AsArray().Single(s => s!["name"]!.ToString() == "Content")!["data"]!.AsArray();
        var english = items.Single(i => i!["AutoroutePart"]?["Path"]?.ToString() == "en/agencies/houterasu")!;
        var phone = english["Channels"]!["ContentItems"]!.AsArray().Single(c => c!["Channel"]!["Value"]!["Text"]!.ToString() == OldPhone)!;
        phone["Channel"]!["Value"]!["Text"] = NewPhone;
        var before = (await _app.InScopeAsync(sp => sp.GetRequiredService<RecipeExporter>().ExportAsync(new RecipeExportRequest()))).ToJsonString();

        var ex = await Assert.ThrowsAsync<RecipeException>(() => _app.InScopeAsync(sp => sp.GetRequiredService<RecipeExecutor>().ImportAsync(recipe.ToJsonString(), null)));
        Assert.Contains(english["ContentItemId"]!.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.Contains("連絡先", ex.Message, StringComparison.Ordinal);
        Assert.Contains(OldPhone, ex.Message, StringComparison.Ordinal);
        Assert.Contains(NewPhone, ex.Message, StringComparison.Ordinal);
        var after = (await _app.InScopeAsync(sp => sp.GetRequiredService<RecipeExporter>().ExportAsync(new RecipeExportRequest()))).ToJsonString();
        Assert.Equal(before, after);

        // Told that the translation wins, the import goes through (the engine test checks the original takes the value).
        var applied = await _app.InScopeAsync(sp => sp.GetRequiredService<RecipeExecutor>().ImportAsync(recipe.ToJsonString(), null, translationConflicts: TranslationConflictPolicy.TranslationWins));
        Assert.True(applied.Updated >= 1);
        using var client = _app.CreateClient();
        foreach (var url in new[] { "/agencies/houterasu", "/en/agencies/houterasu", "/easy/agencies/houterasu", "/api/v1/agencies?pageSize=100&culture=ja-x-easy" })
        {
            var digits = Digits().Replace(WebUtility.HtmlDecode(await client.GetStringAsync(url)), "");
            Assert.True(digits.Contains("0570079714", StringComparison.Ordinal), $"{url} does not show the number the translation brought");
            Assert.False(digits.Contains("0570078374", StringComparison.Ordinal), $"{url} still shows the old number");
        }
    }

    [Fact]
    public async Task PreviewIsThePublicPageApartFromThePreviewBar()
    {
        using var admin = await AdminClient.SignInAsync(_app);
        foreach (var path in new[] { "agencies/houterasu", "en/agencies/houterasu", "guide/trouble/consult/delete", "en/guide/trouble/consult/delete" })
        {
            var id = await AdminData.IdByPathAsync(_app, path);
            var preview = await admin.Http.GetStringAsync($"/admin/contents/{id}/preview");
            var published = await admin.Http.GetStringAsync("/" + path);
            var withoutBar = PreviewBar().Replace(preview, "", 1);
            Assert.NotEqual(preview, withoutBar);
            Assert.Equal(published, withoutBar);
        }
    }

    [Fact]
    public async Task AOneFieldEditShowsOneDiffRowLabelledInJapanese()
    {
        using var admin = await AdminClient.SignInAsync(_app);
        var id = await AdminData.IdByPathAsync(_app, "agencies/houterasu");
        var page = await admin.GetPageAsync($"/admin/contents/{id}/edit");
        using (await admin.SaveAsync(id, "save", new() { [AdminData.InputHolding(page, OldPhone)] = NewPhone }, page))
        {
        }

        var history = await admin.GetPageAsync($"/admin/contents/{id}/history");
        var rows = history.QuerySelectorAll("table tbody tr").Where(r => r.QuerySelector("td.del") is not null).ToList();
        var row = Assert.Single(rows);
        Assert.Equal("連絡方法 2 › 連絡先", row.QuerySelector("th")!.TextContent.Trim());
    }

    private async Task<string> StaleListAsync(AdminClient admin)
    {
        IHtmlDocument dashboard = await admin.GetPageAsync("/admin");
        var heading = dashboard.QuerySelectorAll("h2").First(h => h.TextContent.Contains("古くなった翻訳", StringComparison.Ordinal));
        return heading.NextElementSibling!.OuterHtml + (heading.NextElementSibling.NextElementSibling?.OuterHtml ?? "");
    }

    [GeneratedRegex("[^0-9]")]
    private static partial Regex Digits();

    [GeneratedRegex("<div role=\"note\" class=\"preview-bar\">.*?</div>")]
    private static partial Regex PreviewBar();
}
