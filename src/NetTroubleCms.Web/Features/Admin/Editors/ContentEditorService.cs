using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Localization;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Storage;

namespace NetTroubleCms.Web.Features.Admin.Editors;

/// <summary>
/// Builds editor models from content definitions and binds the posted form back onto the item JSON. Parts and
/// properties the editor does not show are kept as they were, so nothing is lost by editing in the admin.
/// </summary>
public sealed partial class ContentEditorService(ContentDefinitionManager definitions, IContentStore store, SiteSettingsManager siteSettings)
{
    /// <summary>Editors enter times in Japan time; the item stores UTC.</summary>
    public static readonly TimeZoneInfo EditorTimeZone = FindTimeZone();

    /// <summary>The Kind value that marks a channel's Value as a phone number (the leaflet's vocabulary).</summary>
    public const string PhoneKind = "電話";

    /// <summary>An editor model for <paramref name="item"/> with picker choices loaded.</summary>
    public async Task<EditorModel?> ModelAsync(ContentItem item, CancellationToken cancellationToken = default)
    {
        var defs = await definitions.LoadAsync(cancellationToken);
        var type = defs.GetType(item.ContentType);
        if (type is null)
        {
            return null;
        }

        var model = new EditorModel { Item = item, Type = type, Definitions = defs };
        var defaultCulture = LocalizationSets.DefaultCulture(await siteSettings.LoadAsync(cancellationToken));
        foreach (var (field, pickerTypes) in PickerTypes(type, defs))
        {
            foreach (var t in pickerTypes)
            {
                var key = Pickers.OptionsKey(field, t);
                if (model.Options.ContainsKey(key))
                {
                    continue;
                }

                var (rows, _) = await store.QueryAsync(new ContentQuery { ContentTypes = [t], OrderBy = "title", Take = 1000 }, cancellationToken);
                model.Options[key] = Pickers.PicksSets(field)
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
    public EditorModel Bind(EditorModel source, IFormCollection form, string? op)
    {
        var item = source.Item.Clone();
        var model = new EditorModel { Item = item, Type = source.Type, Definitions = source.Definitions };
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

    private static IEnumerable<(ContentPartFieldDefinitionRecord Field, IReadOnlyList<string> Types)> PickerTypes(ContentTypeDefinitionRecord type, ContentDefinitionDocument defs, int depth = 0)
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
                if (Pickers.IsPicker(field))
                {
                    var displayed = Pickers.DisplayedTypes(field);
                    yield return (field, displayed.Count > 0 ? displayed : [.. defs.ContentTypes.Where(t => t.TypeSettings.Listable).Select(t => t.Name)]);
                }
            }
        }
    }

    private static void BindParts(EditorModel model, JsonObject parts, JsonObject? stored, ContentTypeDefinitionRecord type, IFormCollection form, string prefix)
    {
        foreach (var attachment in type.ContentTypePartDefinitionRecords)
        {
            var key = prefix + attachment.Name;
            switch (attachment.PartName)
            {
                case "TitlePart":
                    Part(parts, attachment.Name)["Title"] = form[key + ".Title"].ToString();
                    continue;
                case "AutoroutePart":
                    var path = form[key + ".Path"].ToString().Trim().Trim('/');
                    Part(parts, attachment.Name)["Path"] = path.Length == 0 ? null : path;
                    continue;
                case "LocalizationPart":
                    if (form.ContainsKey(key + ".Culture"))
                    {
                        Part(parts, attachment.Name)["Culture"] = form[key + ".Culture"].ToString();
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

    private static void BindBag(EditorModel model, JsonObject parts, JsonObject? stored, ContentTypePartDefinitionRecord attachment, IFormCollection form, string key)
    {
        var existing = (stored?[attachment.Name] as JsonObject)?["ContentItems"] as JsonArray ?? [];
        var count = int.TryParse(form[key + ".Count"], NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? Math.Min(c, 200) : 0;
        var items = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var itemKey = $"{key}.ContentItems[{i}]";
            var id = form[itemKey + ".ContentItemId"].ToString();
            var typeName = form[itemKey + ".ContentType"].ToString();
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
                nested["DisplayText"] = NestedDisplayText(nested, nestedType, model.Definitions);
            }

            items.Add(nested);
        }

        Part(parts, attachment.Name)["ContentItems"] = items;
    }

    private static void BindField(EditorModel model, JsonObject part, JsonObject? storedPart, ContentPartFieldDefinitionRecord field, IFormCollection form, string key)
    {
        var existed = part[field.Name] is JsonObject;
        var value = part[field.Name] as JsonObject ?? [];
        var storedValue = storedPart?[field.Name] as JsonObject;
        switch (field.FieldName)
        {
            case "TextField":
                var text = form[key].ToString();
                if (!existed && text.Length == 0)
                {
                    return;
                }

                if (field.Name == "Value" && part["Kind"] is JsonObject kind && kind["Text"]?.ToString() == PhoneKind
                    && text != EditorModel.Str(storedValue, "Text") && text.Length > 0)
                {
                    // Only what the editor changed is reformatted: numbers copied verbatim from the leaflet stay as printed.
                    if (PhoneNumberFormatter.Format(text) is { } formatted)
                    {
                        text = formatted;
                    }
                    else
                    {
                        model.Errors[key] = $"{field.DisplayName}: 日本の電話番号として正しくありません（例：03-1234-5678、0570-078374、#9110）。";
                    }
                }

                value["Text"] = text.Length == 0 ? null : text;
                break;
            case "HtmlField":
                value["Html"] = form[key].ToString();
                break;
            case "LinkField":
                var url = form[key + ".Url"].ToString().Trim();
                var linkText = form[key + ".Text"].ToString();
                if (!existed && url.Length == 0 && linkText.Length == 0)
                {
                    return;
                }

                value["Url"] = url;
                value["Text"] = linkText;
                break;
            case "NumericField":
                var number = form[key].ToString().Trim().Normalize(System.Text.NormalizationForm.FormKC);
                if (number.Length == 0)
                {
                    if (!existed)
                    {
                        return;
                    }

                    value["Value"] = null;
                }
                else if (decimal.TryParse(number, NumberStyles.Number, CultureInfo.InvariantCulture, out var d))
                {
                    value["Value"] = d;
                }
                else
                {
                    model.Errors[key] = $"{field.DisplayName}: 数値を入力してください。";
                    model.Raw[key] = form[key].ToString();
                }

                break;
            case "BooleanField":
                value["Value"] = form[key].Contains("true");
                break;
            case "DateTimeField":
            case "DateField":
                var local = form[key].ToString().Trim();
                if (local.Length == 0)
                {
                    if (!existed)
                    {
                        return;
                    }

                    value["Value"] = null;
                }
                else if (DateTime.TryParse(local, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt))
                {
                    value["Value"] = ContentItem.FormatDate(FromEditorTime(dt));
                }
                else
                {
                    model.Errors[key] = $"{field.DisplayName}: 日時の形式が正しくありません。";
                    model.Raw[key] = local;
                }

                break;
            case "ContentPickerField" or "LocalizationSetContentPickerField":
                var ids = form[key].Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToList();
                var added = form[key + ".Add"].ToString().Trim();
                if (added.Length > 0)
                {
                    var id = ResolvePick(model, field, added);
                    if (id is null)
                    {
                        model.Errors[key] = $"{field.DisplayName}: 「{added}」は見つかりません。候補から選んでください。";
                        model.Raw[key + ".Add"] = added;
                    }
                    else if (!ids.Contains(id))
                    {
                        ids.Add(id);
                    }
                }

                if (!existed && ids.Count == 0)
                {
                    return;
                }

                value[Pickers.ValueKey(field)] = new JsonArray([.. ids.Select(i => (JsonNode)JsonValue.Create(i))]);
                break;
            case "MultiTextField":
                var values = EditorModel.ListOptions(field).Count > 0
                    ? form[key].Select(s => s ?? "").ToList()
                    : [.. form[key].ToString().Split('\n').Select(s => s.Trim()).Where(s => s.Length > 0)];
                if (!existed && values.Count == 0)
                {
                    return;
                }

                value["Values"] = new JsonArray([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);
                break;
            case "MediaField" when !BindMedia(value, existed, field, form, key):
                return;
            case "MediaField":
                break;
            default:
                return;
        }

        part[field.Name] = value;
    }

    private static string? ResolvePick(EditorModel model, ContentPartFieldDefinitionRecord field, string typed)
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
    public static string? NestedDisplayText(JsonObject nested, ContentTypeDefinitionRecord type, ContentDefinitionDocument defs)
    {
        if (type.GetPartOfType("TitlePart") is { } title && (nested[title.Name] as JsonObject)?["Title"]?.ToString() is { Length: > 0 } t)
        {
            return t;
        }

        var texts = type.ContentTypePartDefinitionRecords
            .SelectMany(a => (defs.GetPart(a.PartName) is { } p ? EditorModel.Ordered(p) : []).Select(f => (a, f)))
            .Where(x => x.f.FieldName == "TextField")
            .Select(x => ((nested[x.a.Name] as JsonObject)?[x.f.Name] as JsonObject)?["Text"]?.ToString())
            .Where(s => !string.IsNullOrWhiteSpace(s))
            .Take(2);
        var text = string.Join(" ", texts);
        return text.Length == 0 ? null : text;
    }

    /// <summary>
    /// The translatable words of an item, labelled as in the editor (e.g. 「機関情報 › 説明」), for reading the original
    /// beside its translation. Shared facts are left out: they are the same in every language.
    /// </summary>
    public static IEnumerable<(string Label, string Text)> Words(ContentItem item, ContentTypeDefinitionRecord type, ContentDefinitionDocument defs)
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
                var value = item.Field(attachment.Name, field.Name);
                var text = (value?["Text"] ?? value?["Html"])?.ToString();
                if (!string.IsNullOrWhiteSpace(text))
                {
                    yield return ($"{partLabel} › {field.DisplayName}", text);
                }
            }
        }
    }

    /// <summary>UTC from a time the editor entered in Japan time.</summary>
    public static DateTime FromEditorTime(DateTime local) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), EditorTimeZone);

    /// <summary>Japan time for an editor input (<c>yyyy-MM-ddTHH:mm</c>).</summary>
    public static string ToEditorTime(string? iso) =>
        DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dto)
            ? TimeZoneInfo.ConvertTime(dto, EditorTimeZone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture)
            : "";

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

    [GeneratedRegex(@"\[([0-9a-z]{10,64})\]\s*$")]
    private static partial Regex PickId();

    [GeneratedRegex(@"^(\w+)\[(\d+)\]$")]
    private static partial Regex Indexed();
}
