using System.Text.Json;
using System.Text.Json.Nodes;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Recipes;
using NetTroubleCms.Content.Tests.Infrastructure;

namespace NetTroubleCms.Content.Tests;

/// <summary>ContentDefinition merges like Orchard: never deletes, objects merge, arrays union; Replace and Delete are exact.</summary>
public sealed class ContentDefinitionMergerTests
{
    private const string Existing = """
    {
      "ContentTypes": [
        {
          "Name": "Agency", "DisplayName": "相談窓口",
          "Settings": {
            "ContentTypeSettings": { "Creatable": true, "Listable": true, "Draftable": false },
            "CustomBag": { "Keep": "me", "Nested": { "A": 1 } }
          },
          "ContentTypePartDefinitionRecords": [
            { "PartName": "TitlePart", "Name": "TitlePart", "Settings": { "ContentTypePartSettings": { "Position": "0" } } },
            { "PartName": "BagPart", "Name": "Services", "Settings": { "BagPartSettings": { "ContainedContentTypes": ["Service", "Clinic"] } } }
          ]
        },
        { "Name": "Untouched", "DisplayName": "Untouched", "Settings": {}, "ContentTypePartDefinitionRecords": [] }
      ],
      "ContentParts": [
        {
          "Name": "Agency", "Settings": {},
          "ContentPartFieldDefinitionRecords": [
            { "FieldName": "TextField", "Name": "Region", "Settings": { "TextFieldSettings": { "Required": true, "Hint": "地域" } } },
            { "FieldName": "TextField", "Name": "Phone", "Settings": {} }
          ]
        }
      ]
    }
    """;

    [Fact]
    public void DisplayName_is_overwritten_only_when_the_step_has_one()
    {
        var document = Parse(Existing);

        ContentDefinitionMerger.Merge(document, Parse("""{ "ContentTypes": [ { "Name": "Agency", "DisplayName": "" }, { "Name": "Untouched" } ] }"""));
        ContentDefinitionMerger.Merge(document, Parse("""{ "ContentTypes": [ { "Name": "Untouched", "DisplayName": "新しい名前" } ] }"""));

        Assert.Equal("相談窓口", document.GetType("Agency")!.DisplayName);
        Assert.Equal("新しい名前", document.GetType("Untouched")!.DisplayName);
    }

    [Fact]
    public void Settings_merge_recursively_and_nulls_overwrite()
    {
        var document = Parse(Existing);

        ContentDefinitionMerger.Merge(document, Parse("""
        { "ContentTypes": [ { "Name": "Agency", "Settings": {
            "ContentTypeSettings": { "Listable": false, "Versionable": true },
            "CustomBag": { "Nested": { "B": 2 }, "Keep": null } } } ] }
        """));

        var settings = document.GetType("Agency")!.Settings;
        AssertJson("""{ "Creatable": true, "Listable": false, "Draftable": false, "Versionable": true }""", settings["ContentTypeSettings"]);
        AssertJson("""{ "Keep": null, "Nested": { "A": 1, "B": 2 } }""", settings["CustomBag"]);
        Assert.Equal(new ContentTypeSettings(true, false, false, true, false, null), document.GetType("Agency")!.TypeSettings);
    }

    [Fact]
    public void Arrays_are_unioned()
    {
        var document = Parse(Existing);

        ContentDefinitionMerger.Merge(document, Parse("""
        { "ContentTypes": [ { "Name": "Agency", "ContentTypePartDefinitionRecords": [
            { "PartName": "BagPart", "Name": "Services", "Settings": { "BagPartSettings": { "ContainedContentTypes": ["Clinic", "Hotline"] } } } ] } ] }
        """));

        AssertJson("""["Service", "Clinic", "Hotline"]""", document.GetType("Agency")!.GetAttachment("Services")!.Settings["BagPartSettings"]!["ContainedContentTypes"]);
    }

    [Fact]
    public void Parts_and_fields_missing_from_the_step_are_kept()
    {
        var document = Parse(Existing);

        ContentDefinitionMerger.Merge(document, Parse("""
        {
          "ContentTypes": [ { "Name": "Agency", "ContentTypePartDefinitionRecords": [ { "PartName": "AutoroutePart", "Name": "AutoroutePart" } ] } ],
          "ContentParts": [ { "Name": "Agency", "ContentPartFieldDefinitionRecords": [
            { "FieldName": "TextField", "Name": "Region", "Settings": { "TextFieldSettings": { "Required": false } } },
            { "FieldName": "LinkField", "Name": "Website" } ] } ]
        }
        """));

        Assert.Equal(["TitlePart", "Services", "AutoroutePart"], document.GetType("Agency")!.ContentTypePartDefinitionRecords.Select(a => a.Name));
        Assert.NotNull(document.GetType("Untouched"));
        var fields = document.GetPart("Agency")!.ContentPartFieldDefinitionRecords;
        Assert.Equal(["Region", "Phone", "Website"], fields.Select(f => f.Name));
        AssertJson("""{ "Required": false, "Hint": "地域" }""", fields[0].Settings["TextFieldSettings"]);
    }

