using System.Text.Json.Nodes;
using NetTroubleCms.Content.Metadata;

namespace NetTroubleCms.Content.Fields;

/// <summary>
/// What an editor sent, as string values by key: the engine's view of a posted form, free of any web type. A key
/// with several inputs (checkboxes, picked items) has several values; a key nobody sent has none.
/// </summary>
public interface IFieldInput
{
    /// <summary>Every value sent under <paramref name="key"/>, in order.</summary>
    IReadOnlyList<string> Values(string key);

    /// <summary>The values under <paramref name="key"/> as one string, joined by commas the way a form reads them ("" when none).</summary>
    string Value(string key) => string.Join(",", Values(key));
}

/// <summary>An <see cref="IFieldInput"/> over a lookup function or a dictionary.</summary>
public sealed class FieldInput(Func<string, IReadOnlyList<string>> values) : IFieldInput
{
    /// <summary>Input from a dictionary, e.g. in tests or from a JSON request.</summary>
    public static FieldInput From(IReadOnlyDictionary<string, string[]> values) =>
        new(key => values.TryGetValue(key, out var v) ? v : []);

    /// <inheritdoc />
    public IReadOnlyList<string> Values(string key) => values(key);
}

/// <summary>One field being bound from editor input: where it is, what was stored, and what went wrong.</summary>
public sealed class FieldBindContext
{
    private JsonObject? _value;

    /// <summary>The field's definition.</summary>
    public required ContentPartFieldDefinitionRecord Field { get; init; }

    /// <summary>The input key of the field (e.g. <c>Agency.Website</c>); types with several inputs add suffixes such as <c>.Url</c>.</summary>
    public required string Key { get; init; }

    /// <summary>What the editor sent.</summary>
    public required IFieldInput Input { get; init; }

    /// <summary>The field's JSON in the item being edited, or null when it has none yet.</summary>
    public JsonObject? Current { get; init; }

    /// <summary>The field's JSON as last saved, to tell what the editor changed.</summary>
    public JsonObject? Stored { get; init; }

    /// <summary>The part holding the field, so a rule can look at the field's neighbours.</summary>
    public JsonObject? Part { get; init; }

    /// <summary>The time zone editors type dates and times in; stored values are UTC.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>Finds the id of an item from what an editor typed into a picker's search box; null when nothing matches.</summary>
    public Func<string, string?>? FindItem { get; init; }

    /// <summary>True when the item already had a value for the field.</summary>
    public bool Existed => Current is not null;

    /// <summary>The object to write into: the current value (keeping properties the editor does not show) or a new one.</summary>
    public JsonObject Value => _value ??= Current ?? [];

    /// <summary>The message when the input could not be stored, prefixed with the field's display name.</summary>
    public string? Error { get; private set; }

    /// <summary>What the editor typed where it could not be stored, by input key, to show it again.</summary>
    public Dictionary<string, string> Raw { get; } = new(StringComparer.Ordinal);

    /// <summary>Reports that the input cannot be stored.</summary>
    public void Fail(string message) => Error = $"{Field.DisplayName}: {message}";
}
