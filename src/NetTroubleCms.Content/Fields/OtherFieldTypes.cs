using System.Text.Json.Nodes;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Resources;

namespace NetTroubleCms.Content.Fields;

/// <summary>
/// Orchard's MediaField: <c>{ "Paths": [ … ], "MediaTexts": [ … ] }</c> (and <c>Anchors</c>, focal points, kept with
/// their files). The editor lists the chosen files, each kept or dropped with its alternative text, plus files ticked in
/// the media library.
/// </summary>
public class MediaFieldType : ContentFieldType
{
    /// <summary>The type's name.</summary>
    public const string TypeName = "MediaField";

    /// <inheritdoc />
    public override string Name => TypeName;

    /// <inheritdoc />
    public override IReadOnlyList<FieldProperty> Properties => [new("Paths", FieldValueKind.TextList), new("MediaTexts", FieldValueKind.TextList)];

    /// <inheritdoc />
    public override string? ValidateRules(ContentPartFieldDefinitionRecord field, JsonObject? value)
    {
        var paths = (value?["Paths"] as JsonArray)?.Select(p => p?.ToString() ?? "").ToList() ?? [];
        if (IsRequired(field) && paths.Count == 0)
        {
            return EngineText.T("1 件以上選んでください。");
        }

        // Orchard lets a media field hold several files unless Multiple is switched off.
        if (!TypeSettings(field).Bool("Multiple", fallback: true) && paths.Count > 1)
        {
            return EngineText.T("1 件だけ選んでください。");
        }

        return paths.Select(p => Media.MediaPath.TryNormalize(p, out _, out var problem) ? null : $"「{p}」: {problem}").FirstOrDefault(p => p is not null);
    }

    /// <inheritdoc />
    public override string? EditorTemplate(ContentPartFieldDefinitionRecord field) => "MediaField";

    /// <inheritdoc />
    public override JsonObject? Bind(FieldBindContext context)
    {
        var key = context.Key;
        if (context.Input.Values(key + ".Count").Count == 0)
        {
            return null; // the editor was not on the form
        }

        var count = int.TryParse(context.Input.Value(key + ".Count"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var c) ? Math.Min(c, 200) : 0;
        var value = context.Value;
        var anchors = value["Anchors"] as JsonArray;
        var paths = new List<string>();
        var texts = new List<string>();
        var keptAnchors = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var path = context.Input.Value($"{key}.Paths[{i}]");
            if (path.Length == 0 || !context.Input.Values($"{key}.Keep[{i}]").Contains("true"))
            {
                continue;
            }

            paths.Add(path);
            texts.Add(context.Input.Value($"{key}.Texts[{i}]"));
            // Anchors (focal points) belong to their file: they follow it when others are removed.
            keptAnchors.Add(anchors is not null && i < anchors.Count ? anchors[i]?.DeepClone() : null);
        }

        foreach (var added in context.Input.Values(key + ".Add"))
        {
            if (Media.MediaPath.TryNormalize(added, out var path, out _) && !paths.Contains(path))
            {
                paths.Add(path);
                texts.Add("");
                keptAnchors.Add(null);
            }
        }

        if (!TypeSettings(context.Field).Bool("Multiple", fallback: true) && paths.Count > 1)
        {
            // One file allowed: the one chosen last replaces the earlier one.
            paths = [paths[^1]];
            texts = [texts[^1]];
            keptAnchors = [keptAnchors[^1]?.DeepClone()];
        }

        if (!context.Existed && paths.Count == 0)
        {
            return null;
        }

        value["Paths"] = new JsonArray([.. paths.Select(p => (JsonNode)JsonValue.Create(p))]);
        value["MediaTexts"] = new JsonArray([.. texts.Select(t => (JsonNode)JsonValue.Create(t))]);
        if (anchors is not null)
        {
            value["Anchors"] = keptAnchors;
        }

        return value;
    }
}

/// <summary>Orchard's UserPickerField: <c>{ "UserIds": [ … ] }</c>; its shape is checked, the admin does not edit it.</summary>
public sealed class UserPickerFieldType : ContentFieldType
{
    /// <summary>The type's name.</summary>
    public const string TypeName = "UserPickerField";

    /// <inheritdoc />
    public override string Name => TypeName;

    /// <inheritdoc />
    public override IReadOnlyList<FieldProperty> Properties => [new("UserIds", FieldValueKind.TextList)];
}

/// <summary>
/// Orchard's TaxonomyField: <c>{ "TaxonomyContentItemId": "…", "TermContentItemIds": [ … ] }</c>; its shape is
/// checked, the admin does not edit it.
/// </summary>
public sealed class TaxonomyFieldType : ContentFieldType
{
    /// <summary>The type's name.</summary>
    public const string TypeName = "TaxonomyField";

    /// <inheritdoc />
    public override string Name => TypeName;

    /// <inheritdoc />
    public override IReadOnlyList<FieldProperty> Properties => [new("TermContentItemIds", FieldValueKind.TextList), new("TaxonomyContentItemId", FieldValueKind.Text)];
}
