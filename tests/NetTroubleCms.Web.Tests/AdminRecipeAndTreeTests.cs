using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Recipes;
using NetTroubleCms.Content.Storage;

namespace NetTroubleCms.Web.Tests;

public sealed class AdminRecipeAndTreeTests : IDisposable
{
    private readonly CmsApplication _app = new();

    [Fact]
    public async Task DryRunListsWhatWouldChangeWithoutWritingAndApplyImports()
    {
        using var admin = await AdminClient.SignInAsync(_app);
        var id = await AdminData.IdByPathAsync(_app, "agencies/houterasu");
        var recipe = await _app.InScopeAsync(sp => sp.GetRequiredService<RecipeExporter>().ExportAsync(new RecipeExportRequest { ContentItemIds = [id], IncludeDefinitions = false, IncludeSettings = false, IncludeOther = false }));
        var item = recipe["steps"]![0]!["data"]![0]!.AsObject();
        item["ContentItemVersionId"] = "changedversion0000000000001";
        item["TitlePart"]!["Title"] = "法テラス（新）";
        // As in an Orchard export, DisplayText travels with the title; import keeps the DisplayText it is given.
        item["DisplayText"] = "法テラス（新）";
        var page = await admin.GetPageAsync("/admin/recipes");

        using var dryRun = await PostFileAsync(admin, page, recipe.ToJsonString());
        var report = await AdminClient.ParseAsync(await dryRun.Content.ReadAsStringAsync(), "/admin/recipes");
        var before = await _app.InScopeAsync(sp => sp.GetRequiredService<ContentManager>().GetAsync(id));
        using var applied = await admin.SubmitAsync(report, "main form[action*='handler=Apply']", []);
        var after = await _app.InScopeAsync(sp => sp.GetRequiredService<ContentManager>().GetAsync(id));

        Assert.Equal(HttpStatusCode.OK, dryRun.StatusCode);
        // A new version of an existing item is a change, not a creation (what the database holds decides).
        Assert.Contains("作成 0 件、変更 1 件、変化なし 0 件", report.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("法テラス（新）", report.Body.TextContent, StringComparison.Ordinal);
        Assert.NotEqual("法テラス（新）", before!.DisplayText);
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        Assert.Equal("法テラス（新）", after!.DisplayText);
    }

    [Fact]
    public async Task BrokenRecipeIsReportedAndNothingIsWritten()
    {
        using var admin = await AdminClient.SignInAsync(_app);
        var page = await admin.GetPageAsync("/admin/recipes");

        using var dryRun = await PostFileAsync(admin, page, """{ "steps": [ { "name": "Content", "data": [ { "ContentType": "Agency" } ] } ] }""");
        var html = await dryRun.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, dryRun.StatusCode);
        Assert.Contains("このレシピは取り込めません", html, StringComparison.Ordinal);
        Assert.Contains("ContentItemId", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DryRunShowsEachStepAsAppliedOrSkipped()
    {
        using var admin = await AdminClient.SignInAsync(_app);
        var page = await admin.GetPageAsync("/admin/recipes");

        using var dryRun = await PostFileAsync(admin, page, """
            { "steps": [ { "name": "themes", "site": "TheBlogTheme" }, { "name": "Settings", "SiteName": "サンプル" } ] }
            """);
        var report = await AdminClient.ParseAsync(await dryRun.Content.ReadAsStringAsync(), "/admin/recipes");

        Assert.Equal(HttpStatusCode.OK, dryRun.StatusCode);
        Assert.Contains("手順: 適用 1 件、読み飛ばし 1 件", report.QuerySelector("#step-totals")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("読み飛ばし（未対応）", report.QuerySelector("tr.step-skipped")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("themes", report.QuerySelector("tr.step-skipped")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Settings", report.QuerySelector("tr.step-applied")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportDownloadsChosenTypesAsJson()
    {
        using var admin = await AdminClient.SignInAsync(_app);
        var page = await admin.GetPageAsync("/admin/recipes");

        using var response = await admin.SubmitAsync(page, "main form[action*='handler=Export']", new() { ["scope"] = "types", ["types"] = "Agency" });
        var recipe = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.All(recipe["steps"]![1]!["data"]!.AsArray(), i => Assert.Equal("Agency", i!["ContentType"]!.ToString()));
    }

    [Fact]
    public async Task TreeEditorFlagsProblemsAndEditsNodesAsDrafts()
    {
        using var admin = await AdminClient.SignInAsync(_app);
        var tree = await admin.GetPageAsync("/admin/tree");
        Assert.Null(tree.QuerySelector("main .alert"));
        var entryForms = tree.QuerySelectorAll("main form[action*='handler=AddChild']");
        var entryForm = entryForms[^1];

        using var added = await admin.SubmitAsync(tree, entryForm, new() { ["title"] = "テストの状況" });
        var after = await admin.GetPageAsync("/admin/tree");
        var problems = after.QuerySelector("main .alert")!.TextContent;
        var parentForm = after.QuerySelectorAll("main form[action*='handler=AddChild']")[0];
        using var child = await admin.SubmitAsync(after, parentForm, new() { ["title"] = "子の状況" });
        var drafts = await _app.InScopeAsync(sp => sp.GetRequiredService<IContentStore>().QueryAsync(new ContentQuery { ContentTypes = ["DecisionNode"], HasDraft = true }));

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Contains("「テストの状況」は次の状況も案内先の相談機関もない行き止まりです", problems, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, child.StatusCode);
        Assert.Equal(3, drafts.Total);
    }

    private static async Task<HttpResponseMessage> PostFileAsync(AdminClient admin, AngleSharp.Html.Dom.IHtmlDocument page, string json)
    {
        var form = page.QuerySelector("main form[action*='handler=DryRun']")!;
        using var content = new MultipartFormDataContent();
        foreach (var (key, value) in AdminClient.Fields(form).Where(f => f.Key != "file"))
        {
            content.Add(new StringContent(value), key);
        }

        content.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(json)), "file", "test.recipe.json");
        return await admin.Http.PostAsync(form.GetAttribute("action"), content);
    }

    public void Dispose() => _app.Dispose();
}
