using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Fields;
using NetTroubleCms.Content.Localization;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Storage;

namespace NetTroubleCms.Web.Features.Admin.Editors;

/// <summary>
/// Builds editor models from content definitions and binds the posted form back onto the item JSON. Parts and
/// properties the editor does not show are kept as they were, so nothing is lost by editing in the admin.
/// </summary>
public sealed partial class ContentEditorService(ContentDefinitionManager definitions, IContentStore store, SiteSettingsManager siteSettings, FieldTypes fieldTypes)
{
    /// <summary>Editors enter times in Japan time; the item stores UTC.</summary>
    public static readonly TimeZoneInfo EditorTimeZone = FindTimeZone();

    /// <summary>An editor model for <paramref name="item"/> with picker choices loaded.</summary>
    public async Task<EditorModel?> ModelAsync(ContentItem item, CancellationToken cancellationToken = default)
    {
        var defs = await definitions.LoadAsync(cancellationToken);
        var type = defs.GetType(item.ContentType);
        if (type is null)
        {
            return null;
        }

        var model = new EditorModel { Item = item, Type = type, Definitions = defs, FieldTypes = fieldTypes };
        var defaultCulture = LocalizationSets.DefaultCulture(await siteSettings.LoadAsync(cancellationToken));
        foreach (var (picker, pickerTypes) in PickerTypes(type, defs))
        {
            foreach (var t in pickerTypes)
            {
                var key = EditorModel.OptionsKey(picker, t);
                if (model.Options.ContainsKey(key))
                {
                    continue;
                }

                var (rows, _) = await store.QueryAsync(new ContentQuery { ContentTypes = [t], OrderBy = "title", Take = 1000 }, cancellationToken);
                model.Options[key] = picker.PicksSets
                    // One choice per set, named by its original, with the languages it has.
                    ? [.. rows.GroupBy(r => r.LocalizationSet ?? r.ContentItemId, StringComparer.Ordinal).Select(g =>
                    {
                        var original = g.FirstOrDefault(r => string.Equals(r.Culture, defaultCulture, StringComparison.OrdinalIgnoreCase)) ?? g.First();
                        var cultures = string.Join(" ", g.Select(r => r.Culture ?? "").Where(c => c.Length > 0).Order(StringComparer.Ordinal));
                        return new PickerOption(g.Key, original.DisplayText ?? g.Key, t, cultures, g.Any(r => r.Published));
                    })]
                    : [.. rows.Select(r => new PickerOption(r.ContentItemId, r.DisplayText ?? r.ContentItemId, r.ContentType, r.Culture, r.Published))];
            }
        }

        return model;
    }

    /// <summary>
    /// Copies the form onto a copy of <paramref name="baseItem"/>, then applies a form operation (add/remove/move a bag
    /// item or a picked item) when <paramref name="op"/> is given. Values that cannot be stored go to Errors and Raw.
    /// </summary>
    public EditorModel Bind(EditorModel source, IFormCollection form, string? op) => Bind(source, new FormInput(form), op);

    /// <inheritdoc cref="Bind(EditorModel, IFormCollection, string?)"/>
    public EditorModel Bind(EditorModel source, IFieldInput form, string? op)
    {
        var item = source.Item.Clone();
        var model = new EditorModel { Item = item, Type = source.Type, Definitions = source.Definitions, FieldTypes = source.FieldTypes };
        foreach (var (k, v) in source.Options)
        {
            model.Options[k] = v;
        }

        BindParts(model, item.Content, source.Item.Content, source.Type, form, "");
        if (!string.IsNullOrEmpty(op))
        {
            ApplyOp(model, op);
        }

        return model;
    }

    private IEnumerable<(PickerFieldType Picker, IReadOnlyList<string> Types)> PickerTypes(ContentTypeDefinitionRecord type, ContentDefinitionDocument defs, int depth = 0)
    {
        foreach (var attachment in type.ContentTypePartDefinitionRecords)
        {
            if (attachment.PartName == "BagPart" && depth == 0)
            {
                foreach (var contained in attachment.Settings.Bag("BagPartSettings").Strings("ContainedContentTypes"))
                {
                    if (defs.GetType(contained) is { } nested)
                    {
                        foreach (var x in PickerTypes(nested, defs, depth + 1))
                        {
                            yield return x;
                        }
                    }
                }
            }

            foreach (var field in defs.GetPart(attachment.PartName)?.ContentPartFieldDefinitionRecords ?? [])
            {
                if (fieldTypes.Get(field.FieldName) is PickerFieldType picker)
                {
                    var displayed = PickerFieldType.DisplayedTypes(field);
                    yield return (picker, displayed.Count > 0 ? displayed : [.. defs.ContentTypes.Where(t => t.TypeSettings.Listable).Select(t => t.Name)]);
                }
            }
        }
    }

