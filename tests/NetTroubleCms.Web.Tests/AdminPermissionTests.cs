using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NetTroubleCms.Content.Recipes;
using NetTroubleCms.Web.Features.Admin.Permissions;

namespace NetTroubleCms.Web.Tests;

public sealed class AdminPermissionTests : IDisposable
{
    private readonly CmsApplication _app = new();

    [Fact]
    public void PublishImpliesEditWhichImpliesViewPreviewCloneAndTheOwnAndPerTypeVariants()
    {
        var granted = CmsPermissions.Expand([CmsPermissions.PublishContent], ["Agency"]);

        Assert.Contains(CmsPermissions.EditContent, granted);
        Assert.Contains(CmsPermissions.ViewContent, granted);
        Assert.Contains(CmsPermissions.PreviewContent, granted);
        Assert.Contains(CmsPermissions.CloneContent, granted);
        Assert.Contains(CmsPermissions.PublishOwnContent, granted);
        Assert.Contains(CmsPermissions.EditOwnContent, granted);
        Assert.Contains("Publish_Agency", granted);
        Assert.Contains("Edit_Agency", granted);
        Assert.Contains("PreviewOwn_Agency", granted);
        Assert.DoesNotContain(CmsPermissions.DeleteContent, granted);
    }

    [Fact]
    public void OwnPublishImpliesOnlyOwnEditing()
    {
        var granted = CmsPermissions.Expand([CmsPermissions.PublishOwnContent], ["Agency"]);

        Assert.Contains(CmsPermissions.EditOwnContent, granted);
        Assert.Contains("EditOwn_Agency", granted);
        Assert.DoesNotContain(CmsPermissions.EditContent, granted);
        Assert.DoesNotContain("Edit_Agency", granted);
    }

    [Fact]
    public async Task ContributorEditsOwnDraftsButCannotPublishOrTouchOthersItems()
    {
        await AdminClient.CreateUserAsync(_app, "contributor", "Contributor");
        using var client = await AdminClient.SignInAsync(_app, "contributor", "Strong-Pass-1234!");
        var houterasu = await AdminData.IdByPathAsync(_app, "agencies/houterasu");

        using var others = await client.Http.GetAsync($"/admin/contents/{houterasu}/edit");
        var create = await client.GetPageAsync("/admin/contents/new/Agency");
        using var publish = await client.SubmitAsync(create, "main form", new() { ["TitlePart.Title"] = "テスト機関" }, extra: [new("command", "publish")]);
        using var draft = await client.SubmitAsync(create, "main form", new() { ["TitlePart.Title"] = "テスト機関" }, extra: [new("command", "save")]);
        var ownEdit = await client.GetPageAsync(draft.Headers.Location!.OriginalString);

        AssertDenied(others);
        Assert.Null(create.QuerySelector("button[value=publish]"));
        AssertDenied(publish);
        Assert.Equal(HttpStatusCode.Redirect, draft.StatusCode);
        Assert.Equal("テスト機関", ownEdit.QuerySelector("input[name='TitlePart.Title']")!.GetAttribute("value"));
        Assert.Null(ownEdit.QuerySelector("button[value=publish]"));
    }

    [Fact]
    public async Task AuthorPublishesOwnItemsOnly()
    {
        await AdminClient.CreateUserAsync(_app, "author", "Author");
        using var client = await AdminClient.SignInAsync(_app, "author", "Strong-Pass-1234!");
        var houterasu = await AdminData.IdByPathAsync(_app, "agencies/houterasu");

        var create = await client.GetPageAsync("/admin/contents/new/Agency");
        using var published = await client.SubmitAsync(create, "main form", new() { ["TitlePart.Title"] = "作成者の機関", ["AutoroutePart.Path"] = "agencies/author-test" }, extra: [new("command", "publish")]);
        using var others = await client.Http.GetAsync($"/admin/contents/{houterasu}/edit");
        var publicPage = await client.Http.GetAsync("/agencies/author-test");

        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        Assert.Equal(HttpStatusCode.OK, publicPage.StatusCode);
        AssertDenied(others);
    }

