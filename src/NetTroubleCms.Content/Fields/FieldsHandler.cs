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
        ValidateItem(context, context.Item, context.Type, "");
        return Task.CompletedTask;
    }

    private void ValidateItem(ContentContext context, ContentItem item, ContentTypeDefinitionRecord? type, string prefix)
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
                var fieldMember = $"{member}.{field.Name}";
                if (fieldNode is not null and not JsonObject)
                {
                    context.Fail(fieldMember, $"{field.DisplayName}: {EngineText.T("{0} は JSON オブジェクトでなければなりません。", field.FieldName)}");
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
                    context.Fail(fieldMember, $"{field.DisplayName}: {error}");
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
                var nested = ContentItem.FromJson(json, itemMember);
                ValidateItem(context, nested, context.Definitions.GetType(nested.ContentType), itemMember + ".");
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