    private static void BindParts(EditorModel model, JsonObject parts, JsonObject? stored, ContentTypeDefinitionRecord type, IFieldInput form, string prefix)
    {
        foreach (var attachment in type.ContentTypePartDefinitionRecords)
        {
            var key = prefix + attachment.Name;
            switch (attachment.PartName)
            {
                case "TitlePart":
                    Part(parts, attachment.Name)["Title"] = form.Value(key + ".Title");
                    continue;
                case "AutoroutePart":
                    var path = form.Value(key + ".Path").Trim().Trim('/');
                    Part(parts, attachment.Name)["Path"] = path.Length == 0 ? null : path;
                    continue;
                case "LocalizationPart":
                    if (form.Values(key + ".Culture").Count > 0)
                    {
                        Part(parts, attachment.Name)["Culture"] = form.Value(key + ".Culture");
                    }

                    continue;
                case "BagPart" when prefix.Length == 0:
                    BindBag(model, parts, stored, attachment, form, key);
                    continue;
            }

            var partDefinition = model.Definitions.GetPart(attachment.PartName);
            if (partDefinition is null)
            {
                continue;
            }

            var part = Part(parts, attachment.Name);
            var storedPart = stored?[attachment.Name] as JsonObject;
            foreach (var field in partDefinition.ContentPartFieldDefinitionRecords)
            {
                BindField(model, part, storedPart, field, form, $"{key}.{field.Name}");
            }
        }
    }

    private static void BindBag(EditorModel model, JsonObject parts, JsonObject? stored, ContentTypePartDefinitionRecord attachment, IFieldInput form, string key)
    {
        var existing = (stored?[attachment.Name] as JsonObject)?["ContentItems"] as JsonArray ?? [];
        var count = int.TryParse(form.Value(key + ".Count"), NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? Math.Min(c, 200) : 0;
        var items = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var itemKey = $"{key}.ContentItems[{i}]";
            var id = form.Value(itemKey + ".ContentItemId");
            var typeName = form.Value(itemKey + ".ContentType");
            var nestedType = model.Definitions.GetType(typeName);
            if (nestedType is null || id.Length == 0)
            {
                continue;
            }

            var storedNested = existing.OfType<JsonObject>().FirstOrDefault(o => o["ContentItemId"]?.ToString() == id);
            var nested = storedNested?.DeepClone() as JsonObject ?? new JsonObject
            {
                ["ContentItemId"] = id,
                ["ContentItemVersionId"] = IdGenerator.NewId(),
                ["ContentType"] = typeName,
            };
            BindParts(model, nested, storedNested, nestedType, form, itemKey + ".");
            // The label is derived from the fields: recomputed only when they changed, so a save that touches nothing
            // in this item leaves its stored label (a recipe's own wording) alone and shows no change in history.
            if (storedNested is null || !JsonNode.DeepEquals(nested, storedNested))
            {
                nested["DisplayText"] = NestedDisplayText(nested, nestedType, model.Definitions, model.FieldTypes);
            }

            items.Add(nested);
        }

        Part(parts, attachment.Name)["ContentItems"] = items;
    }

    private static void BindField(EditorModel model, JsonObject part, JsonObject? storedPart, ContentPartFieldDefinitionRecord field, IFieldInput form, string key)
    {
        var context = new FieldBindContext
        {
            Field = field,
            Key = key,
            Input = form,
            Current = part[field.Name] as JsonObject,
            Stored = storedPart?[field.Name] as JsonObject,
            Part = part,
            TimeZone = EditorTimeZone,
            FindItem = typed => ResolvePick(model, typed),
        };
        var value = model.FieldTypes.Get(field.FieldName).Bind(context);
        if (context.Error is not null)
        {
            model.Errors[key] = context.Error;
        }

        foreach (var (rawKey, raw) in context.Raw)
        {
            model.Raw[rawKey] = raw;
        }

        if (value is not null)
        {
            part[field.Name] = value;
        }
    }

    private static string? ResolvePick(EditorModel model, string typed)
    {
        var match = PickId().Match(typed);
        var candidates = model.Options.Values.SelectMany(o => o);
        if (match.Success)
        {
            return candidates.FirstOrDefault(o => o.ContentItemId == match.Groups[1].Value)?.ContentItemId;
        }

        var byTitle = candidates.Where(o => o.DisplayText == typed).ToList();
        return byTitle.Count == 1 ? byTitle[0].ContentItemId : null;
    }

    private static void ApplyOp(EditorModel model, string op)
    {
        var parts = op.Split(':');
        if (parts.Length < 2)
        {
            return;
        }

        var (verb, key) = (parts[0], parts[1]);
        var index = parts.Length > 2 && int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : -1;
        if (verb.StartsWith("bag-", StringComparison.Ordinal))
        {
            var bag = Part(model.Item.Content, key);
            var items = bag["ContentItems"] as JsonArray ?? [];
            bag["ContentItems"] = items;
            if (verb == "bag-add" && parts.Length > 2 && model.Definitions.GetType(parts[2]) is not null)
            {
                items.Add(new JsonObject
                {
                    ["ContentItemId"] = IdGenerator.NewId(),
                    ["ContentItemVersionId"] = IdGenerator.NewId(),
                    ["ContentType"] = parts[2],
                });
            }
            else
            {
                ListEdits.Apply(items, verb[4..], index);
            }

            return;
        }

        if (verb.StartsWith("pick-", StringComparison.Ordinal)
            && Locate(model.Item, key) is { } picked
            && (picked["ContentItemIds"] ?? picked["LocalizationSets"]) is JsonArray ids)
        {
            ListEdits.Apply(ids, verb[5..], index);
        }
    }

