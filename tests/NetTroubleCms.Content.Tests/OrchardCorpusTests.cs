using System.Text.Json;
using System.Text.Json.Nodes;
using NetTroubleCms.Content.Tests.Infrastructure;

namespace NetTroubleCms.Content.Tests;

/// <summary>Real Orchard setup recipes, imported unmodified from their folders so file: snippets resolve.</summary>
public sealed class OrchardCorpusTests
{
    private static readonly string[] KnownUnsupported =
        ["feature", "themes", "layers", "Templates", "MediaProfiles", "lucene-index", "AdminTrees", "WorkflowType"];

    [Theory]
    [InlineData("agency", 15)]
    [InlineData("blog", 12)]
    [InlineData("comingsoon", 3)]
    [InlineData("headless", 0)]
    public async Task Orchard_recipe_imports_and_its_types_and_items_are_exported(string name, int typeCount)
    {
        await using var engine = await TestEngine.CreateAsync();
        var path = OrchardCorpus.RecipePath(name);
        var recipe = RecipeJson.Parse(await File.ReadAllTextAsync(path));

        Recipes.RecipeImportResult result;
        await using (var scope = engine.Scope())
        {
            result = await scope.Recipes.ImportFileAsync(path);
        }

        var export = await engine.ExportAsync();

        var stepNames = recipe.Steps().Select(s => s["name"]!.GetValue<string>()).ToList();
        var expectedUnsupported = stepNames.Where(n => KnownUnsupported.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
        Assert.Equal(expectedUnsupported, result.UnsupportedSteps.ToList());
        var exportedTypes = export.Steps().Single(s => s["name"]!.GetValue<string>() == "ContentDefinition")["ContentTypes"]!.AsArray()
            .Select(t => t!["Name"]!.GetValue<string>()).ToList();
        var recipeTypes = recipe.Steps().Where(s => s["name"]!.GetValue<string>() == "ContentDefinition")
            .SelectMany(s => s["ContentTypes"]!.AsArray()).Select(t => t!["Name"]!.GetValue<string>()).ToList();
        Assert.Equal(typeCount, recipeTypes.Count);
        Assert.Equal(recipeTypes, exportedTypes);
        var recipeItemTypes = recipe.Steps().Where(s => s["name"]!.GetValue<string>().Equals("content", StringComparison.OrdinalIgnoreCase))
            .SelectMany(s => (s["data"] ?? s["Data"])!.AsArray()).Select(i => i!["ContentType"]!.GetValue<string>()).ToList();
        var exportedItems = export.Steps().Single(s => s["name"]!.GetValue<string>() == "Content")["data"]!.AsArray().Select(i => i!.AsObject()).ToList();
        Assert.Equal(recipeItemTypes.Count, result.Items.Count);
        Assert.Equal(recipeItemTypes, result.Items.Select(i => i.ContentType).ToList());
        Assert.All(result.Items, i => Assert.True(IdGenerator.IsValid(i.ContentItemId), i.ContentItemId));
        Assert.Equal(result.Items.Select(i => i.ContentItemId).Order(), exportedItems.Select(i => i["ContentItemId"]!.GetValue<string>()).Order());
        Assert.DoesNotContain(exportedItems.SelectMany(Strings), v => v.StartsWith("[js", StringComparison.Ordinal) || v.StartsWith("[file", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Blog_legacy_flat_settings_become_nested_bags_with_real_booleans()
    {
        await using var engine = await TestEngine.CreateAsync();

        await using (var scope = engine.Scope())
        {
            await scope.Recipes.ImportFileAsync(OrchardCorpus.RecipePath("blog"));
        }

        var definitions = (await engine.ExportAsync()).Step("ContentDefinition");
        var article = definitions["ContentTypes"]!.AsArray().Single(t => t!["Name"]!.GetValue<string>() == "Article")!;
        var typeSettings = article["Settings"]!["ContentTypeSettings"]!;
        Assert.Equal(JsonValueKind.True, typeSettings["Creatable"]!.GetValueKind());
        Assert.Equal(JsonValueKind.True, typeSettings["Versionable"]!.GetValueKind());
        Assert.Equal(JsonValueKind.False, typeSettings["Securable"]!.GetValueKind());
        Assert.Null(article["Settings"]!["Creatable"]);
        var route = article["ContentTypePartDefinitionRecords"]!.AsArray().Single(a => a!["Name"]!.GetValue<string>() == "AutoroutePart")!["Settings"]!;
        Assert.Equal("1", route["ContentTypePartSettings"]!["Position"]!.GetValue<string>());
        Assert.Equal("{{ ContentItem | display_text | slugify }}", route["AutoroutePartSettings"]!["Pattern"]!.GetValue<string>());
        Assert.Equal(JsonValueKind.True, route["AutoroutePartSettings"]!["AllowCustomPath"]!.GetValueKind());
        Assert.Null(route["Pattern"]);
        Assert.Null(route["Position"]);
        // Settings the engine does not know stay as they were.
        Assert.Equal(JsonValueKind.Object, route["ContentIndexSettings"]!.GetValueKind());
        var subtitle = definitions["ContentParts"]!.AsArray().Single(p => p!["Name"]!.GetValue<string>() == "BlogPost")!["ContentPartFieldDefinitionRecords"]![0]!;
        Assert.Equal("Subtitle", subtitle["Settings"]!["ContentPartFieldSettings"]!["DisplayName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Blog_items_are_wired_by_variables_and_keep_snippet_markup_and_quirks()
    {
        await using var engine = await TestEngine.CreateAsync();

        await using (var scope = engine.Scope())
        {
            await scope.Recipes.ImportFileAsync(OrchardCorpus.RecipePath("blog"));
        }

        var items = (await engine.ExportAsync()).Step("Content")["data"]!.AsArray().Select(i => i!.AsObject()).ToList();
        var blog = items.Single(i => i["ContentType"]!.GetValue<string>() == "Blog");
        var post = items.Single(i => i["ContentType"]!.GetValue<string>() == "BlogPost");
        var footer = items.Single(i => i["ContentType"]!.GetValue<string>() == "RawHtml");
        Assert.Equal(blog["ContentItemId"]!.GetValue<string>(), post["ContainedPart"]!["ListContentItemId"]!.GetValue<string>());
        Assert.Equal("admin", post["Author"]!.GetValue<string>());
        var snippet = await File.ReadAllTextAsync(Path.Combine(OrchardCorpus.Folder, "blog", "Snippets", "footer.html"));
        Assert.Equal(snippet, footer["RawHtml"]!["Content"]!["Html"]!.GetValue<string>());
        Assert.Equal("Footer", footer["Displaytext"]!.GetValue<string>());
        Assert.Null(footer["DisplayText"]);
    }

    [Fact]
    public async Task Agency_snippets_and_site_name_parameter_are_imported()
    {
        await using var engine = await TestEngine.CreateAsync();

        await using (var scope = engine.Scope())
        {
            await scope.Recipes.ImportFileAsync(OrchardCorpus.RecipePath("agency"));
        }

        var items = (await engine.ExportAsync()).Step("Content")["data"]!.AsArray().Select(i => i!.AsObject()).ToList();
        var widget = items.Single(i => i["ContentType"]!.GetValue<string>() == "HtmlWidget");
        var landing = items.Single(i => i["ContentType"]!.GetValue<string>() == "LandingPage");
        var snippet = await File.ReadAllTextAsync(Path.Combine(OrchardCorpus.Folder, "agency", "Snippets", "footer.html"));
        Assert.Equal(snippet, widget["HtmlWidget"]!["Content"]!["Html"]!.GetValue<string>());
        Assert.Equal("テストサイト", landing["DisplayText"]!.GetValue<string>());
        Assert.Equal("4a1b2c3d4e5f6g7h8j9k0mnpqr", landing["Owner"]!.GetValue<string>());
        Assert.Equal([3, 6, 4, 3, 4], new[] { "Services", "Portfolio", "About", "Team", "Clients" }.Select(bag => landing[bag]!["ContentItems"]!.AsArray().Count));
    }

    [Fact]
    public async Task Coming_soon_imports_its_item_before_its_type_and_reports_both_warnings()
    {
        await using var engine = await TestEngine.CreateAsync();

        Recipes.RecipeImportResult result;
        await using (var scope = engine.Scope())
        {
            result = await scope.Recipes.ImportFileAsync(OrchardCorpus.RecipePath("comingsoon"));
        }

        Assert.Contains(result.Warnings, w => w.Contains("ComingSoon", StringComparison.Ordinal) && w.Contains("定義されていません", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Contains("createWorkflowToken", StringComparison.Ordinal));
        var item = (await engine.ExportAsync()).Step("Content")["data"]!.AsArray().Single()!;
        var json = item.ToJsonString();
        Assert.Contains("\"Action\":\"/workflows/invoke\"", json, StringComparison.Ordinal);
        // The readyDate variable is a script with a top-level return, as Orchard's Jint engine allows.
        Assert.Contains(Strings(item), v => System.Text.RegularExpressions.Regex.IsMatch(v, @"launch date is <strong>[A-Z][a-z]+ \d{4}</strong>"));
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [v.GetValue<string>()],
        _ => [],
    };
}
