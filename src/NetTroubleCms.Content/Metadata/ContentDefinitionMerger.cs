using System.Text.Json;
using System.Text.Json.Nodes;

namespace NetTroubleCms.Content.Metadata;

/// <summary>
/// Applies <c>ContentDefinition</c>, <c>ReplaceContentDefinition</c> and <c>DeleteContentDefinition</c> steps to a
/// definition document with Orchard's semantics: merge never deletes, objects merge recursively, arrays are unioned.
/// </summary>
public static class ContentDefinitionMerger
{
    private static readonly string[] TypeSettingKeys = ["Creatable", "Listable", "Draftable", "Versionable", "Securable", "Stereotype", "Description", "Enabled"];
    private static readonly string[] TypePartSettingKeys = ["DisplayName", "Description", "Position", "DisplayMode", "Editor"];
    private static readonly string[] FieldSettingKeys = ["DisplayName", "Description", "Editor", "DisplayMode", "Position"];
    private static readonly string[] PartSettingKeys = ["Attachable", "Reusable", "DisplayName", "Description", "DefaultPosition"];

    private static readonly Dictionary<string, (string Bag, string[] Keys)> PartSpecificFlatKeys = new(StringComparer.Ordinal)
    {
        ["AutoroutePart"] = ("AutoroutePartSettings", ["Pattern", "AllowCustomPath", "ShowHomepageOption", "AllowUpdatePath", "AllowDisabled", "AllowRouteContainedItems", "ManageContainedItemRoutes", "AllowAbsolutePath"]),
        ["TitlePart"] = ("TitlePartSettings", ["Options", "Pattern", "RenderTitle"]),
        ["ListPart"] = ("ListPartSettings", ["PageSize", "ContainedContentTypes", "EnableOrdering", "ShowHeader"]),
        ["BagPart"] = ("BagPartSettings", ["ContainedContentTypes", "DisplayType"]),
    };

    /// <summary>Merges the types and parts of a <c>ContentDefinition</c> step into <paramref name="document"/>.</summary>
    public static void Merge(ContentDefinitionDocument document, ContentDefinitionDocument incoming)
    {
        // Orchard processes types before parts; parts a type names need not be declared.
        foreach (var type in incoming.ContentTypes)
        {
            Normalize(type);
            var existing = document.GetType(type.Name);
            if (existing is null)
            {
                existing = new ContentTypeDefinitionRecord { Name = type.Name };
                document.ContentTypes.Add(existing);
            }

            if (!string.IsNullOrEmpty(type.DisplayName))
            {
                existing.DisplayName = type.DisplayName;
            }

            MergeObject(existing.Settings, type.Settings);
            foreach (var attachment in type.ContentTypePartDefinitionRecords)
            {
                var current = existing.GetAttachment(attachment.Name);
                if (current is null)
                {
                    existing.ContentTypePartDefinitionRecords.Add(new() { PartName = attachment.PartName, Name = attachment.Name, Settings = (JsonObject)attachment.Settings.DeepClone() });
                }
                else
                {
                    current.PartName = string.IsNullOrEmpty(attachment.PartName) ? current.PartName : attachment.PartName;
                    MergeObject(current.Settings, attachment.Settings);
                }
            }
        }

        foreach (var part in incoming.ContentParts)
        {
            Normalize(part);
            var existing = document.GetPart(part.Name);
            if (existing is null)
            {
                existing = new ContentPartDefinitionRecord { Name = part.Name };
                document.ContentParts.Add(existing);
            }

            MergeObject(existing.Settings, part.Settings);
            foreach (var field in part.ContentPartFieldDefinitionRecords)
            {
                var current = existing.GetField(field.Name);
                if (current is null)
                {
                    existing.ContentPartFieldDefinitionRecords.Add(new() { FieldName = field.FieldName, Name = field.Name, Settings = (JsonObject)field.Settings.DeepClone() });
                }
                else
                {
                    current.FieldName = string.IsNullOrEmpty(field.FieldName) ? current.FieldName : field.FieldName;
                    MergeObject(current.Settings, field.Settings);
                }
            }
        }
    }

