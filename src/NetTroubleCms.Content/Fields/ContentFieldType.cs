using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Resources;

namespace NetTroubleCms.Content.Fields;

/// <summary>The kind of value a field property holds, as Orchard writes it.</summary>
public enum FieldValueKind
{
    /// <summary>A JSON string.</summary>
    Text,

    /// <summary>A JSON number.</summary>
    Number,

    /// <summary>true or false.</summary>
    Boolean,

    /// <summary>An ISO-8601 date as a string (Orchard's DateField).</summary>
    Date,

    /// <summary>An ISO-8601 date and time as a string.</summary>
    DateTime,

    /// <summary>A time of day as a string (Orchard's TimeField, <c>HH:mm:ss</c>).</summary>
    Time,

    /// <summary>An array of strings.</summary>
    TextList,
}

/// <summary>One property of a field's JSON object and the kind of value it holds.</summary>
public sealed record FieldProperty(string Name, FieldValueKind Kind);

/// <summary>
/// Everything the engine and its admin know about one Orchard field type (TextField, LinkField…): the JSON shape it
/// stores, the rules its settings impose, how editor input becomes its JSON, and the plain text it reads as. The
/// <see cref="FieldTypes"/> registry finds the class by the definition's <c>FieldName</c>, so adding a field type is
/// adding one class, not another case in several switches.
/// </summary>
public abstract class ContentFieldType
{
    /// <summary>Orchard's name of the type, as a definition's <c>FieldName</c> carries it.</summary>
    public abstract string Name { get; }

    /// <summary>The JSON properties Orchard writes for the type; absent or null properties are always accepted.</summary>
    public virtual IReadOnlyList<FieldProperty> Properties => [];

    /// <summary>
    /// The property holding the field's one value when Orchard treats the field as a plain value (GraphQL scalars,
    /// filters, list text), or null for object-like fields such as links and pickers.
    /// </summary>
    public virtual FieldProperty? Value => null;

    /// <summary>The field's own settings bag (<c>TextFieldSettings</c> for a TextField).</summary>
    public static JsonObject TypeSettings(ContentPartFieldDefinitionRecord field) => field.Settings.Bag(field.FieldName + "Settings");

    /// <summary>True when the definition asks for a value.</summary>
    public static bool IsRequired(ContentPartFieldDefinitionRecord field) => TypeSettings(field).Bool("Required");

    /// <summary>The hint shown under the field's label.</summary>
    public static string? Hint(ContentPartFieldDefinitionRecord field) => TypeSettings(field).String("Hint");

    /// <summary>Orchard's editor variant (TextArea, PredefinedList…), or null for the type's default editor.</summary>
    public static string? EditorOf(ContentPartFieldDefinitionRecord field) => field.Settings.Bag("ContentPartFieldSettings").String("Editor");

    /// <summary>
    /// Null when <paramref name="value"/> has the JSON shape Orchard writes for the type, else what is wrong. Checked on
    /// every save and import: a recipe must not bring in a value the site would misread.
    /// </summary>
    public virtual string? ValidateShape(JsonObject value)
    {
        foreach (var property in Properties)
        {
            if (CheckProperty(value, property) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    /// <summary>
    /// Null when <paramref name="value"/> (null when the item has no value) meets the definition's settings, else the
    /// message for the editor. Checked on the editor path only: imports keep what the recipe says, as in Orchard.
    /// </summary>
    public virtual string? ValidateRules(ContentPartFieldDefinitionRecord field, JsonObject? value) => null;

    /// <summary>Brings a value an editor saved into the form the site stores (e.g. sanitized HTML); imports are left alone.</summary>
    public virtual void Normalize(ContentPartFieldDefinitionRecord field, JsonObject value)
    {
    }

    /// <summary>
    /// The name of the admin editor template for <paramref name="field"/>, or null when the admin cannot edit the type
    /// (its value is then kept as it is).
    /// </summary>
    public virtual string? EditorTemplate(ContentPartFieldDefinitionRecord field) => null;

    /// <summary>
    /// Reads the editor's input into the field's JSON. Returns the value to store (usually <see cref="FieldBindContext.Value"/>,
    /// the existing object with the edited properties changed, so properties the editor does not show survive), or
    /// null to leave the field as it was, e.g. absent when nothing was typed into a field the item never had.
    /// </summary>
    public virtual JsonObject? Bind(FieldBindContext context) => null;

    /// <summary>The value as plain text for lists, rendered summaries and diffs; null when the type has no short text form.</summary>
    public virtual string? DisplayText(JsonObject? value) =>
        Value is { Kind: not FieldValueKind.TextList } property && value?[property.Name] is JsonValue v ? v.ToString() : null;

    /// <summary>The words a translator translates, as stored (markup included); null for facts such as numbers and links' targets.</summary>
    public virtual string? TranslatableText(JsonObject? value) => null;

    /// <summary>
    /// How a property of the value is named after the field's own name in a change list: the main value needs no
    /// name of its own (empty), others keep theirs.
    /// </summary>
    public virtual string PropertyLabel(string property) =>
        Properties.Count > 0 && Properties[0].Name == property ? "" : property;

    /// <summary>The string at <paramref name="property"/>, or null when it is absent or not a string.</summary>
    protected static string? StringOf(JsonObject? value, string property) =>
        value?[property] is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    /// <summary>The message for a property whose JSON is not of its kind, or null when it is (or is absent).</summary>
    protected static string? CheckProperty(JsonObject value, FieldProperty property)
    {
        var node = value[property.Name];
        if (node is null)
        {
            return null;
        }

        return property.Kind switch
        {
            FieldValueKind.Text => node.GetValueKind() == JsonValueKind.String ? null : EngineText.T("{0} は文字列でなければなりません。", property.Name),
            FieldValueKind.Number => node.GetValueKind() == JsonValueKind.Number ? null : EngineText.T("{0} は数値でなければなりません。", property.Name),
            FieldValueKind.Boolean => node.GetValueKind() is JsonValueKind.True or JsonValueKind.False
                ? null : EngineText.T("{0} は true か false でなければなりません。", property.Name),
            FieldValueKind.Date or FieldValueKind.DateTime or FieldValueKind.Time => CheckDate(node, property.Name),
            FieldValueKind.TextList => node is JsonArray a && a.All(e => e?.GetValueKind() == JsonValueKind.String)
                ? null : EngineText.T("{0} は文字列の配列でなければなりません。", property.Name),
            _ => null,
        };
    }

    private static string? CheckDate(JsonNode node, string name)
    {
        if (node.GetValueKind() != JsonValueKind.String)
        {
            return EngineText.T("{0} は日時文字列でなければなりません。", name);
        }

        // Orchard writes dates as ISO-8601 and times as TimeSpan text; an empty string is an empty value.
        var s = node.GetValue<string>();
        return s.Length > 0
            && !DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)
            && !TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out _)
            ? EngineText.T("{0} は ISO-8601 の日時でなければなりません。", name) : null;
    }
}
