using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ganss.Xss;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Metadata;

namespace NetTroubleCms.Content.Fields;

/// <summary>
/// Checks every field against its definition: the JSON shape Orchard uses for the field type, the Required setting,
/// and sanitizes HtmlField values. Recurses into BagPart items with their own type definitions.
/// </summary>
public sealed class FieldsHandler : ContentHandler
{
    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    /// <inheritdoc />
    public override Task UpdatingAsync(ContentContext context, CancellationToken cancellationToken)
    {
        // Like Orchard, HTML is cleaned where editors type it; recipe imports keep their markup as written.
        if (context.IsImport)
        {
            return Task.CompletedTask;
        }

        Visit(context.Item.Content, context.Type, context.Definitions, (field, value) =>
        {
            if (field.FieldName == "HtmlField" && value?["Html"] is JsonValue html && html.GetValueKind() == JsonValueKind.String
                && field.Settings.Bag("HtmlFieldSettings").Bool("SanitizeHtml", fallback: true))
            {
                value["Html"] = Sanitizer.Sanitize(html.GetValue<string>());
            }
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task ValidatingAsync(ContentContext context, CancellationToken cancellationToken)
    {
        ValidateItem(context, context.Item, context.Type, "");
        return Task.CompletedTask;
    }

    private static void ValidateItem(ContentContext context, ContentItem item, ContentTypeDefinitionRecord? type, string prefix)
    {
        if (type is null)
        {
            return;
        }

        foreach (var attachment in type.ContentTypePartDefinitionRecords)
        {
            var partNode = item.Content[attachment.Name];
            var member = prefix + attachment.Name;
            if (partNode is not null and not JsonObject)
            {
                context.Fail(member, "パーツは JSON オブジェクトでなければなりません。");
                continue;
            }

            var part = partNode as JsonObject;
            if (attachment.PartName == "BagPart" && part is not null)
            {
                ValidateBag(context, part, member);
            }

            var partDefinition = context.Definitions.GetPart(attachment.PartName);
            if (partDefinition is null)
            {
                continue;
            }

            foreach (var field in partDefinition.ContentPartFieldDefinitionRecords)
            {
                var fieldNode = part?[field.Name];
                var fieldMember = $"{member}.{field.Name}";
                if (fieldNode is not null and not JsonObject)
                {
                    context.Fail(fieldMember, $"{field.DisplayName}: {field.FieldName} は JSON オブジェクトでなければなりません。");
                    continue;
                }

                var error = CheckShape(field.FieldName, fieldNode as JsonObject);
                if (error is not null)
                {
                    context.Fail(fieldMember, $"{field.DisplayName}: {error}");
                    continue;
                }

                if (!context.IsImport)
                {
                    var rule = CheckRules(field, fieldNode as JsonObject);
                    if (rule is not null)
                    {
                        context.Fail(fieldMember, $"{field.DisplayName}: {rule}");
                    }
                }
            }
        }
    }

    private static void ValidateBag(ContentContext context, JsonObject bag, string member)
    {
        if (bag["ContentItems"] is null)
        {
            return;
        }

        if (bag["ContentItems"] is not JsonArray items)
        {
            context.Fail($"{member}.ContentItems", "ContentItems は配列でなければなりません。");
            return;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var itemMember = $"{member}.ContentItems[{i}]";
            if (items[i] is not JsonObject json)
            {
                context.Fail(itemMember, "入れ子のアイテムは JSON オブジェクトでなければなりません。");
                continue;
            }

            try
            {
                var nested = ContentItem.FromJson(json, itemMember);
                ValidateItem(context, nested, context.Definitions.GetType(nested.ContentType), itemMember + ".");
            }
            catch (ContentFormatException ex)
            {
                context.Fail(ex.JsonPath, ex.Problem);
            }
        }
    }

    /// <summary>Null when the value has the JSON shape Orchard writes for <paramref name="fieldType"/>.</summary>
    public static string? CheckShape(string fieldType, JsonObject? value)
    {
        if (value is null)
        {
            return null;
        }

        return fieldType switch
        {
            "TextField" => Scalar(value, "Text", JsonValueKind.String, "文字列"),
            "HtmlField" => Scalar(value, "Html", JsonValueKind.String, "文字列"),
            "NumericField" => Scalar(value, "Value", JsonValueKind.Number, "数値"),
            "BooleanField" => value["Value"] is null || value["Value"]!.GetValueKind() is JsonValueKind.True or JsonValueKind.False
                ? null : "Value は true か false でなければなりません。",
            "DateTimeField" or "DateField" or "TimeField" => Scalar(value, "Value", JsonValueKind.String, "日時文字列") ?? DateValue(value),
            "LinkField" => Scalar(value, "Url", JsonValueKind.String, "文字列") ?? Scalar(value, "Text", JsonValueKind.String, "文字列"),
            "ContentPickerField" => StringArray(value, "ContentItemIds"),
            "LocalizationSetContentPickerField" => StringArray(value, "LocalizationSets"),
            "MultiTextField" => StringArray(value, "Values"),
            "UserPickerField" => StringArray(value, "UserIds"),
            "MediaField" => StringArray(value, "Paths") ?? StringArray(value, "MediaTexts"),
            _ => null,
        };
    }

    private static string? Scalar(JsonObject value, string key, JsonValueKind kind, string label) =>
        value[key] is null || value[key]!.GetValueKind() == kind ? null : $"{key} は{label}でなければなりません。";

    private static string? DateValue(JsonObject value) =>
        value["Value"] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { Length: > 0 } s
            && !DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)
            && !TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out _)
            ? "Value は ISO-8601 の日時でなければなりません。" : null;

    private static string? StringArray(JsonObject value, string key) =>
        value[key] is null || (value[key] is JsonArray a && a.All(e => e?.GetValueKind() == JsonValueKind.String))
            ? null : $"{key} は文字列の配列でなければなりません。";

    private static string? CheckRules(ContentPartFieldDefinitionRecord field, JsonObject? value)
    {
        var required = field.Settings.Bag(field.FieldName + "Settings").Bool("Required");
        switch (field.FieldName)
        {
            case "TextField":
                var text = value?["Text"]?.GetValue<string>();
                if (required && string.IsNullOrWhiteSpace(text))
                {
                    return "入力してください。";
                }

                var options = field.Settings.Bag("TextFieldPredefinedListEditorSettings")["Options"] as JsonArray;
                if (!string.IsNullOrEmpty(text) && options is { Count: > 0 }
                    && field.Settings.Bag("ContentPartFieldSettings").String("Editor") == "PredefinedList"
                    && !options.OfType<JsonObject>().Any(o => o["value"]?.ToString() == text))
                {
                    return "選択肢の中から選んでください。";
                }

                return null;
            case "HtmlField":
                return required && string.IsNullOrWhiteSpace(value?["Html"]?.GetValue<string>()) ? "入力してください。" : null;
            case "NumericField":
                var settings = field.Settings.Bag("NumericFieldSettings");
                // Deserialize rather than GetValue: values set from code hold an int or double, not a decimal.
                var number = value?["Value"]?.Deserialize<decimal?>();
                if (number is null)
                {
                    return required ? "数値を入力してください。" : null;
                }

                if (settings.Number("Minimum") is decimal min && number < min)
                {
                    return $"{min} 以上の値を入力してください。";
                }

                return settings.Number("Maximum") is decimal max && number > max ? $"{max} 以下の値を入力してください。" : null;
            case "LinkField":
                var url = value?["Url"]?.GetValue<string>();
                if (string.IsNullOrWhiteSpace(url))
                {
                    return required ? "URL を入力してください。" : null;
                }

                return IsUrl(url) ? null : "URL の形式が正しくありません（https:// で始まる形、または / で始まるサイト内のパス）。";
            case "ContentPickerField":
                var ids = value?["ContentItemIds"] as JsonArray;
                if (required && (ids is null || ids.Count == 0))
                {
                    return "1 件以上選んでください。";
                }

                return !field.Settings.Bag("ContentPickerFieldSettings").Bool("Multiple") && ids is { Count: > 1 } ? "1 件だけ選んでください。" : null;
            case "LocalizationSetContentPickerField":
                var sets = value?["LocalizationSets"] as JsonArray;
                if (required && (sets is null || sets.Count == 0))
                {
                    return "1 件以上選んでください。";
                }

                return !field.Settings.Bag("LocalizationSetContentPickerFieldSettings").Bool("Multiple") && sets is { Count: > 1 } ? "1 件だけ選んでください。" : null;
            case "DateTimeField":
            case "DateField":
                return required && string.IsNullOrWhiteSpace(value?["Value"]?.GetValue<string>()) ? "日時を入力してください。" : null;
            case "MediaField":
                var paths = (value?["Paths"] as JsonArray)?.Select(p => p!.GetValue<string>()).ToList() ?? [];
                if (required && paths.Count == 0)
                {
                    return "1 件以上選んでください。";
                }

                // Orchard lets a media field hold several files unless Multiple is switched off.
                if (!field.Settings.Bag("MediaFieldSettings").Bool("Multiple", fallback: true) && paths.Count > 1)
                {
                    return "1 件だけ選んでください。";
                }

                return paths.Select(p => Media.MediaPath.TryNormalize(p, out _, out var problem) ? null : $"「{p}」: {problem}").FirstOrDefault(p => p is not null);
            default:
                return null;
        }
    }

    // Orchard's defaults: Ganss.Xss's safe lists plus CSS classes, which themes rely on to style editor content.
    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedAttributes.Add("class");
        return sanitizer;
    }

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

    // Walks fields in place: nested bag items are visited inside their parent's JSON so their shape is left as it came.
    private static void Visit(JsonObject parts, ContentTypeDefinitionRecord? type, ContentDefinitionDocument definitions,
        Action<ContentPartFieldDefinitionRecord, JsonObject?> visitor)
    {
        if (type is null)
        {
            return;
        }

        foreach (var attachment in type.ContentTypePartDefinitionRecords)
        {
            if (parts[attachment.Name] is not JsonObject part)
            {
                continue;
            }

            if (attachment.PartName == "BagPart" && part["ContentItems"] is JsonArray nestedItems)
            {
                foreach (var nested in nestedItems.OfType<JsonObject>())
                {
                    if (nested["ContentType"] is JsonValue t && t.GetValueKind() == JsonValueKind.String)
                    {
                        Visit(nested, definitions.GetType(t.GetValue<string>()), definitions, visitor);
                    }
                }
            }

            foreach (var field in definitions.GetPart(attachment.PartName)?.ContentPartFieldDefinitionRecords ?? [])
            {
                visitor(field, part[field.Name] as JsonObject);
            }
        }
    }
}
