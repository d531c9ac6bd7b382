using NetTroubleCms.Content.Resources;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace NetTroubleCms.Content.Recipes;

/// <summary>
/// Orchard's <c>recipes</c> step: <c>{ "name": "recipes", "Values": [ { "executionid": "…", "name": "RecipeName" } ] }</c>.
/// Each named recipe (matched on its top-level <c>name</c>) is looked up in the importing recipe's folder, then in the
/// configured library folders, and its steps run right away in the same transaction: if one fails, the whole import,
/// parent included, is rolled back.
/// </summary>
public sealed class RecipesRecipeStep(IOptions<RecipeOptions> options) : IRecipeStep
{
    /// <inheritdoc />
    public IReadOnlyCollection<string> Names { get; } = ["recipes"];

    /// <inheritdoc />
    public async Task<string> ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        var valuesKey = context.Step.Select(p => p.Key).FirstOrDefault(k => k.Equals("Values", StringComparison.OrdinalIgnoreCase)) ?? "Values";
        if (context.Step[valuesKey] is not JsonArray values)
        {
            throw new RecipeException(EngineText.T("Values は配列でなければなりません（実行するレシピの name を並べます）。"), jsonPath: $"{context.Path}.{valuesKey}");
        }

        var ran = new List<string>();
        for (var i = 0; i < values.Count; i++)
        {
            var path = $"{context.Path}.{valuesKey}[{i}]";
            var name = (values[i] as JsonObject)?.FirstOrDefault(p => p.Key.Equals("name", StringComparison.OrdinalIgnoreCase)).Value;
            if (name is not JsonValue v || v.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetValue<string>()))
            {
                throw new RecipeException(EngineText.T("実行するレシピの name がありません。"), jsonPath: path);
            }

            var recipeName = v.GetValue<string>();
            var (file, recipe) = Find(recipeName, context.FileRoot)
                ?? throw new RecipeException(EngineText.T("レシピ「{0}」が見つかりません（このレシピのフォルダとレシピ ライブラリを探しました）。", recipeName), jsonPath: $"{path}.name");
            context.CurrentPath = path;
            try
            {
                await context.RunNestedAsync(recipe, Path.GetDirectoryName(file), recipeName, cancellationToken);
            }
            catch (RecipeException ex)
            {
                // The inner message names the inner step and path; the outer path says which entry started it.
                throw new RecipeException(EngineText.T("レシピ「{0}」（{1}）の取り込みに失敗しました — {2}", recipeName, Path.GetFileName(file), ex.Message), jsonPath: path, inner: ex);
            }

            ran.Add(recipeName);
        }

        return EngineText.T("レシピ {0} 件を実行: {1}", ran.Count, string.Join(", ", ran));
    }

    private (string File, JsonObject Recipe)? Find(string name, string? ownFolder)
    {
        var folders = new List<string>();
        if (ownFolder is not null)
        {
            folders.Add(ownFolder);
        }

        folders.AddRange(options.Value.LibraryFolders);
        foreach (var folder in folders.Where(Directory.Exists).Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
        {
            // The folder itself and one level below, where Orchard themes and modules keep their Recipes folders.
            var files = Directory.EnumerateFiles(folder, "*.json").Concat(Directory.EnumerateDirectories(folder).SelectMany(d => Directory.EnumerateFiles(d, "*.json")));
            foreach (var file in files.Order(StringComparer.Ordinal))
            {
                var info = new FileInfo(file);
                if (info.Length > options.Value.MaxBytes || info.LinkTarget is not null)
                {
                    continue;
                }

                JsonObject? recipe;
                try
                {
                    recipe = JsonNode.Parse(File.ReadAllText(file), null,
                        new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = options.Value.MaxDepth }) as JsonObject;
                }
                catch (JsonException)
                {
                    // Not a recipe (or not readable): other JSON files may sit beside recipes.
                    continue;
                }

                if (recipe?["name"] is JsonValue n && n.GetValueKind() == JsonValueKind.String
                    && string.Equals(n.GetValue<string>(), name, StringComparison.OrdinalIgnoreCase) && recipe["steps"] is JsonArray)
                {
                    return (file, recipe);
                }
            }
        }

        return null;
    }
}
