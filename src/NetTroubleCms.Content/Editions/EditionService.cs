using System.Text.Json;
using System.Text.Json.Nodes;
using NetTroubleCms.Content.Localization;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Recipes;
using NetTroubleCms.Content.Storage;

namespace NetTroubleCms.Content.Editions;

/// <summary>
/// Regional editions: a site imports a base guide and keeps its own changes (the layer) on top. A newer base is
/// merged three ways against the stored one, so the layer survives and only real disagreements are left to a person.
/// </summary>
public sealed class EditionService(
    IContentStore store,
    RecipeExecutor executor,
    RecipeExporter exporter,
    ContentDefinitionManager definitions,
    SiteSettingsManager settings,
    EditionStore documents,
    PendingEditions pending,
    TimeProvider clock)
{
    /// <summary>
    /// Imports <paramref name="json"/> as the site's base. Items the site never changed follow the new base; the
    /// site's changes are kept; disagreements are kept local and recorded. All or nothing, like any import.
    /// </summary>
    public async Task<EditionImportResult> ImportBaseAsync(string json, string? fileRoot, string? name = null, bool dryRun = false,
        TranslationConflictPolicy translationConflicts = TranslationConflictPolicy.Refuse, CancellationToken cancellationToken = default)
    {
        var recipe = executor.Parse(json);
        var previous = await documents.GetBaseAsync(cancellationToken);
        var plan = await PlanAsync(previous?.Recipe ?? [], recipe, cancellationToken);

        var open = (await documents.GetConflictsAsync(cancellationToken)).Conflicts;
        // Conflicts nobody settled yet stay open unless this merge found the same place again (its finding is newer)
        // or their item is gone.
        var carried = open.Where(c => !plan.Conflicts.Any(n => n.ContentItemId == c.ContentItemId && n.Path == c.Path)
            && !plan.Removals.Contains(c.ContentItemId)).ToList();
        var conflicts = new EditionConflictList { Conflicts = [.. carried, .. plan.Conflicts] };
        var edition = new BaseEdition
        {
            Name = name ?? (recipe["displayName"]?.ToString() is { Length: > 0 } d ? d : recipe["name"]?.ToString() ?? ""),
            ImportedUtc = clock.GetUtcNow().UtcDateTime,
            Recipe = (JsonObject)recipe.DeepClone(),
        };
        var token = IdGenerator.NewId();
        pending.Add(token, new PendingEdition(edition, conflicts, plan.Removals));
        ((JsonArray)plan.Recipe["steps"]!).Add(new JsonObject { ["name"] = EditionRecipeStep.StepName, ["token"] = token });
        try
        {
            var result = await executor.ImportParsedAsync(plan.Recipe, fileRoot, dryRun, translationConflicts, cancellationToken);
            return new EditionImportResult(result, plan.Conflicts, plan.Removals, plan.KeptLocal);
        }
        finally
        {
            pending.Forget(token);
        }
    }

    /// <summary>The stored base, or null.</summary>
    public Task<BaseEdition?> GetBaseAsync(CancellationToken cancellationToken = default) => documents.GetBaseAsync(cancellationToken);

    /// <summary>True when the site has a base guide (reads the small keys document, not the whole recipe).</summary>
    public async Task<bool> HasBaseAsync(CancellationToken cancellationToken = default) =>
        await store.GetDocumentAsync(EditionStore.BaseKeysDocumentName, cancellationToken) is not null;

    /// <summary>The open conflicts.</summary>
    public async Task<IReadOnlyList<EditionConflict>> GetConflictsAsync(CancellationToken cancellationToken = default) =>
        (await documents.GetConflictsAsync(cancellationToken)).Conflicts;

    /// <summary>Closes a conflict (after a person settled it); false when it was not open.</summary>
    public async Task<bool> CloseConflictAsync(string id, CancellationToken cancellationToken = default)
    {
        var list = await documents.GetConflictsAsync(cancellationToken);
        if (list.Conflicts.RemoveAll(c => c.Id == id) == 0)
        {
            return false;
        }

        await documents.SaveConflictsAsync(list, cancellationToken);
        return true;
    }

    /// <summary>The site's layer: items not in the base, and base items whose published content differs from it.</summary>
    public async Task<EditionLayer> GetLayerAsync(CancellationToken cancellationToken = default)
    {
        if (await documents.GetBaseAsync(cancellationToken) is not { } edition)
        {
            return new EditionLayer([], [], false);
        }

        var (defs, culture) = await ContextAsync(cancellationToken);
        var baseItems = ItemsOf(edition.Recipe, defs, culture);
        var added = new List<string>();
        var changed = new List<string>();
        foreach (var (id, local) in await LocalItemsAsync(defs, culture, cancellationToken))
        {
            if (!baseItems.TryGetValue(id, out var b))
            {
                added.Add(id);
            }
            else if (!EditionMerger.SameContent(b, local))
            {
                changed.Add(id);
            }
        }

        return new EditionLayer(added, changed, true);
    }

    /// <summary>The stored base recipe, as imported; null when there is none.</summary>
    public async Task<JsonObject?> ExportBaseAsync(CancellationToken cancellationToken = default) =>
        (await documents.GetBaseAsync(cancellationToken))?.Recipe.DeepClone() as JsonObject;

    /// <summary>
    /// The layer as a recipe of whole items (Orchard's shape): importing the base and then this into an empty site
    /// gives the same published content.
    /// </summary>
    public async Task<JsonObject> ExportLayerAsync(CancellationToken cancellationToken = default)
    {
        var layer = await GetLayerAsync(cancellationToken);
        var ids = layer.Added.Concat(layer.Changed).ToList();
        JsonObject recipe;
        if (ids.Count == 0)
        {
            // An empty id list would mean "everything" to the exporter.
            recipe = await exporter.ExportAsync(new RecipeExportRequest { IncludeContent = false, IncludeDefinitions = false, IncludeSettings = false, IncludeOther = false }, cancellationToken);
            ((JsonArray)recipe["steps"]!).Add(new JsonObject { ["name"] = "Content", ["data"] = new JsonArray() });
        }
        else
        {
            recipe = await exporter.ExportAsync(new RecipeExportRequest { ContentItemIds = ids, IncludeDefinitions = false, IncludeSettings = false, IncludeOther = false }, cancellationToken);
        }

        return recipe;
    }

    /// <summary>
    /// Sets the base's value at the conflict's path in <paramref name="item"/> (for value conflicts), or takes the
    /// missing id out of the list that names it (for reference conflicts). False when the path is no longer there.
    /// </summary>
    public static bool ApplyBaseValue(ContentItem item, EditionConflict conflict)
    {
        var segments = Segments(conflict.Path);
        if (segments.Count == 0)
        {
            return false;
        }

        JsonNode? node = item.Content;
        for (var i = 0; i < segments.Count - 1; i++)
        {
            node = Step(node, segments[i]);
            if (node is null)
            {
                return false;
            }
        }

        var last = segments[^1];
        if (conflict.Kind == EditionConflictKind.Reference)
        {
            if (Step(node, last) is not JsonArray list)
            {
                return false;
            }

            var index = list.Select((x, i) => (x, i)).FirstOrDefault(p => p.x?.ToString() == conflict.Missing, (null!, -1)).i;
            if (index < 0)
            {
                return false;
            }

            list.RemoveAt(index);
            return true;
        }

        if (node is JsonObject parent && !last.StartsWith('['))
        {
            if (conflict.HasNew)
            {
                parent[last] = conflict.New?.DeepClone();
            }
            else
            {
                parent.Remove(last);
            }

            if (segments.Count == 2 && segments[0] == "TitlePart" && last == "Title")
            {
                item.DisplayText = conflict.New?.ToString();
            }

            return true;
        }

        if (node is JsonArray bag && last.StartsWith('['))
        {
            var id = last[1..^1];
            var index = bag.Select((x, i) => (x, i)).FirstOrDefault(p => p.x?["ContentItemId"]?.ToString() == id, (null!, -1)).i;
            if (conflict.HasNew)
            {
                if (index >= 0)
                {
                    bag[index] = conflict.New?.DeepClone();
                }
                else
                {
                    bag.Add(conflict.New?.DeepClone());
                }
            }
            else if (index >= 0)
            {
                bag.RemoveAt(index);
            }

            return true;
        }

        if (segments.Count == 1 && segments[0] == "DisplayText")
        {
            item.DisplayText = conflict.New?.ToString();
            return true;
        }

        return false;
    }

    // "Channels.ContentItems[abc].Channel.Value.Text" → Channels, ContentItems, [abc], Channel, Value, Text.
    private static List<string> Segments(string path)
    {
        var result = new List<string>();
        foreach (var part in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            if (bracket > 0)
            {
                result.Add(part[..bracket]);
                result.Add(part[bracket..]);
            }
            else
            {
                result.Add(part);
            }
        }

        return result;
    }

    private static JsonNode? Step(JsonNode? node, string segment) => segment.StartsWith('[')
        ? (node as JsonArray)?.FirstOrDefault(x => x?["ContentItemId"]?.ToString() == segment[1..^1])
        : (node as JsonObject)?[segment];

    private sealed record Plan(JsonObject Recipe, List<EditionConflict> Conflicts, List<string> Removals, int KeptLocal);

    private async Task<Plan> PlanAsync(JsonObject oldRecipe, JsonObject newRecipe, CancellationToken cancellationToken)
    {
        var (defs, culture) = await ContextAsync(cancellationToken);
        var old = ItemsOf(oldRecipe, defs, culture);
        var local = await LocalItemsAsync(defs, culture, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var conflicts = new List<EditionConflict>();
        var merged = (JsonObject)newRecipe.DeepClone();
        var newIds = new HashSet<string>(StringComparer.Ordinal);
        var result = new Dictionary<string, JsonObject>(local, StringComparer.Ordinal);
        var keptLocal = 0;

        foreach (var step in ContentSteps(merged))
        {
            var dataKey = step.ContainsKey("data") ? "data" : "Data";
            if (step[dataKey] is not JsonArray data)
            {
                continue;
            }

            var output = new JsonArray();
            foreach (var raw in data.ToList())
            {
                if (raw is not JsonObject rawItem || Id(rawItem) is not { } id)
                {
                    // Malformed items go through unchanged, for the Content step to refuse with its usual message.
                    output.Add(raw?.DeepClone());
                    continue;
                }

                newIds.Add(id);
                var @new = Normalize(rawItem, defs, culture);
                var o = old.GetValueOrDefault(id);
                if (!local.TryGetValue(id, out var l))
                {
                    if (o is not null)
                    {
                        // The site took the item down. It stays down; when the base changed it since, a person should know.
                        if (!EditionMerger.SameContent(o, @new))
                        {
                            conflicts.Add(Conflict(EditionConflictKind.Removed, @new, "", o, true, null, false, @new, true, now));
                        }

                        continue;
                    }

                    output.Add(raw.DeepClone());
                    result[id] = @new;
                    continue;
                }

                var found = new List<MergeConflict>();
                var item = EditionMerger.MergeItem(o, l, @new, found);
                foreach (var c in found)
                {
                    conflicts.Add(Conflict(EditionConflictKind.Value, item, c.Path, c.Old, c.HasOld, c.Local, c.HasLocal, c.New, c.HasNew, now));
                }

                if (o is not null && !EditionMerger.SameContent(o, l))
                {
                    keptLocal++;
                }

                result[id] = item;
                if (EditionMerger.SameContent(item, l))
                {
                    // The site already says this: importing it again would only add a version.
                    continue;
                }

                // A version id the store already holds (an older version of this item) would be overwritten in place.
                if (item["ContentItemVersionId"]?.ToString() is not { Length: > 0 } versionId
                    || await store.GetVersionAsync(versionId, cancellationToken) is not null)
                {
                    item["ContentItemVersionId"] = IdGenerator.NewId();
                }

                item["Latest"] = true;
                item["Published"] = true;
                output.Add(item);
            }

            step[dataKey] = output;
        }

        var removals = new List<string>();
        var removedIds = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (id, o) in old)
        {
            if (newIds.Contains(id) || !local.TryGetValue(id, out var l))
            {
                continue;
            }

            if (EditionMerger.SameContent(o, l))
            {
                removals.Add(id);
                removedIds[id] = o;
                result.Remove(id);
            }
            else
            {
                conflicts.Add(Conflict(EditionConflictKind.Removed, l, "", o, true, l, true, null, false, now));
            }
        }

        conflicts.AddRange(DanglingReferences(result, removedIds, defs, now));
        return new Plan(merged, conflicts, removals, keptLocal);
    }

    // Items the merge keeps that still point at something the new base removed: the base removed X, which the site's
    // own answer refers to.
    private static IEnumerable<EditionConflict> DanglingReferences(Dictionary<string, JsonObject> remaining, Dictionary<string, JsonObject> removed, ContentDefinitionDocument defs, DateTime now)
    {
        if (removed.Count == 0)
        {
            yield break;
        }

        var liveSets = remaining.Values.Select(i => LocalizationSets.SetOf(ContentItem.FromJson(i), defs)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var missing = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (id, item) in removed)
        {
            missing[id] = item;
            if (LocalizationSets.SetOf(ContentItem.FromJson(item), defs) is { } set && !liveSets.Contains(set))
            {
                missing.TryAdd(set, item);
            }
        }

        foreach (var item in remaining.Values)
        {
            foreach (var (path, value) in References(item, ""))
            {
                if (missing.TryGetValue(value, out var gone))
                {
                    yield return Conflict(EditionConflictKind.Reference, item, path, null, false, null, false, null, false, now) with
                    {
                        Missing = value,
                        MissingDisplayText = gone["DisplayText"]?.ToString(),
                    };
                }
            }
        }
    }

    // Every id in a picker's list (ContentItemIds, LocalizationSets), with the path of the list.
    private static IEnumerable<(string Path, string Value)> References(JsonNode? node, string path)
    {
        if (node is JsonObject o)
        {
            foreach (var (key, value) in o)
            {
                var here = path.Length == 0 ? key : $"{path}.{key}";
                if (key is "ContentItemIds" or "LocalizationSets" && value is JsonArray list)
                {
                    foreach (var x in list)
                    {
                        if (x is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                        {
                            yield return (here, v.GetValue<string>());
                        }
                    }
                }
                else if (!EditionMerger.MetadataKeys.Contains(key))
                {
                    foreach (var r in References(value, here))
                    {
                        yield return r;
                    }
                }
            }
        }
        else if (node is JsonArray a)
        {
            foreach (var x in a)
            {
                var here = x is JsonObject child && child["ContentItemId"]?.ToString() is { } id ? $"{path}[{id}]" : path;
                foreach (var r in References(x, here))
                {
                    yield return r;
                }
            }
        }
    }

    private static EditionConflict Conflict(EditionConflictKind kind, JsonObject item, string path, JsonNode? old, bool hasOld, JsonNode? local, bool hasLocal, JsonNode? @new, bool hasNew, DateTime now) => new()
    {
        Id = IdGenerator.NewId(),
        Kind = kind,
        ContentItemId = Id(item) ?? "",
        ContentType = item["ContentType"]?.ToString() ?? "",
        DisplayText = item["DisplayText"]?.ToString(),
        Path = path,
        Old = old?.DeepClone(),
        HasOld = hasOld,
        Local = local?.DeepClone(),
        HasLocal = hasLocal,
        New = @new?.DeepClone(),
        HasNew = hasNew,
        DetectedUtc = now,
    };

    private async Task<(ContentDefinitionDocument Defs, string? Culture)> ContextAsync(CancellationToken cancellationToken) =>
        (await definitions.LoadAsync(cancellationToken), LocalizationSets.DefaultCulture(await settings.LoadAsync(cancellationToken)));

    // The site's published items, in the same normal form as the base's.
    private async Task<Dictionary<string, JsonObject>> LocalItemsAsync(ContentDefinitionDocument defs, string? culture, CancellationToken cancellationToken)
    {
        var items = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var row in await store.GetAllPublishedAsync(cancellationToken))
        {
            var item = ContentManager.ToItem(row)!;
            items[item.ContentItemId] = Normalize(item.ToJson(), defs, culture);
        }

        return items;
    }

    private static Dictionary<string, JsonObject> ItemsOf(JsonObject recipe, ContentDefinitionDocument defs, string? culture)
    {
        var items = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var step in ContentSteps(recipe))
        {
            if ((step["data"] ?? step["Data"]) is JsonArray data)
            {
                foreach (var raw in data)
                {
                    if (raw is JsonObject item && Id(item) is { } id)
                    {
                        items[id] = Normalize(item, defs, culture);
                    }
                }
            }
        }

        return items;
    }

    private static IEnumerable<JsonObject> ContentSteps(JsonObject recipe) =>
        (recipe["steps"] as JsonArray ?? []).OfType<JsonObject>().Where(s => string.Equals(s["name"]?.ToString(), "Content", StringComparison.OrdinalIgnoreCase));

    private static string? Id(JsonObject item) => item["ContentItemId"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    // One shape for every copy compared: read and written back by the engine, and translations without the facts
    // their set's original holds (a recipe may carry them composed, the store keeps them apart), so a translation
    // never reports the original's change twice.
    private static JsonObject Normalize(JsonObject json, ContentDefinitionDocument defs, string? culture)
    {
        ContentItem item;
        try
        {
            item = ContentItem.FromJson(json);
        }
        catch (ContentFormatException)
        {
            return (JsonObject)json.DeepClone();
        }

        if (LocalizationSets.IsTranslation(item, culture, defs))
        {
            TranslationFacts.Strip(item.Content, item.ContentType, defs);
        }

        return item.ToJson();
    }
}
