using System.Text.Json.Nodes;

namespace NetTroubleCms.Content.Fields;

/// <summary>
/// A field type nothing here knows: recipes from other Orchard sites carry them. Any JSON object is accepted and
/// kept exactly as it came; the admin shows that it cannot edit the field.
/// </summary>
public sealed class UnknownFieldType(string name) : ContentFieldType
{
    // Orchard's usual value properties: a type we do not know most likely follows the same naming.
    private static readonly Dictionary<string, string> UsualLabels = new(StringComparer.Ordinal)
    {
        ["Text"] = "",
        ["Value"] = "",
        ["Html"] = "",
        ["Values"] = "",
        ["ContentItemIds"] = "",
        ["LocalizationSets"] = "",
        ["Url"] = "URL",
        ["Title"] = "",
    };

    /// <inheritdoc />
    public override string Name { get; } = name;

    /// <inheritdoc />
    public override string? TranslatableText(JsonObject? value) => (value?["Text"] ?? value?["Html"])?.ToString();

    /// <inheritdoc />
    public override string PropertyLabel(string property) => UsualPropertyLabel(property);

    /// <summary>The label of a property by Orchard's usual value names: the value itself needs none, a URL is "URL".</summary>
    public static string UsualPropertyLabel(string property) => UsualLabels.GetValueOrDefault(property, property);
}
