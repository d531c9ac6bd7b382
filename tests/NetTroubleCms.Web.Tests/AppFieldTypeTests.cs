using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using NetTroubleCms.Content.Fields;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Storage;

namespace NetTroubleCms.Web.Tests;

/// <summary>
/// A field type the app registers is the one the admin uses: its template renders the field, its binding stores
/// what the editor typed, and its rules refuse a bad value. Without the registration the same field shows as not
/// editable, so the registry is the only path.
/// </summary>
public sealed class AppFieldTypeTests : IDisposable
{
    private const string NoticeId = "4n7c3xq2m7tz8vb1r6ndc3wyha";
    private const string NotEditable = "この種類の項目は管理画面では編集できません";
    private readonly ShoutApplication _app = new();

    [Fact]
    public async Task A_field_type_registered_by_the_app_is_rendered_bound_and_checked_by_the_editor()
    {
        var file = Path.Combine(_app.DataDirectory, "notice.recipe.json");
        await File.WriteAllTextAsync(file, NoticeRecipe);
        var imported = await _app.ImportRecipeAsync(file);
        Assert.Equal(1, imported.Created);
        using var admin = await AdminClient.SignInAsync(_app);

        var page = await admin.GetPageAsync($"/admin/contents/{NoticeId}/edit");
        var input = page.QuerySelector("input[name='Notice.Headline']");
        using var saved = await admin.SaveAsync(NoticeId, "save", new() { ["Notice.Headline"] = "good news" }, page);
        var stored = await LatestHeadlineAsync();
        using var refused = await admin.SaveAsync(NoticeId, "save", new() { ["Notice.Headline"] = "news 24" });
        var refusedPage = await AdminClient.ParseAsync(await refused.Content.ReadAsStringAsync(), $"/admin/contents/{NoticeId}/edit");

        Assert.NotNull(input);
        Assert.Equal("HELLO", input.GetAttribute("value"));
        Assert.DoesNotContain(NotEditable, page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("GOOD NEWS", stored);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("見出し: 数字は使えません。", refusedPage.QuerySelector("input[name='Notice.Headline']")!.ParentElement!.TextContent, StringComparison.Ordinal);
        Assert.Equal("GOOD NEWS", await LatestHeadlineAsync());
    }

    [Fact]
    public async Task Without_the_registration_the_same_field_is_kept_but_not_editable()
    {
        using var plain = new CmsApplication();
        var file = Path.Combine(plain.DataDirectory, "notice.recipe.json");
        await File.WriteAllTextAsync(file, NoticeRecipe);
        await plain.ImportRecipeAsync(file);
        using var admin = await AdminClient.SignInAsync(plain);

        var page = await admin.GetPageAsync($"/admin/contents/{NoticeId}/edit");

        Assert.Null(page.QuerySelector("input[name='Notice.Headline']"));
        Assert.Contains(NotEditable, page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    public void Dispose() => _app.Dispose();

    private Task<string?> LatestHeadlineAsync() => _app.InScopeAsync(async sp =>
        (await sp.GetRequiredService<ContentManager>().GetAsync(NoticeId, VersionFilter.Latest))!.Text("Notice", "Headline"));

    private const string NoticeRecipe = $$"""
    {
      "name": "notice",
      "steps": [
        {
          "name": "ContentDefinition",
          "ContentTypes": [
            {
              "Name": "Notice", "DisplayName": "お知らせ",
              "Settings": { "ContentTypeSettings": { "Creatable": true, "Listable": true, "Draftable": true, "Versionable": true } },
              "ContentTypePartDefinitionRecords": [
                { "PartName": "TitlePart", "Name": "TitlePart", "Settings": { "ContentTypePartSettings": { "Position": "0" } } },
                { "PartName": "Notice", "Name": "Notice", "Settings": { "ContentTypePartSettings": { "Position": "1" } } }
              ]
            }
          ],
          "ContentParts": [
            {
              "Name": "Notice", "Settings": {},
              "ContentPartFieldDefinitionRecords": [
                { "FieldName": "ShoutField", "Name": "Headline", "Settings": { "ContentPartFieldSettings": { "DisplayName": "見出し" } } }
              ]
            }
          ]
        },
        {
          "name": "Content",
          "data": [
            {
              "ContentItemId": "{{NoticeId}}", "ContentItemVersionId": "4p3s1h9kq0ev7w2zt5xbm8cnr2",
              "ContentType": "Notice", "DisplayText": "試験のお知らせ", "Latest": true, "Published": true,
              "ModifiedUtc": "2025-03-01T10:00:00Z", "PublishedUtc": "2025-03-01T10:00:00Z", "CreatedUtc": "2025-03-01T10:00:00Z",
              "TitlePart": { "Title": "試験のお知らせ" },
              "Notice": { "Headline": { "Text": "HELLO" } }
            }
          ]
        }
      ]
    }
    """;

    /// <summary>A field type the app adds: text kept in capitals, without digits, edited with the TextField template.</summary>
    private sealed class ShoutFieldType : TextFieldType
    {
        public override string Name => "ShoutField";

        public override JsonObject? Bind(FieldBindContext context)
        {
            var value = base.Bind(context);
            if (StringOf(value, "Text") is { } text)
            {
                value!["Text"] = text.ToUpperInvariant();
            }

            return value;
        }

        public override string? ValidateRules(ContentPartFieldDefinitionRecord field, JsonObject? value) =>
            StringOf(value, "Text")?.Any(char.IsAsciiDigit) == true ? "数字は使えません。" : base.ValidateRules(field, value);
    }

    private sealed class ShoutApplication : CmsApplication
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(s => s.AddSingleton<ContentFieldType, ShoutFieldType>());
        }
    }
}
