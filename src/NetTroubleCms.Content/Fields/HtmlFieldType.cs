using System.Text.Json.Nodes;
using Ganss.Xss;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Resources;

namespace NetTroubleCms.Content.Fields;

/// <summary>Orchard's HtmlField: <c>{ "Html": "…" }</c>, sanitized when an editor saves it.</summary>
public sealed class HtmlFieldType : ContentFieldType
{
    /// <summary>The type's name.</summary>
    public const string TypeName = "HtmlField";

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    /// <inheritdoc />
    public override string Name => TypeName;

    /// <inheritdoc />
    public override IReadOnlyList<FieldProperty> Properties => [new("Html", FieldValueKind.Text)];

    /// <inheritdoc />
    public override string? ValidateRules(ContentPartFieldDefinitionRecord field, JsonObject? value) =>
        IsRequired(field) && string.IsNullOrWhiteSpace(StringOf(value, "Html")) ? EngineText.T("入力してください。") : null;

    /// <inheritdoc />
    public override void Normalize(ContentPartFieldDefinitionRecord field, JsonObject value)
    {
        // Like Orchard, HTML is cleaned where editors type it, unless the definition turns it off.
        if (StringOf(value, "Html") is { } html && TypeSettings(field).Bool("SanitizeHtml", fallback: true))
        {
            value["Html"] = Sanitizer.Sanitize(html);
        }
    }

    /// <inheritdoc />
    public override string? EditorTemplate(ContentPartFieldDefinitionRecord field) => TypeName;

    /// <inheritdoc />
    public override JsonObject? Bind(FieldBindContext context)
    {
        context.Value["Html"] = context.Input.Value(context.Key);
        return context.Value;
    }

    /// <inheritdoc />
    public override string? TranslatableText(JsonObject? value) => StringOf(value, "Html");

    // Orchard's defaults: Ganss.Xss's safe lists plus CSS classes, which themes rely on to style editor content.
    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedAttributes.Add("class");
        return sanitizer;
    }
}
