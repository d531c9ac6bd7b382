using System.Text.Json.Nodes;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Resources;

namespace NetTroubleCms.Content.Fields;

/// <summary>
/// A field that picks content items, in order. Orchard's ContentPickerField stores item ids; its
/// LocalizationSetContentPickerField stores LocalizationSets, so one pick stands for an item in every language. Both
/// share one editor: the picked list and a search box whose text <see cref="FieldBindContext.FindItem"/> resolves.
/// </summary>
public abstract class PickerFieldType : ContentFieldType
{
    /// <summary>The JSON property holding the picks.</summary>
    public abstract string ValueKey { get; }

    /// <summary>True when picks are LocalizationSets rather than item ids.</summary>
    public virtual bool PicksSets => false;

    /// <inheritdoc />
    public override IReadOnlyList<FieldProperty> Properties => [new(ValueKey, FieldValueKind.TextList)];

    /// <summary>The content types the field offers (empty = every listable type).</summary>
    public static IReadOnlyList<string> DisplayedTypes(ContentPartFieldDefinitionRecord field) =>
        TypeSettings(field).Strings("DisplayedContentTypes");

    /// <summary>The picks of a value, in order.</summary>
    public IReadOnlyList<string> Picks(JsonObject? value) =>
        value?[ValueKey] is JsonArray a ? [.. a.Select(n => n?.ToString() ?? "")] : [];

    /// <inheritdoc />
    public override string? ValidateRules(ContentPartFieldDefinitionRecord field, JsonObject? value)
    {
        var picks = value?[ValueKey] as JsonArray;
        if (IsRequired(field) && (picks is null || picks.Count == 0))
        {
            return EngineText.T("1 件以上選んでください。");
        }

        return !TypeSettings(field).Bool("Multiple") && picks is { Count: > 1 } ? EngineText.T("1 件だけ選んでください。") : null;
    }

    /// <inheritdoc />
    public override string? EditorTemplate(ContentPartFieldDefinitionRecord field) => "PickerField";

    /// <inheritdoc />
    public override JsonObject? Bind(FieldBindContext context)
    {
        var ids = context.Input.Values(context.Key).Where(s => !string.IsNullOrEmpty(s)).ToList();
        var added = context.Input.Value(context.Key + ".Add").Trim();
        if (added.Length > 0)
        {
            var id = context.FindItem?.Invoke(added);
            if (id is null)
            {
                context.Fail(EngineText.T("「{0}」は見つかりません。候補から選んでください。", added));
                context.Raw[context.Key + ".Add"] = added;
            }
            else if (!ids.Contains(id))
            {
                ids.Add(id);
            }
        }

        if (!context.Existed && ids.Count == 0)
        {
            return null;
        }

        context.Value[ValueKey] = new JsonArray([.. ids.Select(i => (JsonNode)JsonValue.Create(i))]);
        return context.Value;
    }
}

/// <summary>Orchard's ContentPickerField: <c>{ "ContentItemIds": [ … ] }</c>.</summary>
public sealed class ContentPickerFieldType : PickerFieldType
{
    /// <summary>The type's name.</summary>
    public const string TypeName = "ContentPickerField";

    /// <inheritdoc />
    public override string Name => TypeName;

    /// <inheritdoc />
    public override string ValueKey => "ContentItemIds";
}

/// <summary>Orchard's LocalizationSetContentPickerField: <c>{ "LocalizationSets": [ … ] }</c>.</summary>
public sealed class LocalizationSetContentPickerFieldType : PickerFieldType
{
    /// <summary>The type's name.</summary>
    public const string TypeName = "LocalizationSetContentPickerField";

    /// <inheritdoc />
    public override string Name => TypeName;

    /// <inheritdoc />
    public override string ValueKey => "LocalizationSets";

    /// <inheritdoc />
    public override bool PicksSets => true;
}
