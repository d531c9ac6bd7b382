using System.Text.Json.Nodes;
using NetTroubleCms.Content.Metadata;

namespace NetTroubleCms.Content.Localization;

/// <summary>
/// Reading Orchard's LocalizationPart (<c>LocalizationSet</c>, <c>Culture</c>) and composing whole lists of items, so
/// that every translation shows the facts its set's original holds.
/// </summary>
public static class LocalizationSets
{
    /// <summary>Name of the site setting that holds the default culture (Orchard's <c>Culture</c>).</summary>
    public const string DefaultCultureSetting = "Culture";

    /// <summary>Property a translation keeps in its LocalizationPart: the original's <see cref="TranslationFacts.TextHash"/> when it was last saved.</summary>
    public const string SourceTextHashKey = "SourceTextHash";

    /// <summary>The site's default culture from its settings, or null when none is set.</summary>
    public static string? DefaultCulture(JsonObject siteSettings) =>
        siteSettings[DefaultCultureSetting] is JsonValue v && v.ToString() is { Length: > 0 } c ? c : null;

    /// <summary>The item's LocalizationPart, or null.</summary>
    public static JsonObject? PartOf(ContentItem item, ContentDefinitionDocument? defs = null)
    {
        var name = defs?.GetType(item.ContentType)?.GetPartOfType("LocalizationPart")?.Name ?? "LocalizationPart";
        return item.Part(name) ?? (name == "LocalizationPart" ? null : item.Part("LocalizationPart"));
    }

    /// <summary>The item's LocalizationSet, or null.</summary>
    public static string? SetOf(ContentItem item, ContentDefinitionDocument? defs = null) =>
        PartOf(item, defs)?["LocalizationSet"] is JsonValue v && v.ToString() is { Length: > 0 } s ? s : null;

    /// <summary>The item's culture, or null.</summary>
    public static string? CultureOf(ContentItem item, ContentDefinitionDocument? defs = null) =>
        PartOf(item, defs)?["Culture"] is JsonValue v && v.ToString() is { Length: > 0 } c ? c : null;

    /// <summary>True when the item is a translation: in a set, in a culture other than the default.</summary>
    public static bool IsTranslation(ContentItem item, string? defaultCulture, ContentDefinitionDocument? defs = null) =>
        defaultCulture is not null && SetOf(item, defs) is not null && CultureOf(item, defs) is { } c
        && !string.Equals(c, defaultCulture, StringComparison.OrdinalIgnoreCase);

    /// <summary>The original (default-culture) item of each set among <paramref name="items"/>.</summary>
    public static Dictionary<string, ContentItem> Originals(IEnumerable<ContentItem> items, string? defaultCulture, ContentDefinitionDocument defs)
    {
        var originals = new Dictionary<string, ContentItem>(StringComparer.Ordinal);
        if (defaultCulture is null)
        {
            return originals;
        }

        foreach (var item in items)
        {
            if (SetOf(item, defs) is { } set && string.Equals(CultureOf(item, defs), defaultCulture, StringComparison.OrdinalIgnoreCase))
            {
                originals.TryAdd(set, item);
            }
        }

        return originals;
    }

    /// <summary>
    /// Every item as readers must see it: translations composed with their set's original from the same list (one
    /// pass over the list, one lookup per item). Items of types without shared facts are returned as they are.
    /// </summary>
    public static List<ContentItem> ComposeAll(IReadOnlyList<ContentItem> items, string? defaultCulture, ContentDefinitionDocument defs) =>
        ComposeAll(items, defaultCulture, defs, reuse: null);

    /// <summary>
    /// As <see cref="ComposeAll(IReadOnlyList{ContentItem}, string?, ContentDefinitionDocument)"/>, asking
    /// <paramref name="reuse"/> first for a composition made earlier of the same translation with the same original
    /// (an incremental rebuild composes only what changed).
    /// </summary>
    public static List<ContentItem> ComposeAll(IReadOnlyList<ContentItem> items, string? defaultCulture, ContentDefinitionDocument defs, Func<ContentItem, ContentItem, ContentItem?>? reuse)
    {
        var originals = Originals(items, defaultCulture, defs);
        var shared = new Dictionary<string, bool>(StringComparer.Ordinal);
        var result = new List<ContentItem>(items.Count);
        foreach (var item in items)
        {
            if (originals.Count > 0
                && IsTranslation(item, defaultCulture, defs)
                && (shared.TryGetValue(item.ContentType, out var has) ? has : shared[item.ContentType] = TranslationFacts.HasSharedFacts(item.ContentType, defs))
                && originals.TryGetValue(SetOf(item, defs)!, out var original)
                && original.ContentType == item.ContentType)
            {
                result.Add(reuse?.Invoke(item, original) ?? TranslationFacts.Compose(item, original, defs));
            }
            else
            {
                result.Add(item);
            }
        }

        return result;
    }

    /// <summary>
    /// True when the original's words changed after the translation was last saved. A translation that never
    /// recorded a hash (imported from elsewhere) is not flagged: nothing is known about it.
    /// </summary>
    public static bool IsOutOfDate(ContentItem translation, ContentItem original, ContentDefinitionDocument defs) =>
        PartOf(translation, defs)?[SourceTextHashKey] is JsonValue v && v.ToString() is { Length: > 0 } recorded
        && recorded != TranslationFacts.TextHash(original, defs);
}
