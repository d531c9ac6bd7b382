namespace NetTroubleCms.Web.Tests;

/// <summary>
/// Editors read words, not identifiers: roles, permissions and content types appear in the UI language, and the
/// engine's own messages follow the admin's language.
/// </summary>
public sealed class AdminNamesTests : IDisposable
{
    private const string English = ".AspNetCore.Culture=c%3Den%7Cuic%3Den";
    private readonly CmsApplication _app = new();

    [Fact]
    public async Task RolesAndPermissionsAreNamedInTheUiLanguage()
    {
        using var admin = await AdminClient.SignInAsync(_app);

        var japanese = await admin.GetPageAsync("/admin/roles/Editor");
        admin.Http.DefaultRequestHeaders.Add("Cookie", English);
        var english = await admin.GetPageAsync("/admin/roles/Editor");

        Assert.Contains("ロール「編集者」の権限", japanese.QuerySelector("h2")!.TextContent, StringComparison.Ordinal);
        var roleLinks = japanese.QuerySelectorAll("ul a").Select(a => a.TextContent).ToList();
        Assert.Contains("管理者", roleLinks);
        Assert.Contains("投稿者", roleLinks);
        Assert.Contains("すべてのコンテンツを公開・非公開にする", Label(japanese, "p-PublishContent"), StringComparison.Ordinal);
        Assert.Contains("公開・非公開（自分の分）", Label(japanese, "p-PublishOwn_Agency"), StringComparison.Ordinal);
        Assert.Contains("Administrator", english.QuerySelectorAll("ul a").Select(a => a.TextContent));
        Assert.Contains("Publish and unpublish all content", Label(english, "p-PublishContent"), StringComparison.Ordinal);
        Assert.Contains("Publish and unpublish (own items)", Label(english, "p-PublishOwn_Agency"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAuditFilterNamesTypesByTheirDisplayNames()
    {
        using var admin = await AdminClient.SignInAsync(_app);

        var page = await admin.GetPageAsync("/admin/audit");

        var agency = page.QuerySelector("#contentType option[value=Agency]");
        Assert.Equal("相談機関", agency!.TextContent);
    }

    [Fact]
    public async Task EngineMessagesFollowTheAdminLanguage()
    {
        using var admin = await AdminClient.SignInAsync(_app);
        var id = await AdminData.IdByPathAsync(_app, "agencies/houterasu");

        using var japanese = await admin.SaveAsync(id, "save", new() { ["TitlePart.Title"] = " " });
        var japaneseHtml = await japanese.Content.ReadAsStringAsync();
        admin.Http.DefaultRequestHeaders.Add("Cookie", English);
        using var english = await admin.SaveAsync(id, "save", new() { ["TitlePart.Title"] = " " });
        var englishHtml = await english.Content.ReadAsStringAsync();

        Assert.Contains("タイトルを入力してください。", japaneseHtml, StringComparison.Ordinal);
        Assert.Contains("Enter a title.", englishHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("タイトルを入力してください。", englishHtml, StringComparison.Ordinal);
    }

    private static string Label(AngleSharp.Html.Dom.IHtmlDocument page, string id) =>
        page.QuerySelector($"label[for='{id}']")?.TextContent ?? $"(no label for {id})";

    /// <inheritdoc />
    public void Dispose() => _app.Dispose();
}
