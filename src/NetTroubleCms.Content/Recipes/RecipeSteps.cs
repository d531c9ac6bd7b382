using NetTroubleCms.Content.Resources;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Metadata;

namespace NetTroubleCms.Content.Recipes;

/// <summary><c>ContentDefinition</c>, <c>ReplaceContentDefinition</c> and <c>DeleteContentDefinition</c>.</summary>
public sealed class ContentDefinitionRecipeStep : IRecipeStep
{
    /// <inheritdoc />
    public IReadOnlyCollection<string> Names { get; } = ["ContentDefinition", "ReplaceContentDefinition", "DeleteContentDefinition"];

    /// <inheritdoc />
    public Task<string> ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        context.DefinitionsChanged = true;
        if (context.Name.Equals("DeleteContentDefinition", StringComparison.OrdinalIgnoreCase))
        {
            var types = ReadNames(context, "ContentTypes");
            var parts = ReadNames(context, "ContentParts");
            ContentDefinitionMerger.Delete(context.Definitions, types, parts);
            return Task.FromResult(EngineText.T("タイプ {0} 件、パーツ {1} 件を削除", types.Count, parts.Count));
        }

        ContentDefinitionShape.Check(context.Step, context.Path);
        ContentDefinitionDocument incoming;
        try
        {
            // Bound as a whole, so a serializer path ("$.ContentTypes[0].Name") continues the step's path.
            incoming = context.Step.Deserialize<ContentDefinitionDocument>(ContentJson.Options) ?? new ContentDefinitionDocument();
        }
        catch (JsonException ex)
        {
            // The shape check above catches the usual mistakes; this names the place of anything it let through.
            throw new RecipeException(EngineText.T("定義の値の形が正しくありません（文字列・配列・オブジェクトの種類を確認してください）。"), jsonPath: context.Path + (ex.Path is null ? "" : ex.Path.TrimStart('$')));
        }

        // JSON null where a list or object belongs means "none": the records promise non-null values from here on.
        incoming.ContentTypes.RemoveAll(t => t is null);
        incoming.ContentParts.RemoveAll(p => p is null);
        foreach (var type in incoming.ContentTypes)
        {
            ContentDefinitionMerger.Normalize(type);
        }

        foreach (var part in incoming.ContentParts)
        {
            ContentDefinitionMerger.Normalize(part);
        }

        foreach (var (type, i) in incoming.ContentTypes.Select((t, i) => (t, i)))
        {
            CheckName(type.Name, $"{context.Path}.ContentTypes[{i}].Name");
            foreach (var (a, j) in type.ContentTypePartDefinitionRecords.Select((a, j) => (a, j)))
            {
                CheckName(a.Name, $"{context.Path}.ContentTypes[{i}].ContentTypePartDefinitionRecords[{j}].Name");
                if (string.IsNullOrEmpty(a.PartName))
                {
                    a.PartName = a.Name;
                }
            }
        }

        foreach (var (part, i) in incoming.ContentParts.Select((p, i) => (p, i)))
        {
            CheckName(part.Name, $"{context.Path}.ContentParts[{i}].Name");
            foreach (var (f, j) in part.ContentPartFieldDefinitionRecords.Select((f, j) => (f, j)))
            {
                CheckName(f.Name, $"{context.Path}.ContentParts[{i}].ContentPartFieldDefinitionRecords[{j}].Name");
            }
        }

        if (context.Name.Equals("ReplaceContentDefinition", StringComparison.OrdinalIgnoreCase))
        {
            ContentDefinitionMerger.Replace(context.Definitions, incoming);
        }
        else
        {
            ContentDefinitionMerger.Merge(context.Definitions, incoming);
        }

        return Task.FromResult(EngineText.T("タイプ {0} 件、パーツ {1} 件", incoming.ContentTypes.Count, incoming.ContentParts.Count));
    }

    private static List<string> ReadNames(RecipeStepContext context, string key) =>
        context.Step[key] is JsonArray a ? [.. a.Select(n => n?.ToString() ?? "")] : [];

    // Orchard's rule: a letter first, then letters, digits or underscores.
    private static void CheckName(string name, string path)
    {
        if (string.IsNullOrEmpty(name) || !char.IsLetter(name[0]) || !name.All(c => char.IsLetterOrDigit(c) || c == '_'))
        {
            throw new RecipeException(EngineText.T("名前「{0}」は使えません（英字で始まり、英数字と _ のみ）。", name), jsonPath: path);
        }
    }
}

