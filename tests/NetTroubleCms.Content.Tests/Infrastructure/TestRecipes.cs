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
}
