using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetTroubleCms.Content.Recipes;
using NetTroubleCms.Content.Tests.Infrastructure;

namespace NetTroubleCms.Content.Tests;

/// <summary>
/// Every refusal names the step, the item and the JSON path in words an editor can act on; none carries the text of a
/// .NET exception. The fuzz test throws seeded, bounded mutations of a definition step at the importer.
/// </summary>
public sealed class LocatedErrorTests
{
    private const string GoodDefinition = """
        { "name": "ContentDefinition",
          "ContentTypes": [ { "Name": "Sample", "DisplayName": "Sample",
            "Settings": { "ContentTypeSettings": { "Creatable": true, "Listable": true, "Draftable": true } },
            "ContentTypePartDefinitionRecords": [
              { "PartName": "TitlePart", "Name": "TitlePart", "Settings": { "ContentTypePartSettings": { "Position": "0" }, "TitlePartSettings": { "Options": 0 } } },
              { "PartName": "AutoroutePart", "Name": "AutoroutePart", "Settings": { "AutoroutePartSettings": { "Pattern": "{{ ContentItem | display_text | slugify }}" } } },
              { "PartName": "Sample", "Name": "Sample", "Settings": {} } ] } ],
          "ContentParts": [ { "Name": "Sample", "Settings": { "ContentPartSettings": { "Attachable": false } },
            "ContentPartFieldDefinitionRecords": [
              { "FieldName": "TextField", "Name": "Body", "Settings": { "ContentPartFieldSettings": { "DisplayName": "Body", "Position": "1" }, "TextFieldSettings": { "Required": false } } },
              { "FieldName": "NumericField", "Name": "Count", "Settings": { "NumericFieldSettings": { "Minimum": 0, "Scale": 0 } } } ] } ] }
        """;

    private const string SampleItem = """
        { "name": "Content", "data": [ { "ContentItemId": "4samp1eitem000000000000001", "ContentItemVersionId": "4samp1eitem000000000000002",
          "ContentType": "Sample", "DisplayText": "Sample", "Latest": true, "Published": true,
          "TitlePart": { "Title": "Sample" }, "Sample": { "Body": { "Text": "text" }, "Count": { "Value": 3 } } } ] }
        """;

    // Words of .NET exceptions that must never reach an editor.
    private static readonly string[] Leaks = ["Object reference", "Exception", "System.", "The JSON value", "could not be converted", "same key", "Parameter '", "Nullable object"];

    [Theory]
    [InlineData("""{ "Name": "Sample", "Settings": null, "ContentTypePartDefinitionRecords": null }""", null, null)]
    [InlineData("""{ "Name": "Sample", "Settings": "x" }""", "$.steps[0].ContentTypes[0].Settings", "Settings は JSON オブジェクトでなければなりません")]
    [InlineData("""{ "Name": "Sample", "ContentTypePartDefinitionRecords": { "PartName": "TitlePart" } }""", "$.steps[0].ContentTypes[0].ContentTypePartDefinitionRecords", "配列でなければなりません")]
    [InlineData("""{ "Name": "Sample", "ContentTypePartDefinitionRecords": [ { "PartName": "TitlePart", "Name": 5 } ] }""", "$.steps[0].ContentTypes[0].ContentTypePartDefinitionRecords[0].Name", "文字列でなければなりません")]
    [InlineData("""{ "Name": null }""", "$.steps[0].ContentTypes[0].Name", "Name がありません")]
    public async Task Malformed_definitions_are_refused_at_their_path_or_read_as_empty(string type, string? path, string? reason)
    {
        await using var engine = await TestEngine.CreateAsync();

        var error = await Record.ExceptionAsync(() => engine.ImportAsync($$"""{ "steps": [ { "name": "ContentDefinition", "ContentTypes": [ {{type}} ] } ] }"""));

        if (path is null)
        {
            Assert.Null(error);
            var exported = (await engine.ExportAsync()).Step("ContentDefinition")["ContentTypes"]![0]!;
            Assert.Equal(JsonValueKind.Object, exported["Settings"]!.GetValueKind());
            Assert.Empty(exported["ContentTypePartDefinitionRecords"]!.AsArray());
            return;
        }

        var refused = Assert.IsType<RecipeException>(error);
        Assert.Equal(path, refused.JsonPath);
        Assert.Equal(0, refused.StepIndex);
        Assert.Contains(reason!, refused.Message, StringComparison.Ordinal);
        Assert.StartsWith("手順 1「ContentDefinition」", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Leaks, refused.Message.Contains);
        Assert.Null(await engine.DefinitionsDocumentAsync());
    }

