using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NetTroubleCms.Content.Metadata;

/// <summary>Lenient readers over settings bags: Orchard files hold booleans as strings and numbers as text.</summary>
public static class SettingsExtensions
{
    private static readonly JsonObject Empty = [];

    /// <summary>The nested bag <paramref name="name"/>, or an empty object.</summary>
    public static JsonObject Bag(this JsonObject settings, string name) => settings[name] as JsonObject ?? Empty;

    /// <summary>A string value (numbers and booleans are turned into text).</summary>
    public static string? String(this JsonObject bag, string key) => bag[key] switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v => v.ToJsonString(),
        _ => null,
    };

    /// <summary>A boolean value; <c>"True"</c> counts.</summary>
    public static bool Bool(this JsonObject bag, string key, bool fallback = false) => bag[key] switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.True => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.False => false,
        JsonValue v when v.GetValueKind() == JsonValueKind.String && bool.TryParse(v.GetValue<string>(), out var b) => b,
        _ => fallback,
    };

    /// <summary>A number; text numbers count.</summary>
    public static decimal? Number(this JsonObject bag, string key) => bag[key] switch
    {
        // Deserialize rather than GetValue: bags built in code hold ints or doubles, not decimals.
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.Deserialize<decimal>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String
            && decimal.TryParse(v.GetValue<string>(), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    /// <summary>A list of strings; missing gives an empty list.</summary>
    public static IReadOnlyList<string> Strings(this JsonObject bag, string key) =>
        bag[key] is JsonArray a ? [.. a.OfType<JsonValue>().Select(v => v.ToString())] : [];

    /// <summary>Position used to order parts and fields (<c>"Position"</c> is a string ordinal).</summary>
    public static decimal Position(this JsonObject settings, string bagName) =>
        settings.Bag(bagName).Number("Position") ?? settings.Number("Position") ?? decimal.MaxValue;
}
