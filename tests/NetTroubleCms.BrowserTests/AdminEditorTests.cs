using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NetTroubleCms.Web.Features.Admin.Editors;
using NetTroubleCms.Web.Infrastructure.Storage;

namespace NetTroubleCms.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class AdminEditorTests(BrowserFixture fixture)
{
    private const string OldPhone = "0570-078374";
    private const string Typed = "0570079714";

    [Fact]
    public async Task EditorChangesHouterasuPhonePreviewsPublishesComparesAndRestores()
    {
        await CreateEditorAsync("editor-browser", "Editor-Browser-1234!");
        var newPhone = PhoneNumberFormatter.Format(Typed)!;
        // Public pages show every number in national format; the editor shows what is stored.
        var oldShown = PhoneNumberFormatter.Format(OldPhone)!;
        var page = await fixture.NewPageAsync();
        var site = await fixture.NewPageAsync();

        // Sign in.
        await page.GotoAsync(fixture.BaseUrl + "/admin");
        Assert.EndsWith("/admin/login?ReturnUrl=%2Fadmin", page.Url, StringComparison.Ordinal);
        await AssertAccessibleAsync(page, "admin-login");
        await page.GetByLabel("ユーザー名").FillAsync("editor-browser");
        await page.GetByLabel("パスワード").FillAsync("Editor-Browser-1234!");
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("ダッシュボード");
        await AssertAccessibleAsync(page, "admin-dashboard");

        // Find 法テラス in the agency list and open its editor.
        await page.GetByRole(AriaRole.Link, new() { Name = "相談機関の連絡先を直す" }).ClickAsync();
        await AssertAccessibleAsync(page, "admin-agencies");
        await page.GetByRole(AriaRole.Link, new() { Name = "法テラス", Exact = false }).First.ClickAsync();
        var phone = page.Locator($"main input[value='{OldPhone}']");
        await Assertions.Expect(phone).ToHaveCountAsync(1);
        await AssertAccessibleAsync(page, "admin-edit");
        var editUrl = page.Url;

        // Save a draft: the public page keeps the old number.
        await phone.FillAsync(Typed);
        await page.GetByRole(AriaRole.Button, new() { Name = "下書き保存", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("下書きを保存しました");
        await Assertions.Expect(page.Locator($"main input[value='{newPhone}']")).ToHaveCountAsync(1);
        await site.GotoAsync(fixture.BaseUrl + "/agencies/houterasu");
        await Assertions.Expect(site.Locator("body")).ToContainTextAsync(oldShown);
        Assert.DoesNotContain(newPhone, await site.ContentAsync(), StringComparison.Ordinal);

        // Preview shows the draft in the public theme.
        var previewHref = await page.GetByRole(AriaRole.Link, new() { Name = "プレビュー（保存済みの下書き）" }).GetAttributeAsync("href");
        var preview = await page.Context.NewPageAsync();
        await preview.GotoAsync(fixture.BaseUrl + previewHref);
        await Assertions.Expect(preview.Locator("body")).ToContainTextAsync(newPhone);
        await Assertions.Expect(preview.Locator("body")).ToContainTextAsync("プレビュー");

        // Publish: the public page shows the new number.
        await page.GetByRole(AriaRole.Button, new() { Name = "公開する", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("公開しました");
        await site.ReloadAsync();
        await Assertions.Expect(site.Locator("body")).ToContainTextAsync(newPhone);

        // The number is a fact of the whole LocalizationSet: the English and easy-Japanese pages show it too,
        // though nobody edited those items.
        foreach (var translated in new[] { "/en/agencies/houterasu", "/easy/agencies/houterasu", "/en/guide/trouble/consult/unsure" })
        {
            await site.GotoAsync(fixture.BaseUrl + translated);
            await Assertions.Expect(site.Locator("body")).ToContainTextAsync(newPhone);
            Assert.DoesNotContain(oldShown, await site.ContentAsync(), StringComparison.Ordinal);
        }

        await site.GotoAsync(fixture.BaseUrl + "/agencies/houterasu");

        // History shows the field-level diff, labelled as the editor knows the field.
        await page.GetByRole(AriaRole.Link, new() { Name = "履歴と差分" }).ClickAsync();
        var diff = page.Locator("table.diff");
        await Assertions.Expect(diff).ToContainTextAsync(OldPhone);
        await Assertions.Expect(diff).ToContainTextAsync(newPhone);
        await Assertions.Expect(diff).ToContainTextAsync("連絡方法 2 › 連絡先");
        await AssertAccessibleAsync(page, "admin-history");

        // Restore the old version: it comes back as a draft, the public page is untouched until published.
        await page.GetByRole(AriaRole.Button, new() { Name = "新しい下書きとして復元", Exact = false }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("復元しました");
        Assert.Equal(editUrl, page.Url);
        await Assertions.Expect(page.Locator($"main input[value='{OldPhone}']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("未公開の変更あり");
        await site.ReloadAsync();
        await Assertions.Expect(site.Locator("body")).ToContainTextAsync(newPhone);
        await BrowserFixture.ScreenshotAsync(page, "admin-restored");
    }

    private Task<bool> CreateEditorAsync(string userName, string password) => fixture.App.InScopeAsync(async sp =>
    {
        var users = sp.GetRequiredService<UserManager<CmsUser>>();
        var user = new CmsUser { UserName = userName, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user, password)).Succeeded);
        await users.AddToRoleAsync(user, "Editor");
        return true;
    });

    private static async Task AssertAccessibleAsync(IPage page, string name)
    {
        var results = await page.RunAxe();
        await BrowserFixture.ScreenshotAsync(page, name);
        Assert.True(results.Violations.Length == 0, name + ":\n" + string.Join("\n", results.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(" | ", v.Nodes.Select(n => n.Html))})")));
    }
}
