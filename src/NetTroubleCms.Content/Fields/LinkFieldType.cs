using System.Text.Json.Nodes;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Resources;

namespace NetTroubleCms.Content.Fields;

/// <summary>Orchard's LinkField: <c>{ "Url": "…", "Text": "…", "Target": "…" }</c>; only safe URLs are accepted from editors.</summary>
public sealed class LinkFieldType : ContentFieldType
{
    /// <summary>The type's name.</summary>
    public const string TypeName = "LinkField";

    /// <inheritdoc />
    public override string Name => TypeName;

    /// <inheritdoc />
    public override IReadOnlyList<FieldProperty> Properties => [new("Url", FieldValueKind.Text), new("Text", FieldValueKind.Text)];

    /// <inheritdoc />
    public override string? ValidateRules(ContentPartFieldDefinitionRecord field, JsonObject? value)
    {
        var url = StringOf(value, "Url");
        if (string.IsNullOrWhiteSpace(url))
        {
            return IsRequired(field) ? EngineText.T("URL を入力してください。") : null;
        }

        return IsUrl(url) ? null : EngineText.T("URL の形式が正しくありません（https:// で始まる形、または / で始まるサイト内のパス）。");
    }

    /// <inheritdoc />
    public override string? EditorTemplate(ContentPartFieldDefinitionRecord field) => TypeName;

    /// <inheritdoc />
    public override JsonObject? Bind(FieldBindContext context)
    {
        var url = context.Input.Value(context.Key + ".Url").Trim();
        var text = context.Input.Value(context.Key + ".Text");
        if (!context.Existed && url.Length == 0 && text.Length == 0)
        {
            return null;
        }

        context.Value["Url"] = url;
        context.Value["Text"] = text;
        return context.Value;
    }

    /// <inheritdoc />
    public override string? TranslatableText(JsonObject? value) => StringOf(value, "Text");

    /// <inheritdoc />
    public override string PropertyLabel(string property) => property switch
    {
        "Url" => "URL",
        "Text" => EngineText.T("表示する文字"),
        _ => property,
    };

    /// <summary>
    /// Absolute http(s), mailto or tel URL, or a site-relative path. Browsers read a backslash as a slash and drop
    /// tabs and line breaks, so <c>/\evil.example</c>, <c>\\evil.example</c> or <c>/&#9;/evil.example</c> would leave the
    /// site like <c>//evil.example</c> does: any backslash, blank or control character is refused.
    /// </summary>
    public static bool IsUrl(string url)
    {
        if (url.Length == 0 || url.Any(c => c == '\\' || char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return false;
        }

        if (url.StartsWith('/'))
        {
            return !url.StartsWith("//", StringComparison.Ordinal);
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.Scheme switch
        {
            // "http:evil.example" (no slashes) is read by browsers as a relative path: demand the authority form.
            "http" or "https" => url.StartsWith(uri.Scheme + "://", StringComparison.OrdinalIgnoreCase) && uri.Host.Length > 0,
            "mailto" or "tel" => true,
            _ => false,
        };
    }
}
