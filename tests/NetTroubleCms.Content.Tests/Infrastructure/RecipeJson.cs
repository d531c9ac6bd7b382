using System.Text.Json;
using System.Text.Json.Nodes;

namespace NetTroubleCms.Content.Tests.Infrastructure;

/// <summary>Reading recipe JSON the lenient way Orchard does (comments, trailing commas).</summary>
public static class RecipeJson
{
    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static JsonObject Parse(string json) => JsonNode.Parse(json, documentOptions: Lenient)!.AsObject();

    public static IEnumerable<JsonObject> Steps(this JsonObject recipe) => recipe["steps"]!.AsArray().Select(s => s!.AsObject());

    public static JsonObject Step(this JsonObject recipe, string name) =>
        recipe.Steps().Single(s => string.Equals(s["name"]!.GetValue<string>(), name, StringComparison.OrdinalIgnoreCase));

    public static string Text(this JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
