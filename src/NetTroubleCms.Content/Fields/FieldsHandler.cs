using System.Text.Json;
using System.Text.Json.Nodes;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Resources;

namespace NetTroubleCms.Content.Fields;

/// <summary>
/// Checks every field against its definition through its <see cref="ContentFieldType"/>: the JSON shape on every save
/// and import, the settings' rules and normalising (e.g. HTML sanitizing) on the editor path. Recurses into BagPart
/// items with their own type definitions.
/// </summary>
public sealed class FieldsHandler(FieldTypes fieldTypes) : ContentHandler
{
    /// <inheritdoc />
    public override Task UpdatingAsync(ContentContext context, CancellationToken cancellationToken)
    {
        // Like Orchard, values are normalised where editors type them; recipe imports keep them as written.
        if (context.IsImport)
        {
            return Task.CompletedTask;
        }

        Visit(context.Item.Content, context.Type, context.Definitions, (field, value) =>
        {
            if (value is not null)
            {
                fieldTypes.Get(field.FieldName).Normalize(field, value);
            }
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task ValidatingAsync(ContentContext context, CancellationToken cancellationToken)
    {
        ValidateItem(context, context.Item.Content, inPlace: false, context.Type, "");
        return Task.CompletedTask;
    }

    // parts: the item's parts, or (inPlace) a bag item's own JSON, whose root properties are not parts.
    private void ValidateItem(ContentContext context, JsonObject parts, bool inPlace, ContentTypeDefinitionRecord? type, string prefix)
    {
        if (type is null)
        {
            return;
        }

        foreach (var attachment in type.ContentTypePartDefinitionRecords)
        {
            var partNode = inPlace ? ContentItem.PartOf(parts, attachment.Name) : parts[attachment.Name];
            var member = prefix + attachment.Name;
            if (partNode is not null and not JsonObject)
            {
                context.Fail(member, EngineText.T("パーツは JSON オブジェクトでなければなりません。"));
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
                if (fieldNode is not null and not JsonObject)
                {
                    context.Fail($"{member}.{field.Name}", $"{field.DisplayName}: {EngineText.T("{0} は JSON オブジェクトでなければなりません。", field.FieldName)}");
                    continue;
                }

                var fieldType = fieldTypes.Get(field.FieldName);
                var value = fieldNode as JsonObject;
                var error = value is null ? null : fieldType.ValidateShape(value);
                if (error is null && !context.IsImport)
                {
                    error = fieldType.ValidateRules(field, value);
                }

                if (error is not null)
                {
                    context.Fail($"{member}.{field.Name}", $"{field.DisplayName}: {error}");
                }
            }
        }
    }

    private void ValidateBag(ContentContext context, JsonObject bag, string member)
    {
        if (bag["ContentItems"] is null)
        {
            return;
        }

        if (bag["ContentItems"] is not JsonArray items)
        {
            context.Fail($"{member}.ContentItems", EngineText.T("ContentItems は配列でなければなりません。"));
            return;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var itemMember = $"{member}.ContentItems[{i}]";
            if (items[i] is not JsonObject json)
            {
                context.Fail(itemMember, EngineText.T("入れ子のアイテムは JSON オブジェクトでなければなりません。"));
                continue;
            }

            try
            {
                // Read where it is: a copy of every bag item of every imported item costs more than the checks.
                var nested = ContentItem.HeaderOf(json, itemMember);
                ValidateItem(context, json, inPlace: true, context.Definitions.GetType(nested.ContentType), itemMember + ".");
            }
            catch (ContentFormatException ex)
            {
                context.Fail(ex.JsonPath, ex.Problem);
            }
        }
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
