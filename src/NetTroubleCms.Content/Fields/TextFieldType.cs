using System.Text.Json.Nodes;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Resources;

namespace NetTroubleCms.Content.Fields;

/// <summary>Orchard's TextField: <c>{ "Text": "…" }</c>, edited as a line, a text area or a predefined list.</summary>
public class TextFieldType : ContentFieldType
{
    /// <summary>The type's name.</summary>
    public const string TypeName = "TextField";

    private static readonly FieldProperty TextProperty = new("Text", FieldValueKind.Text);

    /// <inheritdoc />
    public override string Name => TypeName;

    /// <inheritdoc />
    public override IReadOnlyList<FieldProperty> Properties => [TextProperty];

    /// <inheritdoc />
    public override FieldProperty? Value => TextProperty;

    /// <summary>The choices of a PredefinedList editor: (label, value).</summary>
    public static IReadOnlyList<(string Name, string Value)> Options(ContentPartFieldDefinitionRecord field) =>
        ListOptions(field.Settings.Bag("TextFieldPredefinedListEditorSettings")["Options"] as JsonArray);

    /// <inheritdoc />
    public override string? ValidateRules(ContentPartFieldDefinitionRecord field, JsonObject? value)
    {
        var text = StringOf(value, "Text");
        if (IsRequired(field) && string.IsNullOrWhiteSpace(text))
        {
            return EngineText.T("入力してください。");
        }

        var options = Options(field);
        return !string.IsNullOrEmpty(text) && options.Count > 0 && EditorOf(field) == "PredefinedList" && !options.Any(o => o.Value == text)
            ? EngineText.T("選択肢の中から選んでください。")
            : null;
    }

    /// <inheritdoc />
    public override string? EditorTemplate(ContentPartFieldDefinitionRecord field) => TypeName;

    /// <inheritdoc />
    public override JsonObject? Bind(FieldBindContext context)
    {
        var text = context.Input.Value(context.Key);
        if (!context.Existed && text.Length == 0)
        {
            return null;
        }

        context.Value["Text"] = text.Length == 0 ? null : text;
        return context.Value;
    }

    /// <inheritdoc />
    public override string? TranslatableText(JsonObject? value) => StringOf(value, "Text");

    /// <summary>(label, value) pairs of Orchard's option arrays (<c>[{ "name": …, "value": … }]</c>).</summary>
    internal static IReadOnlyList<(string Name, string Value)> ListOptions(JsonArray? array) =>
        array is null ? [] : [.. array.OfType<JsonObject>().Select(o => (o["name"]?.ToString() ?? "", o["value"]?.ToString() ?? ""))];
}
