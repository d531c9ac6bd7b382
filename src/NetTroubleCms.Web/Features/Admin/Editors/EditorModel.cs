using System.Text.Json.Nodes;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Fields;
using NetTroubleCms.Content.Metadata;

namespace NetTroubleCms.Web.Features.Admin.Editors;

/// <summary>A choice offered by a content picker.</summary>
public sealed record PickerOption(string ContentItemId, string DisplayText, string ContentType, string? Culture, bool Published)
{
    /// <summary>The text typed or chosen in the search box: display text with the id in brackets.</summary>
    public string SearchText => $"{DisplayText} [{ContentItemId}]";
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

    /// <summary>The field types, which bind, check and render each field.</summary>
    public required FieldTypes FieldTypes { get; init; }

    /// <summary>Messages keyed like the engine's (<c>Part.Field</c>, <c>Bag.ContentItems[0].Part.Field</c>).</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>What the editor typed where it could not be stored (a number that is not a number).</summary>
    public Dictionary<string, string> Raw { get; } = new(StringComparer.Ordinal);

    /// <summary>Picker choices by <see cref="OptionsKey"/>.</summary>
    public Dictionary<string, IReadOnlyList<PickerOption>> Options { get; } = new(StringComparer.Ordinal);

    /// <summary>The key under which <see cref="Options"/> holds a content type's choices for a picker: sets and items apart.</summary>
    public static string OptionsKey(PickerFieldType picker, string contentType) => picker.PicksSets ? "set:" + contentType : contentType;

    /// <summary>The choices a picker field offers: its displayed types', or every listable type's of its kind.</summary>
    public IReadOnlyList<PickerOption> Choices(PickerFieldType picker, ContentPartFieldDefinitionRecord field)
    {
        var displayed = PickerFieldType.DisplayedTypes(field).Select(t => OptionsKey(picker, t)).ToList();
        return [.. Options.Where(o => displayed.Count == 0 ? o.Key.StartsWith("set:", StringComparison.Ordinal) == picker.PicksSets : displayed.Contains(o.Key)).SelectMany(o => o.Value)];
    }

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

    /// <summary>A DOM id made from a form key.</summary>
    public static string IdOf(string key) => "f-" + new string([.. key.Select(c => char.IsLetterOrDigit(c) ? c : '-')]);

    /// <summary>A string property of a field object.</summary>
    public static string? Str(JsonObject? field, string property) => field?[property] is JsonValue v && v.TryGetValue(out string? s) ? s : field?[property]?.ToJsonString();
}

/// <summary>The parts of one item (top level or a bag item) for the parts partial.</summary>
public sealed record PartsView(EditorModel Editor, JsonObject Parts, ContentTypeDefinitionRecord Type, string Prefix);

/// <summary>One field for the field partial, with the field type that renders it.</summary>
public sealed record FieldView(EditorModel Editor, ContentPartFieldDefinitionRecord Field, JsonObject? Value, string Key)
{
    /// <summary>The field's type.</summary>
    public ContentFieldType Type => Editor.FieldTypes.Get(Field.FieldName);

    /// <summary>The editor partial under <c>Shared/Fields/</c>, or null when the admin cannot edit the type.</summary>
    public string? Template => Type.EditorTemplate(Field);

    /// <summary>True when the field must be filled in.</summary>
    public bool Required => ContentFieldType.IsRequired(Field);

    /// <summary>The field's hint, if any.</summary>
    public string? Hint => ContentFieldType.Hint(Field);

    /// <summary>DOM id of the hint.</summary>
    public string? HintId => Hint is null ? null : Id + "-hint";

    /// <summary>DOM id of the error message.</summary>
    public string? ErrorId => Error is null ? null : Id + "-error";

    /// <summary>The <c>aria-describedby</c> of the main input: hint and error, or null.</summary>
    public string? DescribedBy => string.Join(" ", new[] { HintId, ErrorId }.Where(s => s is not null)) is { Length: > 0 } ids ? ids : null;

    /// <summary>What the editor typed where it could not be stored, for <paramref name="suffix"/> of the key.</summary>
    public string? Raw(string suffix = "") => Editor.Raw.GetValueOrDefault(Key + suffix);

    /// <summary>DOM id of the main input.</summary>
    public string Id => EditorModel.IdOf(Key);

    /// <summary>Error message, if any.</summary>
    public string? Error => Editor.ErrorFor(Key);
}