    [Fact]
    public async Task Duplicate_property_in_an_item_names_the_key_line_and_path()
    {
        await using var engine = await TestEngine.CreateAsync();
        var recipe = $$"""
            { "steps": [ {{GoodDefinition}},
              { "name": "Content", "data": [ { "ContentItemId": "4samp1eitem000000000000001", "ContentType": "Sample",
                "TitlePart": { "Title": "one",
                  "Title": "two" } } ] } ] }
            """;

        var error = await Assert.ThrowsAsync<RecipeException>(() => engine.ImportAsync(recipe));

        Assert.Equal("$.steps[1].data[0].TitlePart.Title", error.JsonPath);
        Assert.Contains("プロパティ「Title」が同じオブジェクトの中で重複しています", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{recipe.Split('\n').ToList().FindIndex(l => l.Contains("\"two\"", StringComparison.Ordinal)) + 1} 行目", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Leaks, error.Message.Contains);
        Assert.Null(await engine.DefinitionsDocumentAsync());
    }

    [Fact]
    public async Task Undefined_variable_is_named_instead_of_a_missing_id()
    {
        await using var engine = await TestEngine.CreateAsync();
        var recipe = $$"""
            { "variables": { "pageId": "[js: uuid()]" }, "steps": [ {{GoodDefinition}},
              { "name": "Content", "data": [ { "ContentItemId": "[js: variables('pageld')]", "ContentType": "Sample", "TitlePart": { "Title": "x" } } ] } ] }
            """;

        var error = await Assert.ThrowsAsync<RecipeException>(() => engine.ImportAsync(recipe));

        Assert.Contains("変数 pageld が定義されていません", error.Message, StringComparison.Ordinal);
        Assert.Equal("$.steps[1].data[0].ContentItemId", error.JsonPath);
        Assert.Equal(1, error.StepIndex);
    }

    [Fact]
    public async Task Broken_json_reports_the_line_without_parser_wording()
    {
        await using var engine = await TestEngine.CreateAsync();

        var error = await Assert.ThrowsAsync<RecipeException>(() => engine.ImportAsync("{ \"steps\": [\n { \"name\": \"Content\" \n \"data\": [] } ] }"));

        Assert.Contains("3 行目", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Leaks, error.Message.Contains);
        Assert.DoesNotContain("invalid", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// 600 seeded mutations of a valid definition step (followed by an item of its type): nulls, wrong kinds, removed
    /// and duplicated keys. Each import either succeeds or is refused with step, path and a reason free of .NET text.
    /// </summary>
    [Fact]
    public async Task Fuzzed_definition_steps_are_imported_or_refused_with_a_located_reason()
    {
        await using var engine = await TestEngine.CreateAsync();
        var random = new Random(20250401);
        var refusedCount = 0;
        var paths = new HashSet<string>(StringComparer.Ordinal);
        for (var round = 0; round < 600; round++)
        {
            var step = JsonNode.Parse(GoodDefinition)!.AsObject();
            var mutations = 1 + random.Next(3);
            var duplicate = (string?)null;
            for (var m = 0; m < mutations; m++)
            {
                duplicate ??= Mutate(step, random);
            }

            var text = step.ToJsonString();
            if (duplicate is not null)
            {
                // JsonObject cannot hold a repeated key, so the repeat is written into the text.
                text = text.Replace("\"__duplicate__\"", $"\"{duplicate}\"", StringComparison.Ordinal);
            }

            var recipe = $$"""{ "steps": [ {{text}}, {{SampleItem}} ] }""";
            RecipeException? refused = null;
            try
            {
                if (round % 10 == 0)
                {
                    // Every tenth case goes all the way through the database, so the item meets the mutated definitions.
                    await engine.ImportAsync(recipe, dryRun: true);
                }
                else
                {
                    // The rest run parse and step in memory: the same code paths, at a pace that keeps the test fast.
                    await using var scope = engine.Scope();
                    var parsed = scope.Recipes.Parse(recipe);
                    var context = new RecipeStepContext(parsed["steps"]![0]!.AsObject(), "ContentDefinition", 0, new Metadata.ContentDefinitionDocument(), new RecipeImportResult());
                    await new ContentDefinitionRecipeStep().ExecuteAsync(context, CancellationToken.None);
                }
            }
            catch (RecipeException ex)
            {
                refused = ex;
            }

            if (refused is null)
            {
                continue;
            }

            refusedCount++;
            paths.Add(refused.JsonPath ?? "");
            Assert.True(refused.JsonPath?.StartsWith("$.steps[", StringComparison.Ordinal), $"round {round}: no path: {refused.Message}\n{recipe}");
            // In memory the step is not yet named by the executor; the path still says which step it is.
            Assert.True(refused.StepIndex is not null || refused.JsonPath!.StartsWith("$.steps[", StringComparison.Ordinal), $"round {round}: no step: {refused.Message}");
            Assert.False(Leaks.Any(refused.Message.Contains), $"round {round}: .NET text: {refused.Message}\n{recipe}");
        }

        // The mutations must actually reach the refusal paths, and in many different places.
        Assert.InRange(refusedCount, 100, 600);
        Assert.True(paths.Count >= 20, string.Join("\n", paths));
        Assert.Null(await engine.DefinitionsDocumentAsync());
    }

    private static readonly Func<Random, JsonNode?>[] Replacements =
    [
        _ => null,
        r => JsonValue.Create(r.Next(-5, 5)),
        _ => JsonValue.Create(true),
        _ => JsonValue.Create(""),
        _ => JsonValue.Create("1x?"),
        _ => new JsonArray(),
        _ => new JsonArray(JsonValue.Create(1), null),
        _ => new JsonObject(),
        _ => new JsonObject { ["Name"] = 3 },
    ];

    /// <summary>Changes one place; returns a key name when it planted a duplicate of it.</summary>
    private static string? Mutate(JsonObject root, Random random)
    {
        var all = new List<JsonNode>();
        Collect(root, all);
        var target = all[random.Next(all.Count)];
        switch (random.Next(4))
        {
            case 0 when target.Parent is JsonObject owner && target.GetPropertyName() != "name":
                owner[target.GetPropertyName()] = Replacements[random.Next(Replacements.Length)](random);
                return null;
            case 1 when target.Parent is JsonArray list:
                list[target.GetElementIndex()] = Replacements[random.Next(Replacements.Length)](random);
                return null;
            case 2 when target.Parent is JsonObject owner && target.GetPropertyName() != "name":
                owner.Remove(target.GetPropertyName());
                return null;
            case 3 when target is JsonObject obj && obj.Count > 0 && !obj.ContainsKey("__duplicate__"):
                var key = obj.ElementAt(random.Next(obj.Count)).Key;
                obj["__duplicate__"] = Replacements[random.Next(Replacements.Length)](random);
                return key;
            default:
                if (target.Parent is JsonObject o && target.GetPropertyName() != "name")
                {
                    o[target.GetPropertyName()] = Replacements[random.Next(Replacements.Length)](random);
                }

                return null;
        }
    }

    private static void Collect(JsonNode? node, List<JsonNode> all)
    {
        if (node is null)
        {
            return;
        }

        all.Add(node);
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, value) in o.ToList())
                {
                    Collect(value, all);
                }

                break;
            case JsonArray a:
                foreach (var value in a.ToList())
                {
                    Collect(value, all);
                }

                break;
        }
    }
}