    /// <summary>The JSON object at a form key such as <c>Channels.ContentItems[0].Channel.Value</c>.</summary>
    public static JsonObject? Locate(ContentItem item, string key)
    {
        JsonNode? node = item.Content;
        foreach (var segment in key.Split('.'))
        {
            var m = Indexed().Match(segment);
            if (m.Success)
            {
                node = (node?[m.Groups[1].Value] as JsonArray) is { } a && int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) is var n && n < a.Count ? a[n] : null;
            }
            else
            {
                node = node is JsonObject o ? o[segment] : null;
            }
        }

        return node as JsonObject;
    }

    /// <summary>Display text of a bag item: its title, else its first two text values (e.g. 「電話 0570-078374」).</summary>
    public static string? NestedDisplayText(JsonObject nested, ContentTypeDefinitionRecord type, ContentDefinitionDocument defs, FieldTypes fieldTypes)
    {
        if (type.GetPartOfType("TitlePart") is { } title && (nested[title.Name] as JsonObject)?["Title"]?.ToString() is { Length: > 0 } t)
        {
            return t;
        }

        var texts = type.ContentTypePartDefinitionRecords
            .SelectMany(a => (defs.GetPart(a.PartName) is { } p ? EditorModel.Ordered(p) : []).Select(f => (a, f)))
            .Where(x => fieldTypes.Get(x.f.FieldName) is TextFieldType)
            .Select(x => fieldTypes.Get(x.f.FieldName).DisplayText((nested[x.a.Name] as JsonObject)?[x.f.Name] as JsonObject))
            .Where(s => !string.IsNullOrWhiteSpace(s))
            .Take(2);
        var text = string.Join(" ", texts);
        return text.Length == 0 ? null : text;
    }

    /// <summary>
    /// The translatable words of an item, labelled as in the editor (e.g. 「機関情報 › 説明」), for reading the original
    /// beside its translation. Shared facts are left out: they are the same in every language.
    /// </summary>
    public static IEnumerable<(string Label, string Text)> Words(ContentItem item, ContentTypeDefinitionRecord type, ContentDefinitionDocument defs, FieldTypes fieldTypes)
    {
        foreach (var attachment in type.ContentTypePartDefinitionRecords.OrderBy(a => a.Settings.Position("ContentTypePartSettings")))
        {
            var partLabel = attachment.Settings.Bag("ContentTypePartSettings").String("DisplayName") ?? attachment.Name;
            if (attachment.PartName == "TitlePart" && item.Part(attachment.Name)?["Title"]?.ToString() is { Length: > 0 } title)
            {
                yield return (partLabel, title);
                continue;
            }

            if (TranslationFacts.IsShared(attachment.Settings) || defs.GetPart(attachment.PartName) is not { } part)
            {
                continue;
            }

            foreach (var field in EditorModel.Ordered(part).Where(f => !TranslationFacts.IsShared(f.Settings)))
            {
                var text = fieldTypes.Get(field.FieldName).TranslatableText(item.Field(attachment.Name, field.Name));
                if (!string.IsNullOrWhiteSpace(text))
                {
                    yield return ($"{partLabel} › {field.DisplayName}", text);
                }
            }
        }
    }

    /// <summary>UTC from a time the editor entered in Japan time.</summary>
    public static DateTime FromEditorTime(DateTime local) => DateFieldTypeBase.FromEditorTime(local, EditorTimeZone);

    /// <summary>Japan time for an editor input (<c>yyyy-MM-ddTHH:mm</c>).</summary>
    public static string ToEditorTime(string? iso) => DateFieldTypeBase.ToEditorTime(iso, EditorTimeZone);

    /// <summary>Japan time for display.</summary>
    public static string Display(DateTime? utc) =>
        utc is null ? "" : TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc.Value, DateTimeKind.Utc), EditorTimeZone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static JsonObject Part(JsonObject parts, string name)
    {
        if (parts[name] is JsonObject o)
        {
            return o;
        }

        o = [];
        parts[name] = o;
        return o;
    }

    private static TimeZoneInfo FindTimeZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        }
        catch (TimeZoneNotFoundException)
        {
            // Containers without tzdata: Japan has no daylight saving, so a fixed +9 is exact.
            return TimeZoneInfo.CreateCustomTimeZone("JST", TimeSpan.FromHours(9), "JST", "JST");
        }
    }

    // The posted form as the engine's field input.
    private sealed class FormInput(IFormCollection form) : IFieldInput
    {
        public IReadOnlyList<string> Values(string key) => [.. form[key].Select(v => v ?? "")];
    }

    [GeneratedRegex(@"\[([0-9a-z]{10,64})\]\s*$")]
    private static partial Regex PickId();

    [GeneratedRegex(@"^(\w+)\[(\d+)\]$")]
    private static partial Regex Indexed();
}
