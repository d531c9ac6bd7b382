using System.Text.Json;
using System.Text.Json.Nodes;
using NetTroubleCms.Content.Tests.Infrastructure;

namespace NetTroubleCms.Content.Tests;

/// <summary>Real Orchard setup recipes, imported unmodified from their folders so file: snippets resolve.</summary>
public sealed class OrchardCorpusTests
{
    private static readonly string[] KnownUnsupported =
        ["feature", "themes", "layers", "media", "Templates", "MediaProfiles", "lucene-index", "queries", "AdminTrees", "WorkflowType"];

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
    }
}
