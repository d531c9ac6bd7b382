using System.Text.Json.Nodes;
using NetTroubleCms.Content.Metadata;

namespace NetTroubleCms.Content.Fields;

/// <summary>Orchard's BooleanField: <c>{ "Value": true }</c>, edited as a checkbox.</summary>
public sealed class BooleanFieldType : ContentFieldType
{
    /// <summary>The type's name.</summary>
    public const string TypeName = "BooleanField";

    private static readonly FieldProperty ValueProperty = new("Value", FieldValueKind.Boolean);

    /// <inheritdoc />
    public override string Name => TypeName;

    /// <inheritdoc />
    public override IReadOnlyList<FieldProperty> Properties => [ValueProperty];

    /// <inheritdoc />
    public override FieldProperty? Value => ValueProperty;

    /// <inheritdoc />
    public override string? EditorTemplate(ContentPartFieldDefinitionRecord field) => TypeName;

    /// <inheritdoc />
    public override JsonObject? Bind(FieldBindContext context)
    {
        // An unticked checkbox sends nothing, so absence is false.
        context.Value["Value"] = context.Input.Values(context.Key).Contains("true");
        return context.Value;
    }
}
