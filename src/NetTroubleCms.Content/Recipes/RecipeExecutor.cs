using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using NetTroubleCms.Content.Expressions;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Snapshot;
using NetTroubleCms.Content.Storage;

namespace NetTroubleCms.Content.Recipes;

/// <summary>
/// Imports Orchard recipes all-or-nothing: the file is parsed and checked first, then every step runs in one
/// transaction; any failure rolls everything back and names the step, the item and the JSON path.
/// </summary>
public sealed class RecipeExecutor(
    IContentStore store,
    ContentDefinitionManager definitions,
    IEnumerable<IRecipeStep> steps,
    RecipeExpressionEvaluator evaluator,
    PublishedStamp stamp,
    IOptions<RecipeOptions> options)
{
    /// <summary>Imports a recipe file; <c>[file: …]</c> reads beside it.</summary>
    public async Task<RecipeImportResult> ImportFileAsync(string path, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new RecipeException($"レシピファイル「{path}」が見つかりません。");
        }

        if (info.Length > options.Value.MaxBytes)
        {
            throw new RecipeException($"レシピが大きすぎます（{info.Length} バイト、上限 {options.Value.MaxBytes} バイト）。");
        }

        // Parsed straight from the file's UTF-8 bytes: a big recipe is not held a second time as a .NET string.
        JsonObject recipe;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
        {
            recipe = ParseRoot(() => JsonNode.Parse(stream, new JsonNodeOptions { PropertyNameCaseInsensitive = false }, DocumentOptions));
        }

        return await ImportRecipeAsync(recipe, info.DirectoryName, dryRun, cancellationToken);
    }

    /// <summary>Imports recipe text. <paramref name="fileRoot"/> is the folder file expressions may read; null forbids them.</summary>
    public Task<RecipeImportResult> ImportAsync(string json, string? fileRoot, bool dryRun = false, CancellationToken cancellationToken = default) =>
        ImportRecipeAsync(Parse(json), fileRoot, dryRun, cancellationToken);

    private async Task<RecipeImportResult> ImportRecipeAsync(JsonObject recipe, string? fileRoot, bool dryRun, CancellationToken cancellationToken)
    {
        var result = new RecipeImportResult { DryRun = dryRun };
        var scope = new RecipeExpressionScope(recipe["variables"] as JsonObject, options.Value.Parameters, fileRoot);
        var stepList = recipe["steps"] as JsonArray ?? [];
        var handlers = steps.SelectMany(s => s.Names.Select(n => (Name: n, Step: s)))
            .ToDictionary(x => x.Name, x => x.Step, StringComparer.OrdinalIgnoreCase);

        // Validate the outline before writing anything.
        var outline = new List<(JsonObject Step, string Name)>();
        for (var i = 0; i < stepList.Count; i++)
        {
            if (stepList[i] is not JsonObject step || step["name"] is not JsonValue nameValue || nameValue.GetValueKind() != JsonValueKind.String)
            {
                throw new RecipeException("手順は \"name\" を持つ JSON オブジェクトでなければなりません。", i, null, null, $"$.steps[{i}]");
            }

            outline.Add((step, nameValue.GetValue<string>()));
        }

        await using var tx = await store.BeginTransactionAsync(cancellationToken);
        // Declared after the transaction so it ends first: pending writes are flushed inside the transaction or dropped.
        await using var bulk = await store.BeginBulkAsync(cancellationToken);
        try
        {
            var siteWide = false;
            var defs = (await definitions.LoadAsync(cancellationToken)).Clone();
            for (var i = 0; i < outline.Count; i++)
            {
                var (raw, name) = outline[i];
                if (!handlers.TryGetValue(name, out var handler))
                {
                    result.Steps.Add(new RecipeStepReport(i, name, false, "未対応のため読み飛ばしました"));
                    result.Warnings.Add($"手順 {i + 1}「{name}」には対応していないため、読み飛ばしました。");
                    continue;
                }

                // Evaluated in place: the parsed recipe is ours alone, and a copy of a big Content step would double its memory.
                var step = raw;
                try
                {
                    evaluator.EvaluateTree(step, scope, $"$.steps[{i}]");
                }
                catch (RecipeExpressionException ex)
                {
                    throw new RecipeException(ex.Reason, i, name, jsonPath: ex.JsonPath, inner: ex);
                }

                store.ExpectVersions(VersionIdsOf(step));
                var context = new RecipeStepContext(step, name, i, defs, result);
                try
                {
                    var summary = await handler.ExecuteAsync(context, cancellationToken);
                    result.Steps.Add(new RecipeStepReport(i, name, true, summary));
                }
                catch (RecipeException ex) when (ex.StepIndex is null)
                {
                    throw new RecipeException(ex.Reason, i, name, ex.ContentItemId, ex.JsonPath, ex);
                }

                siteWide |= context.DefinitionsChanged || handler is SettingsRecipeStep;
                if (context.DefinitionsChanged)
                {
                    // Saved at once: later Content steps validate against the definitions built so far.
                    await definitions.SaveAsync(defs, cancellationToken);
                }
            }

            result.Warnings.AddRange(scope.Warnings);
            if (siteWide)
            {
                // Item changes bump the stamp through their events; definitions and settings are announced here.
                await stamp.BumpAsync(cancellationToken);
            }

            await bulk.FlushAsync(cancellationToken);

            if (dryRun)
            {
                definitions.Forget();
                return result;
            }

            await tx.CommitAsync(cancellationToken);
            return result;
        }
        catch (Exception ex) when (ex is not RecipeException and not OperationCanceledException)
        {
            definitions.Forget();
            throw new RecipeException($"予期しないエラー: {ex.Message}", inner: ex);
        }
        catch
        {
            definitions.Forget();
            throw;
        }
    }

    // The version ids a step's items carry, in order, so the store can fetch the stored ones in batches.
    private static List<string> VersionIdsOf(JsonObject step)
    {
        var ids = new List<string>();
        if ((step["data"] ?? step["Data"]) is JsonArray items)
        {
            foreach (var item in items)
            {
                if (item is JsonObject o && o["ContentItemVersionId"] is JsonValue v && v.TryGetValue(out string? id))
                {
                    ids.Add(id);
                }
            }
        }

        return ids;
    }

    /// <summary>Lenient parse: comments and trailing commas allowed, depth limited, root must be an object.</summary>
    public JsonObject Parse(string json)
    {
        if (Encoding.UTF8.GetByteCount(json) > options.Value.MaxBytes)
        {
            throw new RecipeException($"レシピが大きすぎます（上限 {options.Value.MaxBytes} バイト）。");
        }

        return ParseRoot(() => JsonNode.Parse(json, new JsonNodeOptions { PropertyNameCaseInsensitive = false }, DocumentOptions));
    }

    private JsonDocumentOptions DocumentOptions =>
        new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = options.Value.MaxDepth };

    private JsonObject ParseRoot(Func<JsonNode?> parse)
    {
        JsonNode? node;
        try
        {
            node = parse();
        }
        catch (JsonException ex)
        {
            var depth = ex.Message.Contains("depth", StringComparison.OrdinalIgnoreCase) ? $"（入れ子の深さの上限は {options.Value.MaxDepth}）" : "";
            throw new RecipeException($"JSON として読めません{depth}: {ex.LineNumber + 1} 行目 {ex.BytePositionInLine + 1} 文字目付近。{ex.Message}", jsonPath: ex.Path);
        }

        if (node is not JsonObject root)
        {
            throw new RecipeException("レシピの最上位は JSON オブジェクトでなければなりません。", jsonPath: "$");
        }

        if (root["steps"] is not null and not JsonArray)
        {
            throw new RecipeException("steps は配列でなければなりません。", jsonPath: "$.steps");
        }

        return root;
    }
}