    /// <summary>Exact replacement: listed parts, then listed types, are recreated from the step.</summary>
    public static void Replace(ContentDefinitionDocument document, ContentDefinitionDocument incoming)
    {
        foreach (var part in incoming.ContentParts)
        {
            document.ContentParts.RemoveAll(p => p.Name == part.Name);
        }

        foreach (var type in incoming.ContentTypes)
        {
            document.ContentTypes.RemoveAll(t => t.Name == type.Name);
        }

        Merge(document, incoming);
    }

    /// <summary>Deletes types and parts by name; deleting a part detaches it from every type. Items are not touched.</summary>
    public static void Delete(ContentDefinitionDocument document, IEnumerable<string> typeNames, IEnumerable<string> partNames)
    {
        foreach (var name in typeNames)
        {
            document.ContentTypes.RemoveAll(t => t.Name == name);
        }

        foreach (var name in partNames)
        {
            document.ContentParts.RemoveAll(p => p.Name == name);
            foreach (var type in document.ContentTypes)
            {
                type.ContentTypePartDefinitionRecords ??= [];
                type.ContentTypePartDefinitionRecords.RemoveAll(a => a.PartName == name || a.Name == name);
            }
        }
    }

    /// <summary>Recursive JSON merge: objects merge, arrays union (by value), anything else overwrites, nulls included.</summary>
    public static void MergeObject(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source)
        {
            var current = target[key];
            if (value is JsonObject sourceObject && current is JsonObject targetObject)
            {
                MergeObject(targetObject, sourceObject);
            }
            else if (value is JsonArray sourceArray && current is JsonArray targetArray)
            {
                foreach (var element in sourceArray)
                {
                    if (!targetArray.Any(e => JsonNode.DeepEquals(e, element)))
                    {
                        targetArray.Add(element?.DeepClone());
                    }
                }
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }

    /// <summary>Turns pre-1.0 flat settings (<c>"Creatable": "True"</c> directly under Settings) into the nested bags.</summary>
    public static void Normalize(ContentTypeDefinitionRecord type)
    {
        // "Settings": null in a recipe means no settings; the records promise a non-null object to everyone after.
        type.Settings ??= [];
        type.ContentTypePartDefinitionRecords ??= [];
        type.ContentTypePartDefinitionRecords.RemoveAll(a => a is null);
        foreach (var attachment in type.ContentTypePartDefinitionRecords)
        {
            attachment.Settings ??= [];
        }

        Nest(type.Settings, "ContentTypeSettings", TypeSettingKeys);
        foreach (var attachment in type.ContentTypePartDefinitionRecords)
        {
            Nest(attachment.Settings, "ContentTypePartSettings", TypePartSettingKeys);
            if (attachment.PartName is { } partName && PartSpecificFlatKeys.TryGetValue(partName, out var specific))
            {
                Nest(attachment.Settings, specific.Bag, specific.Keys);
            }
        }
    }

    /// <summary>Turns flat part and field settings into the nested bags.</summary>
    public static void Normalize(ContentPartDefinitionRecord part)
    {
        part.Settings ??= [];
        part.ContentPartFieldDefinitionRecords ??= [];
        part.ContentPartFieldDefinitionRecords.RemoveAll(f => f is null);
        foreach (var field in part.ContentPartFieldDefinitionRecords)
        {
            field.Settings ??= [];
        }

        Nest(part.Settings, "ContentPartSettings", PartSettingKeys);
        foreach (var field in part.ContentPartFieldDefinitionRecords)
        {
            Nest(field.Settings, "ContentPartFieldSettings", FieldSettingKeys);
        }
    }

    private static void Nest(JsonObject settings, string bagName, string[] keys)
    {
        JsonObject? bag = null;
        foreach (var key in keys)
        {
            if (!settings.ContainsKey(key) || settings[key] is JsonObject)
            {
                continue;
            }

            bag ??= settings[bagName] as JsonObject ?? [];
            var value = settings[key];
            settings.Remove(key);
            // Legacy files write booleans as "True"/"False".
            if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String && bool.TryParse(v.GetValue<string>(), out var b))
            {
                value = JsonValue.Create(b);
            }

            if (!bag.ContainsKey(key))
            {
                bag[key] = value;
            }
        }

        if (bag is not null && settings[bagName] is null)
        {
            settings[bagName] = bag;
        }
    }
}