    [Fact]
    public async Task EditorPublishesAnyContentButCannotManageUsersRolesOrReadTheAuditTrail()
    {
        await AdminClient.CreateUserAsync(_app, "editor", "Editor");
        using var client = await AdminClient.SignInAsync(_app, "editor", "Strong-Pass-1234!");
        var houterasu = await AdminData.IdByPathAsync(_app, "agencies/houterasu");

        var edit = await client.GetPageAsync($"/admin/contents/{houterasu}/edit");
        using var users = await client.Http.GetAsync("/admin/users");
        using var roles = await client.Http.GetAsync("/admin/roles");
        using var audit = await client.Http.GetAsync("/admin/audit");
        using var recipes = await client.Http.GetAsync("/admin/recipes");

        Assert.NotNull(edit.QuerySelector("button[value=publish]"));
        AssertDenied(users);
        AssertDenied(roles);
        AssertDenied(audit);
        AssertDenied(recipes);
    }

    [Fact]
    public async Task AdministratorManagesUsersDisablingBlocksSignIn()
    {
        using var admin = await AdminClient.SignInAsync(_app);
        var users = await admin.GetPageAsync("/admin/users");
        using var created = await admin.SubmitAsync(users, "main form", new() { ["NewUserName"] = "tanaka", ["NewPassword"] = "Tanaka-Pass-1234!", ["NewRoles"] = "Editor" });
        var list = await admin.GetPageAsync("/admin/users");
        var editUrl = list.QuerySelectorAll("main table tr").First(r => r.TextContent.Contains("tanaka", StringComparison.Ordinal)).QuerySelector("a")!.GetAttribute("href")!;
        var edit = await admin.GetPageAsync(editUrl);
        using var disabled = await admin.SubmitAsync(edit, "main form[action*='handler=Disable']", []);
        using var tanaka = AdminClient.Anonymous(_app);

        using var refused = await tanaka.TrySignInAsync("tanaka", "Tanaka-Pass-1234!");

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Contains("編集者", list.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
    }

    [Fact]
    public async Task RolesStepReplacesPermissionsAndTravelsInExports()
    {
        await AdminClient.CreateUserAsync(_app, "contributor", "Contributor");
        const string recipe = """
            { "name": "roles", "steps": [ { "name": "Roles", "Roles": [ { "Name": "Contributor", "Description": "公開もできる", "Permissions": ["PublishOwnContent", "AccessAdminPanel"] } ] } ] }
            """;

        await _app.InScopeAsync(sp => sp.GetRequiredService<RecipeExecutor>().ImportAsync(recipe, null));
        var exported = await _app.InScopeAsync(sp => sp.GetRequiredService<RecipeExporter>().ExportAsync(new RecipeExportRequest()));
        using var client = await AdminClient.SignInAsync(_app, "contributor", "Strong-Pass-1234!");
        var create = await client.GetPageAsync("/admin/contents/new/Agency");
        using var list = await client.Http.GetAsync("/admin/contents");

        var roles = exported["steps"]!.AsArray().Single(s => s!["name"]!.ToString() == "Roles")!["Roles"]!.AsArray();
        var contributor = roles.Single(r => r!["Name"]!.ToString() == "Contributor")!;
        Assert.Equal(["PublishOwnContent", "AccessAdminPanel"], contributor["Permissions"]!.AsArray().Select(p => p!.ToString()));
        Assert.NotNull(create.QuerySelector("button[value=publish]"));
        AssertDenied(list);
    }

    [Fact]
    public async Task UnchangedDefaultRolesAreLeftOutOfExportsUnlessAskedFor()
    {
        var plain = await _app.InScopeAsync(sp => sp.GetRequiredService<RecipeExporter>().ExportAsync(new RecipeExportRequest()));
        var withDefaults = await _app.InScopeAsync(sp => sp.GetRequiredService<RecipeExporter>().ExportAsync(new RecipeExportRequest { IncludeDefaults = true }));

        Assert.DoesNotContain(plain["steps"]!.AsArray(), s => s!["name"]!.ToString() == "Roles");
        var roles = withDefaults["steps"]!.AsArray().Single(s => s!["name"]!.ToString() == "Roles")!["Roles"]!.AsArray();
        Assert.Equal(RolesStore.Defaults().Roles.Select(r => r.Name), roles.Select(r => r!["Name"]!.ToString()));
    }

    private static void AssertDenied(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        // Redirects are paths (never built from the Host header).
        Assert.StartsWith("/admin/denied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    public void Dispose() => _app.Dispose();
}
