using System.Globalization;
using System.Text.Json.Nodes;
using NetTroubleCms.Content.Media;
using NetTroubleCms.Content.Metadata;

namespace NetTroubleCms.Web.Features.Admin.Editors;

/// <summary>
/// The MediaField editor's binding (Orchard's <c>{ "Paths": [], "MediaTexts": [] }</c>): the files already chosen,
/// each kept or dropped and with its alternative text, plus files ticked in the library list. Kept apart from the other
/// field editors so the field's whole editor lives in this file and <c>_MediaField.cshtml</c>.
/// </summary>
public sealed partial class ContentEditorService
{
    /// <summary>Most library files offered in one field's list.</summary>
    public const int MediaChoiceLimit = 500;

    /// <summary>Binds a MediaField; false when there is nothing to store (the editor was not on the form, or nothing chosen in a new field).</summary>
    private static bool BindMedia(JsonObject value, bool existed, ContentPartFieldDefinitionRecord field, IFormCollection form, string key)
    {
        if (!form.ContainsKey(key + ".Count"))
        {
            return false;
        }

        var count = int.TryParse(form[key + ".Count"], NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? Math.Min(c, 200) : 0;
        var anchors = value["Anchors"] as JsonArray;
        var paths = new List<string>();
        var texts = new List<string>();
        var keptAnchors = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var path = form[$"{key}.Paths[{i}]"].ToString();
            if (path.Length == 0 || !form[$"{key}.Keep[{i}]"].Contains("true"))
            {
                continue;
            }

            paths.Add(path);
            texts.Add(form[$"{key}.Texts[{i}]"].ToString());
            // Anchors (focal points) belong to their file: they follow it when others are removed.
            keptAnchors.Add(anchors is not null && i < anchors.Count ? anchors[i]?.DeepClone() : null);
        }

        foreach (var added in form[key + ".Add"])
        {
            if (MediaPath.TryNormalize(added, out var path, out _) && !paths.Contains(path))
            {
                paths.Add(path);
                texts.Add("");
                keptAnchors.Add(null);
            }
        }

        if (!field.Settings.Bag("MediaFieldSettings").Bool("Multiple", fallback: true) && paths.Count > 1)
        {
            // One file allowed: the one chosen last replaces the earlier one.
            paths = [paths[^1]];
            texts = [texts[^1]];
            keptAnchors = [keptAnchors[^1]?.DeepClone()];
        }

        if (!existed && paths.Count == 0)
        {
            return false;
        }

        value["Paths"] = new JsonArray([.. paths.Select(p => (JsonNode)JsonValue.Create(p))]);
        value["MediaTexts"] = new JsonArray([.. texts.Select(t => (JsonNode)JsonValue.Create(t))]);
        if (anchors is not null)
        {
            value["Anchors"] = keptAnchors;
        }

        return true;
    }
}
