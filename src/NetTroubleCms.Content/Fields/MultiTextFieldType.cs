using System.Text.Json.Nodes;
using NetTroubleCms.Content.Metadata;

namespace NetTroubleCms.Content.Fields;

/// <summary>
/// Orchard's MultiTextField: <c>{ "Values": [ … ] }</c>, edited as checkboxes when the definition lists options, else
/// as one value per line.
/// </summary>
public sealed class MultiTextFieldType : ContentFieldType
{
    /// <summary>The type's name.</summary>
    public const string TypeName = "MultiTextField";

    private static readonly FieldProperty ValuesProperty = new("Values", FieldValueKind.TextList);

    /// <inheritdoc />
    public override string Name => TypeName;

    /// <inheritdoc />
    public override IReadOnlyList<FieldProperty> Properties => [ValuesProperty];

    /// <inheritdoc />
    public override FieldProperty? Value => ValuesProperty;

    /// <summary>The options the definition offers: (label, value).</summary>
    public static IReadOnlyList<(string Name, string Value)> Options(ContentPartFieldDefinitionRecord field) =>
        TextFieldType.ListOptions(TypeSettings(field)["Options"] as JsonArray);

    /// <summary>The values, in order.</summary>
    public static IReadOnlyList<string> ValuesOf(JsonObject? value) =>
        value?["Values"] is JsonArray a ? [.. a.Select(n => n?.ToString() ?? "")] : [];

    /// <inheritdoc />
    public override string? EditorTemplate(ContentPartFieldDefinitionRecord field) => TypeName;

    /// <inheritdoc />
    public override JsonObject? Bind(FieldBindContext context)
    {
        var values = Options(context.Field).Count > 0
            ? [.. context.Input.Values(context.Key)]
            : context.Input.Value(context.Key).Split('\n').Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        if (!context.Existed && values.Count == 0)
        {
            return null;
        }

        context.Value["Values"] = new JsonArray([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);
        return context.Value;
    }
}
