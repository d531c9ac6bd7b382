using System.Text.Json.Nodes;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Metadata;

namespace NetTroubleCms.Web.Features.Admin.Editors;

/// <summary>A choice offered by a content picker.</summary>
public sealed record PickerOption(string ContentItemId, string DisplayText, string ContentType, string? Culture, bool Published)
{
    /// <summary>The text typed or chosen in the search box: display text with the id in brackets.</summary>
    public string SearchText => $"{DisplayText} [{ContentItemId}]";
}

/// <summary>
/// The two picker field types: Orchard's ContentPickerField stores item ids; LocalizationSetContentPickerField stores
/// LocalizationSets, so one pick stands for an item in every language. Both share one editor.
/// </summary>
public static class Pickers
{
    /// <summary>True for either picker field type.</summary>
    public static bool IsPicker(ContentPartFieldDefinitionRecord field) => field.FieldName is "ContentPickerField" or "LocalizationSetContentPickerField";

    /// <summary>True when picks are LocalizationSets.</summary>
    public static bool PicksSets(ContentPartFieldDefinitionRecord field) => field.FieldName == "LocalizationSetContentPickerField";

    /// <summary>The JSON property holding the picks.</summary>
    public static string ValueKey(ContentPartFieldDefinitionRecord field) => PicksSets(field) ? "LocalizationSets" : "ContentItemIds";

    /// <summary>The content types the field offers (empty = every listable type).</summary>
    public static IReadOnlyList<string> DisplayedTypes(ContentPartFieldDefinitionRecord field) =>
        field.Settings.Bag(field.FieldName + "Settings").Strings("DisplayedContentTypes");

    /// <summary>The key under which <see cref="EditorModel.Options"/> holds a type's choices for this field.</summary>
    public static string OptionsKey(ContentPartFieldDefinitionRecord field, string contentType) => PicksSets(field) ? "set:" + contentType : contentType;
}

/// <summary>Everything the generated editor form needs to render one item.</summary>
public sealed class EditorModel
{
    /// <summary>The item as edited (bound from the form after a post).</summary>
    public required ContentItem Item { get; init; }

    /// <summary>Its type.</summary>
    public required ContentTypeDefinitionRecord Type { get; init; }

    /// <summary>All definitions.</summary>
    public required ContentDefinitionDocument Definitions { get; init; }

    /// <summary>Messages keyed like the engine's (<c>Part.Field</c>, <c>Bag.ContentItems[0].Part.Field</c>).</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>What the editor typed where it could not be stored (a number that is not a number).</summary>
    public Dictionary<string, string> Raw { get; } = new(StringComparer.Ordinal);

    /// <summary>Picker choices by content type.</summary>
    public Dictionary<string, IReadOnlyList<PickerOption>> Options { get; } = new(StringComparer.Ordinal);

    /// <summary>The error for a key, if any.</summary>
    public string? ErrorFor(string key) => Errors.GetValueOrDefault(key);

    /// <summary>Attachments in position order.</summary>
    public static IEnumerable<ContentTypePartDefinitionRecord> Ordered(ContentTypeDefinitionRecord type) =>
        type.ContentTypePartDefinitionRecords.Select((a, i) => (a, i)).OrderBy(x => x.a.Settings.Position("ContentTypePartSettings")).ThenBy(x => x.i).Select(x => x.a);

    /// <summary>Fields in position order.</summary>
    public static IEnumerable<ContentPartFieldDefinitionRecord> Ordered(ContentPartDefinitionRecord part) =>
        part.ContentPartFieldDefinitionRecords.Select((f, i) => (f, i)).OrderBy(x => x.f.Settings.Position("ContentPartFieldSettings")).ThenBy(x => x.i).Select(x => x.f);

    /// <summary>Display name of an attachment.</summary>
    public static string PartLabel(ContentTypePartDefinitionRecord attachment) =>
        attachment.Settings.Bag("ContentTypePartSettings").String("DisplayName") ?? attachment.Name;

    /// <summary>Hint text of a field.</summary>
    public static string? Hint(ContentPartFieldDefinitionRecord field) => field.Settings.Bag(field.FieldName + "Settings").String("Hint");

    /// <summary>True when the field must be filled in.</summary>
    public static bool Required(ContentPartFieldDefinitionRecord field) => field.Settings.Bag(field.FieldName + "Settings").Bool("Required");

    /// <summary>Editor variant (TextArea, PredefinedList…).</summary>
    public static string? EditorOf(ContentPartFieldDefinitionRecord field) => field.Settings.Bag("ContentPartFieldSettings").String("Editor");

    /// <summary>Options of a predefined list or multi-text field: (label, value).</summary>
    public static IReadOnlyList<(string Name, string Value)> ListOptions(ContentPartFieldDefinitionRecord field)
    {
        var array = field.Settings.Bag("TextFieldPredefinedListEditorSettings")["Options"] as JsonArray
            ?? field.Settings.Bag(field.FieldName + "Settings")["Options"] as JsonArray;
        return array is null ? [] : [.. array.OfType<JsonObject>().Select(o => (o["name"]?.ToString() ?? "", o["value"]?.ToString() ?? ""))];
    }

    /// <summary>A DOM id made from a form key.</summary>
    public static string IdOf(string key) => "f-" + new string([.. key.Select(c => char.IsLetterOrDigit(c) ? c : '-')]);

    /// <summary>A string property of a field object.</summary>
    public static string? Str(JsonObject? field, string property) => field?[property] is JsonValue v && v.TryGetValue(out string? s) ? s : field?[property]?.ToJsonString();
}

/// <summary>The parts of one item (top level or a bag item) for the parts partial.</summary>
public sealed record PartsView(EditorModel Editor, JsonObject Parts, ContentTypeDefinitionRecord Type, string Prefix);

/// <summary>One field for the field partial.</summary>
public sealed record FieldView(EditorModel Editor, ContentPartFieldDefinitionRecord Field, JsonObject? Value, string Key)
{
    /// <summary>DOM id of the main input.</summary>
    public string Id => EditorModel.IdOf(Key);

    /// <summary>Error message, if any.</summary>
    public string? Error => Editor.ErrorFor(Key);
}
