namespace NetTroubleCms.Content.Tests.Infrastructure;

/// <summary>Small recipes the tests import.</summary>
public static class TestRecipes
{
    /// <summary>
    /// An <c>Article</c> type (versionable, draftable) with TitlePart, an AutoroutePart whose path comes from the title,
    /// and its own part with one field of each validated kind.
    /// </summary>
    public const string ArticleDefinition = """
    {
      "name": "article-definition",
      "steps": [
        {
          "name": "ContentDefinition",
          "ContentTypes": [
            {
              "Name": "Article",
              "DisplayName": "記事",
              "Settings": { "ContentTypeSettings": { "Creatable": true, "Listable": true, "Draftable": true, "Versionable": true } },
              "ContentTypePartDefinitionRecords": [
                { "PartName": "TitlePart", "Name": "TitlePart", "Settings": { "ContentTypePartSettings": { "Position": "0" } } },
                { "PartName": "Article", "Name": "Article", "Settings": { "ContentTypePartSettings": { "Position": "1" } } },
                {
                  "PartName": "AutoroutePart", "Name": "AutoroutePart",
                  "Settings": {
                    "ContentTypePartSettings": { "Position": "2" },
                    "AutoroutePartSettings": { "Pattern": "articles/{{ Model.ContentItem | display_text | slugify }}", "AllowCustomPath": true }
                  }
                }
              ]
            }
          ],
          "ContentParts": [
            {
              "Name": "Article",
              "Settings": {},
              "ContentPartFieldDefinitionRecords": [
                {
                  "FieldName": "TextField", "Name": "Summary",
                  "Settings": { "ContentPartFieldSettings": { "DisplayName": "概要", "Position": "0" }, "TextFieldSettings": { "Required": true } }
                },
                {
                  "FieldName": "TextField", "Name": "Region",
                  "Settings": {
                    "ContentPartFieldSettings": { "DisplayName": "地域", "Editor": "PredefinedList", "Position": "1" },
                    "TextFieldPredefinedListEditorSettings": { "Editor": 1, "Options": [ { "name": "北", "value": "north" }, { "name": "南", "value": "south" } ] }
                  }
                },
                {
                  "FieldName": "LinkField", "Name": "Website",
                  "Settings": { "ContentPartFieldSettings": { "DisplayName": "ウェブサイト", "Position": "2" }, "LinkFieldSettings": { "LinkTextMode": 0 } }
                },
                {
                  "FieldName": "NumericField", "Name": "Score",
                  "Settings": { "ContentPartFieldSettings": { "DisplayName": "点数", "Position": "3" }, "NumericFieldSettings": { "Minimum": 0, "Maximum": 10 } }
                },
                {
                  "FieldName": "HtmlField", "Name": "Body",
                  "Settings": { "ContentPartFieldSettings": { "DisplayName": "本文", "Position": "4" }, "HtmlFieldSettings": { "SanitizeHtml": true } }
                }
              ]
            }
          ]
        }
      ]
    }
    """;

    public const string WelcomeId = "4f0k9xq2m7tz8vb1r6ndc3wyha";
    public const string DraftId = "46sz0w7m4r2gj8k3qv9xbh1ydf";
    public const string MenuId = "4a1b2c3d4e5f6g7h8j9k0mnpqr";

    /// <summary>
    /// Site settings and three items with fixed ids and version ids: a published article, a draft-only article,
    /// and a <c>Menu</c> whose type is not defined. Comments and trailing commas, as Orchard allows.
    /// </summary>
    public const string SampleContent = """
    {
      // Written by hand, the way recipes are.
      "name": "sample",
      "steps": [
        { "name": "Settings", "SiteName": "テストサイト", "HomeRoute": { "Area": "OrchardCore.Contents", "ContentItemId": "4f0k9xq2m7tz8vb1r6ndc3wyha" } },
        {
          "name": "Content",
          "data": [
            {
              "ContentItemId": "4f0k9xq2m7tz8vb1r6ndc3wyha", "ContentItemVersionId": "4p3s1h9kq0ev7w2zt5xbm8cnry",
              "ContentType": "Article", "DisplayText": "ようこそ", "Latest": true, "Published": true,
              "ModifiedUtc": "2025-03-01T10:00:00Z", "PublishedUtc": "2025-03-01T10:00:00Z", "CreatedUtc": "2025-02-27T09:12:00Z",
              "Owner": "4a1b2c3d4e5f6g7h8j9k0mnpqr", "Author": "admin",
              "TitlePart": { "Title": "ようこそ" },
              "AutoroutePart": { "Path": "welcome", "SetHomepage": false },
              "Article": {
                "Summary": { "Text": "最初の記事です" },
                "Region": { "Text": "north" },
                "Website": { "Url": "https://example.org", "Text": "サイト", "Target": "_blank" },
                "Score": { "Value": 7.5 },
                "Body": { "Html": "<p class=\"lead\">本文</p>" },
              },
              "CustomPart": { "Anything": [1, { "Nested": true }] },
            },
            {
              "ContentItemId": "46sz0w7m4r2gj8k3qv9xbh1ydf", "ContentItemVersionId": "4ttm1wyje76jcm8p5m4sb9j4r6",
              "ContentType": "Article", "DisplayText": "下書き", "Latest": true, "Published": false,
              "ModifiedUtc": "2025-03-02T10:00:00Z", "CreatedUtc": "2025-03-02T10:00:00Z",
              "TitlePart": { "Title": "下書き" },
              "Article": { "Summary": { "Text": "" } }
            },
            {
              "ContentItemId": "4a1b2c3d4e5f6g7h8j9k0mnpqr", "ContentItemVersionId": "6rttk9mshwcpcmeyakk2xre7mm",
              "ContentType": "Menu", "DisplayText": "Main Menu", "Latest": true, "Published": true,
              "ModifiedUtc": "2025-03-01T10:00:00Z", "PublishedUtc": "2025-03-01T10:00:00Z", "CreatedUtc": "2025-03-01T10:00:00Z",
              "MenuPart": {},
              "MenuItemsListPart": { "MenuItems": [ { "ContentType": "LinkMenuItem", "ContentItemId": "7e12hm6j17425mjxakzdb3maw7", "LinkMenuItemPart": { "Name": "Home", "Url": "~/" } } ] },
            },
          ],
        },
      ],
    }
    """;
}
