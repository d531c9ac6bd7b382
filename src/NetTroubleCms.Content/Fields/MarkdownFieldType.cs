using System.Text.Json.Nodes;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Resources;

namespace NetTroubleCms.Content.Fields;

/// <summary>Orchard's MarkdownField: <c>{ "Markdown": "…" }</c>, edited as plain text.</summary>
public sealed class MarkdownFieldType : ContentFieldType
{
    /// <summary>The type's name.</summary>
    public const string TypeName = "MarkdownField";

    /// <inheritdoc />
    public override string Name => TypeName;

    /// <inheritdoc />
    public override IReadOnlyList<FieldProperty> Properties => [new("Markdown", FieldValueKind.Text)];

    /// <inheritdoc />
    public override string? ValidateRules(ContentPartFieldDefinitionRecord field, JsonObject? value) =>
        IsRequired(field) && string.IsNullOrWhiteSpace(StringOf(value, "Markdown")) ? EngineText.T("入力してください。") : null;

    /// <inheritdoc />
    public override string? EditorTemplate(ContentPartFieldDefinitionRecord field) => TypeName;

    /// <inheritdoc />
    public override JsonObject? Bind(FieldBindContext context)
    {
        var markdown = context.Input.Value(context.Key);
        if (!context.Existed && markdown.Length == 0)
        {
            return null;
        }

        context.Value["Markdown"] = markdown;
        return context.Value;
    }

    /// <inheritdoc />
    public override string? TranslatableText(JsonObject? value) => StringOf(value, "Markdown");
}
