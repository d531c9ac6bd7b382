using NetTroubleCms.Content.Tests.Infrastructure;

namespace NetTroubleCms.Content.Tests;

/// <summary>
/// TitlePart on import follows Orchard: a translated DisplayText beside an untranslated title survives, and a
/// generated title comes from the type's Liquid pattern. The items are samples shaped like a French site export.
/// </summary>
public sealed class TitlePartImportTests
{
    private const string Definitions = """
        { "name": "ContentDefinition", "ContentTypes": [
          { "Name": "Page", "DisplayName": "Page", "Settings": { "ContentTypeSettings": { "Creatable": true, "Listable": true } },
            "ContentTypePartDefinitionRecords": [ { "PartName": "TitlePart", "Name": "TitlePart", "Settings": {} },
              { "PartName": "LocalizationPart", "Name": "LocalizationPart", "Settings": {} } ] },
          { "Name": "Product", "DisplayName": "Product", "Settings": {},
            "ContentTypePartDefinitionRecords": [ { "PartName": "Product", "Name": "Product", "Settings": {} },
              { "PartName": "TitlePart", "Name": "TitlePart",
                "Settings": { "TitlePartSettings": { "Options": 2, "Pattern": "{{ ContentItem.Content.Product.Sku.Text }} – {{ ContentItem.Content.Product.Label.Text }}" } } } ] },
          { "Name": "Note", "DisplayName": "Note", "Settings": {},
            "ContentTypePartDefinitionRecords": [ { "PartName": "TitlePart", "Name": "TitlePart",
                "Settings": { "TitlePartSettings": { "Options": "GeneratedDisabled" } } } ] } ],
          "ContentParts": [ { "Name": "Product", "Settings": {}, "ContentPartFieldDefinitionRecords": [
            { "FieldName": "TextField", "Name": "Sku", "Settings": {} }, { "FieldName": "TextField", "Name": "Label", "Settings": {} } ] } ] }
        """;

    private static string Recipe(string items) => $$"""{ "steps": [ {{Definitions}}, { "name": "Content", "data": [ {{items}} ] } ] }""";

    [Fact]
    public async Task French_display_text_is_kept_when_the_title_is_editable()
    {
        await using var engine = await TestEngine.CreateAsync();

        await engine.ImportAsync(Recipe("""
            { "ContentItemId": "4sampleproduitfr00000000aa", "ContentItemVersionId": "4sampleproduitfr00000000ab", "ContentType": "Page",
              "DisplayText": "Produit", "Latest": true, "Published": true,
              "TitlePart": { "Title": "Product" }, "LocalizationPart": { "LocalizationSet": "4samplesetproduit000000000", "Culture": "fr" } },
            { "ContentItemId": "4samplesansnom00000000000a", "ContentItemVersionId": "4samplesansnom00000000000b", "ContentType": "Page",
              "DisplayText": "  ", "Latest": true, "Published": true, "TitlePart": { "Title": "Documentation" } }
            """));

        var items = (await engine.ExportAsync()).Step("Content")["data"]!.AsArray();
        Assert.Equal("Produit", items.Single(i => i!["ContentItemId"]!.GetValue<string>() == "4sampleproduitfr00000000aa")!["DisplayText"]!.GetValue<string>());
        Assert.Equal("Product", items.Single(i => i!["ContentItemId"]!.GetValue<string>() == "4sampleproduitfr00000000aa")!["TitlePart"]!["Title"]!.GetValue<string>());
        // A blank DisplayText is filled from the title, so the item still has a name in lists.
        Assert.Equal("Documentation", items.Single(i => i!["ContentItemId"]!.GetValue<string>() == "4samplesansnom00000000000a")!["DisplayText"]!.GetValue<string>());
    }

    [Fact]
    public async Task Generated_title_comes_from_the_pattern_and_overrides_the_imported_one()
    {
        await using var engine = await TestEngine.CreateAsync();

        await engine.ImportAsync(Recipe("""
            { "ContentItemId": "4sampleproduit000000000001", "ContentItemVersionId": "4sampleproduit000000000002", "ContentType": "Product",
              "DisplayText": "Ancien titre", "Latest": true, "Published": true, "TitlePart": { "Title": "Ancien titre" },
              "Product": { "Sku": { "Text": "FR-042" }, "Label": { "Text": "Café\nen grains" } } }
            """));

        var item = (await engine.ExportAsync()).Step("Content")["data"]![0]!;
        Assert.Equal("FR-042 – Caféen grains", item["DisplayText"]!.GetValue<string>());
        Assert.Equal("FR-042 – Caféen grains", item["TitlePart"]!["Title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Generated_title_without_a_pattern_keeps_the_imported_display_text()
    {
        await using var engine = await TestEngine.CreateAsync();

        await engine.ImportAsync(Recipe("""
            { "ContentItemId": "4samplenote000000000000001", "ContentItemVersionId": "4samplenote000000000000002", "ContentType": "Note",
              "DisplayText": "Remarque", "Latest": true, "Published": true, "TitlePart": { "Title": "Note" } }
            """));

        Assert.Equal("Remarque", (await engine.ExportAsync()).Step("Content")["data"]![0]!["DisplayText"]!.GetValue<string>());
    }
}