/// <summary><c>Content</c>: item versions, imported with Orchard's id and version rules.</summary>
public sealed class ContentRecipeStep(ContentManager contentManager) : IRecipeStep
{
    /// <inheritdoc />
    public IReadOnlyCollection<string> Names { get; } = ["Content"];

    /// <inheritdoc />
    public async Task<string> ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        var dataKey = context.Step.ContainsKey("data") ? "data" : "Data";
        var data = context.Step[dataKey];
        if (data is null)
        {
            return EngineText.T("アイテムなし");
        }

        if (data is not JsonArray items)
        {
            throw new RecipeException(EngineText.T("data は配列でなければなりません。"), jsonPath: $"{context.Path}.{dataKey}");
        }

        var before = (context.Result.Created, context.Result.Updated, context.Result.Unchanged);
        // Read once for the step: no step runs in the middle of this one, so the settings cannot change under it.
        var culture = new CultureHint(await contentManager.DefaultCultureAsync(cancellationToken));
        foreach (var i in OriginalsFirst(items, culture.Culture))
        {
            var path = $"{context.Path}.{dataKey}[{i}]";
            context.CurrentPath = path;
            context.ContentItemId = (items[i] as JsonObject)?["ContentItemId"] is JsonValue idValue && idValue.GetValueKind() == JsonValueKind.String ? idValue.GetValue<string>() : null;
            if (items[i] is not JsonObject json)
            {
                throw new RecipeException(EngineText.T("アイテムは JSON オブジェクトでなければなりません。"), jsonPath: path);
            }

            ContentItem item;
            try
            {
                // A recipe the import parsed itself is read once: the item takes its nodes and the step lets go of it.
                item = context.OwnsStep ? ContentItem.TakeJson(json, path) : ContentItem.FromJson(json, path);
                if (context.OwnsStep)
                {
                    items[i] = null;
                }
            }
            catch (ContentFormatException ex)
            {
                throw new RecipeException(ex.Problem, contentItemId: json["ContentItemId"]?.ToString(), jsonPath: ex.JsonPath);
            }

            try
            {
                var outcome = await contentManager.ImportAsync(item, context.Definitions, path, context.Result.Warnings, context.TranslationConflicts, context.Result.OriginalsBeforeTranslations, culture, cancellationToken);
                switch (outcome)
                {
                    case ImportOutcome.Created: context.Result.Created++; break;
                    case ImportOutcome.Updated: context.Result.Updated++; break;
                    default: context.Result.Unchanged++; break;
                }

                context.Result.Items.Add((item.ContentItemId, item.ContentType, item.DisplayText, outcome.ToString()));
            }
            catch (ContentImportException ex)
            {
                throw new RecipeException(ex.Reason, contentItemId: ex.ContentItemId, jsonPath: ex.JsonPath, inner: ex);
            }
            catch (TranslationConflictException ex)
            {
                throw new RecipeException(ex.Reason, contentItemId: ex.ContentItemId, jsonPath: ex.JsonPath, inner: ex);
            }
        }

        return EngineText.T("作成 {0}、更新 {1}、変更なし {2}", context.Result.Created - before.Created, context.Result.Updated - before.Updated, context.Result.Unchanged - before.Unchanged);
    }

    // Translations take their shared facts from their set's original, so originals are imported first wherever they
    // stand in the step; everything else keeps the recipe's order.
    private static IEnumerable<int> OriginalsFirst(JsonArray items, string? culture)
    {
        bool IsTranslation(JsonNode? node) =>
            node is JsonObject json && json["LocalizationPart"] is JsonObject part
            && part["Culture"]?.ToString() is { Length: > 0 } c && culture is not null
            && !string.Equals(c, culture, StringComparison.OrdinalIgnoreCase);
        return Enumerable.Range(0, items.Count).OrderBy(i => IsTranslation(items[i]) ? 1 : 0);
    }
}

/// <summary><c>Settings</c>: site name, culture, home route and any named section, merged key by key.</summary>
public sealed class SettingsRecipeStep(SiteSettingsManager settings) : IRecipeStep
{
    /// <inheritdoc />
    public IReadOnlyCollection<string> Names { get; } = ["Settings"];

    /// <inheritdoc />
    public async Task<string> ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        var current = await settings.LoadAsync(cancellationToken);
        var keys = new List<string>();
        foreach (var (key, value) in context.Step)
        {
            if (key.Equals("name", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            current[key] = value?.DeepClone();
            keys.Add(key);
        }

        await settings.SaveAsync(current, cancellationToken);
        return string.Join(", ", keys);
    }
}