    [Fact]
    public void Legacy_flat_settings_become_nested_bags_with_real_booleans()
    {
        var document = new ContentDefinitionDocument();

        ContentDefinitionMerger.Merge(document, Parse("""
        {
          "ContentTypes": [ {
            "Name": "BlogPost", "DisplayName": "Blog Post",
            "Settings": { "Creatable": "True", "Draftable": "False", "Listable": true, "Stereotype": null, "Legacy": "kept" },
            "ContentTypePartDefinitionRecords": [
              { "PartName": "TitlePart", "Name": "TitlePart", "Settings": { "Position": "0" } },
              { "PartName": "AutoroutePart", "Name": "AutoroutePart",
                "Settings": { "Position": "1", "Pattern": "{{ ContentItem | display_text | slugify }}", "AllowCustomPath": "True",
                              "ContentIndexSettings": { "Included": false } } }
            ] } ],
          "ContentParts": [ {
            "Name": "BlogPost", "Settings": { "Attachable": "True" },
            "ContentPartFieldDefinitionRecords": [ { "FieldName": "TextField", "Name": "Subtitle", "Settings": { "DisplayName": "Subtitle", "Position": "2", "Hint": null } } ] } ]
        }
        """));

        var type = document.GetType("BlogPost")!;
        AssertJson("""
        { "Legacy": "kept", "ContentTypeSettings": { "Creatable": true, "Draftable": false, "Listable": true, "Stereotype": null } }
        """, type.Settings);
        Assert.Equal(new ContentTypeSettings(true, true, false, false, false, null), type.TypeSettings);
        AssertJson("""{ "ContentTypePartSettings": { "Position": "0" } }""", type.GetAttachment("TitlePart")!.Settings);
        AssertJson("""
        {
          "ContentIndexSettings": { "Included": false },
          "ContentTypePartSettings": { "Position": "1" },
          "AutoroutePartSettings": { "Pattern": "{{ ContentItem | display_text | slugify }}", "AllowCustomPath": true }
        }
        """, type.GetAttachment("AutoroutePart")!.Settings);
        AssertJson("""{ "ContentPartSettings": { "Attachable": true } }""", document.GetPart("BlogPost")!.Settings);
        AssertJson("""{ "Hint": null, "ContentPartFieldSettings": { "DisplayName": "Subtitle", "Position": "2" } }""",
            document.GetPart("BlogPost")!.GetField("Subtitle")!.Settings);
    }

    [Fact]
    public void A_nested_value_wins_over_a_flat_one()
    {
        var document = new ContentDefinitionDocument();

        ContentDefinitionMerger.Merge(document, Parse("""
        { "ContentTypes": [ { "Name": "Page", "Settings": { "Creatable": "False", "ContentTypeSettings": { "Creatable": true } } } ] }
        """));

        AssertJson("""{ "ContentTypeSettings": { "Creatable": true } }""", document.GetType("Page")!.Settings);
    }

    [Fact]
    public void Unknown_settings_round_trip_untouched()
    {
        const string custom = """{ "Deep": { "List": [1, "two", { "three": [true, null] }], "Number": 1.50 }, "Text": "テキスト" }""";
        var document = new ContentDefinitionDocument();

        ContentDefinitionMerger.Merge(document, Parse($$"""{ "ContentTypes": [ { "Name": "Page", "Settings": { "MyModuleSettings": {{custom}} } } ] }"""));
        var reloaded = ContentDefinitionManager.Parse(JsonSerializer.Serialize(document, ContentJson.Compact));

        AssertJson(custom, reloaded.GetType("Page")!.Settings["MyModuleSettings"]);
        Assert.Equal("1.50", reloaded.GetType("Page")!.Settings["MyModuleSettings"]!["Deep"]!["Number"]!.ToJsonString());
    }

