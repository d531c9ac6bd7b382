namespace NetTroubleCms.Web.Tests;

/// <summary>The easy-Japanese check where editors write: the editor page of the item and the dashboard.</summary>
public sealed class EasyJapaneseAdminTests : IDisposable
{
    private readonly CmsApplication _app = new();

    [Fact]
    public async Task AHardWordInAnEasyJapaneseTextIsShownOnTheEditorAndTheDashboard()
    {
        using var admin = await AdminClient.SignInAsync(_app);
        var easy = await AdminData.IdByPathAsync(_app, "easy/agencies/houterasu");
        var japanese = await AdminData.IdByPathAsync(_app, "agencies/houterasu");

        var cleanDashboard = await admin.GetPageAsync("/admin");
        var cleanEditor = await admin.GetPageAsync($"/admin/contents/{easy}/edit");
        Assert.Contains("すべて確認を通っています", Section(cleanDashboard), StringComparison.Ordinal);
        Assert.Null(cleanEditor.QuerySelector(".easy-check"));

        var tagline = cleanEditor.QuerySelector("[name='Agency.Tagline']")!;
        var text = tagline.GetAttribute("value") ?? tagline.TextContent;
        using (await admin.SaveAsync(easy, "save", new() { ["Agency.Tagline"] = text + "。損害賠償を求めることができます" }, cleanEditor))
        {
        }

        var editor = await admin.GetPageAsync($"/admin/contents/{easy}/edit");
        var findings = editor.QuerySelector(".easy-check")!.TextContent;
        Assert.Contains("難しい言葉があります：損害賠償", findings, StringComparison.Ordinal);
        Assert.Contains("読み方のない漢字があります：損害賠償", findings, StringComparison.Ordinal);
        Assert.Contains("キャッチコピー", findings, StringComparison.Ordinal);
        var dashboard = await admin.GetPageAsync("/admin");
        Assert.NotNull(dashboard.QuerySelector($"#easy-japanese ~ ul a[href='/admin/contents/{easy}/edit']"));
        // Japanese (not easy Japanese) items are not held to the easy-Japanese rules.
        var original = await admin.GetPageAsync($"/admin/contents/{japanese}/edit");
        Assert.Null(original.QuerySelector(".easy-check"));
    }

    private static string Section(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelector("#easy-japanese")!.NextElementSibling!.TextContent;

    /// <inheritdoc />
    public void Dispose() => _app.Dispose();
}