    [Fact]
    public void Replace_recreates_listed_types_and_parts_exactly()
    {
        var document = Parse(Existing);

        ContentDefinitionMerger.Replace(document, Parse("""
        {
          "ContentTypes": [ { "Name": "Agency", "DisplayName": "窓口", "Settings": { "ContentTypeSettings": { "Creatable": false } },
            "ContentTypePartDefinitionRecords": [ { "PartName": "TitlePart", "Name": "TitlePart" } ] } ],
          "ContentParts": [ { "Name": "Agency", "ContentPartFieldDefinitionRecords": [ { "FieldName": "TextField", "Name": "Phone" } ] } ]
        }
        """));

        var agency = document.GetType("Agency")!;
        Assert.Equal("窓口", agency.DisplayName);
        AssertJson("""{ "ContentTypeSettings": { "Creatable": false } }""", agency.Settings);
        Assert.Equal(["TitlePart"], agency.ContentTypePartDefinitionRecords.Select(a => a.Name));
        Assert.Equal(["Phone"], document.GetPart("Agency")!.ContentPartFieldDefinitionRecords.Select(f => f.Name));
        Assert.NotNull(document.GetType("Untouched"));
    }

    [Fact]
    public void Delete_removes_types_and_detaches_deleted_parts_everywhere()
    {
        var document = Parse(Existing);

        ContentDefinitionMerger.Delete(document, ["Untouched"], ["BagPart"]);

        Assert.Null(document.GetType("Untouched"));
        Assert.Equal(["TitlePart"], document.GetType("Agency")!.ContentTypePartDefinitionRecords.Select(a => a.Name));
        Assert.NotNull(document.GetPart("Agency"));
    }

    [Fact]
    public async Task Replace_and_Delete_steps_change_the_stored_definitions_but_not_the_items()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();
        await using (var s = engine.Scope())
        {
            Assert.True((await s.Content.CreateAsync(ArticleBuilder.New(s.Content).Build(), publish: true)).Succeeded);
        }

        await engine.ImportAsync("""
        {
          "steps": [
            { "name": "ReplaceContentDefinition", "ContentTypes": [],
              "ContentParts": [ { "Name": "Article", "ContentPartFieldDefinitionRecords": [ { "FieldName": "TextField", "Name": "Summary" } ] } ] },
            { "name": "deletecontentdefinition", "ContentTypes": [], "ContentParts": ["AutoroutePart"] }
          ]
        }
        """);

        var stored = ContentDefinitionManager.Parse((await engine.DefinitionsDocumentAsync())!);
        Assert.Equal(["Summary"], stored.GetPart("Article")!.ContentPartFieldDefinitionRecords.Select(f => f.Name));
        Assert.Equal(["TitlePart", "Article"], stored.GetType("Article")!.ContentTypePartDefinitionRecords.Select(a => a.Name));
        var item = (await engine.ExportAsync()).Step("Content")["data"]!.AsArray().Single()!;
        Assert.Equal("articles/お知らせ", item["AutoroutePart"]!["Path"]!.GetValue<string>());

        await engine.ImportAsync("""{ "steps": [ { "name": "DeleteContentDefinition", "ContentTypes": ["Article"] } ] }""");

        Assert.Empty(ContentDefinitionManager.Parse((await engine.DefinitionsDocumentAsync())!).ContentTypes);
        Assert.Equal(1, await engine.CountVersionRowsAsync());
    }

    [Fact]
    public void Numbers_set_from_code_are_read_from_settings()
    {
        var bag = new JsonObject { ["Minimum"] = 5, ["Maximum"] = 2.5, ["Text"] = "7" };

        Assert.Equal(5m, bag.Number("Minimum"));
        Assert.Equal(2.5m, bag.Number("Maximum"));
        Assert.Equal(7m, bag.Number("Text"));
    }

    [Fact]
    public async Task A_bad_name_in_a_definition_step_is_refused_with_its_path()
    {
        await using var engine = await TestEngine.CreateAsync();

        var ex = await Assert.ThrowsAsync<RecipeException>(() => engine.ImportAsync("""
        { "steps": [ { "name": "ContentDefinition", "ContentTypes": [ { "Name": "Good" }, { "Name": "9 Bad" } ] } ] }
        """));

        Assert.Equal(0, ex.StepIndex);
        Assert.Equal("$.steps[0].ContentTypes[1].Name", ex.JsonPath);
        Assert.Contains("9 Bad", ex.Message, StringComparison.Ordinal);
        Assert.Null(await engine.DefinitionsDocumentAsync());
    }

    private static ContentDefinitionDocument Parse(string json) => ContentDefinitionManager.Parse(json);

    private static void AssertJson(string expected, JsonNode? actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        Assert.True(JsonNode.DeepEquals(expectedNode, actual), $"expected {expectedNode?.ToJsonString()}\nactual   {actual?.ToJsonString()}");
    }
}
