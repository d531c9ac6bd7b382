using System.Text.Json.Nodes;

namespace NetTroubleCms.Content.Editions;

/// <summary>The base guide as it was last imported, kept apart from the site's own changes.</summary>
public sealed record BaseEdition
{
    /// <summary>The recipe's name (or the file it came from).</summary>
    public string Name { get; init; } = "";

    /// <summary>When it was imported.</summary>
    public DateTime ImportedUtc { get; init; }

    /// <summary>The recipe exactly as imported.</summary>
    public JsonObject Recipe { get; init; } = [];
}

/// <summary>What kind of disagreement a person must settle.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<EditionConflictKind>))]
public enum EditionConflictKind
{
    /// <summary>The site and the newer base changed the same value differently.</summary>
    Value,

    /// <summary>The newer base removed an item the site changed (or changed an item the site took down).</summary>
    Removed,

    /// <summary>An item of the site refers to something the newer base removed.</summary>
    Reference,
}

/// <summary>One open conflict between the site's layer and the base.</summary>
public sealed record EditionConflict
{
    /// <summary>Stable id, for resolving.</summary>
    public string Id { get; init; } = "";

    /// <summary>The kind.</summary>
    public EditionConflictKind Kind { get; init; }

    /// <summary>The item concerned.</summary>
    public string ContentItemId { get; init; } = "";

    /// <summary>Its type.</summary>
    public string ContentType { get; init; } = "";

    /// <summary>Its title when the conflict was found.</summary>
    public string? DisplayText { get; init; }

    /// <summary>Dot-separated path inside the item (empty for the whole item); bag items as <c>[id]</c>.</summary>
    public string Path { get; init; } = "";

    /// <summary>The old base's value (absent when <see cref="HasOld"/> is false).</summary>
    public JsonNode? Old { get; init; }

    /// <summary>True when the old base had the value.</summary>
    public bool HasOld { get; init; }

    /// <summary>The site's value, which was kept.</summary>
    public JsonNode? Local { get; init; }

    /// <summary>True when the site has the value.</summary>
    public bool HasLocal { get; init; }

    /// <summary>The newer base's value.</summary>
    public JsonNode? New { get; init; }

    /// <summary>True when the newer base has the value.</summary>
    public bool HasNew { get; init; }

    /// <summary>For <see cref="EditionConflictKind.Reference"/>: the id or localization set that no longer exists.</summary>
    public string? Missing { get; init; }

    /// <summary>Title of what is missing, from the old base.</summary>
    public string? MissingDisplayText { get; init; }

    /// <summary>When the merge found it.</summary>
    public DateTime DetectedUtc { get; init; }
}

/// <summary>The open conflicts, one document.</summary>
public sealed record EditionConflictList
{
    /// <summary>The conflicts, in the order found.</summary>
    public List<EditionConflict> Conflicts { get; init; } = [];
}

/// <summary>What a base import did.</summary>
public sealed record EditionImportResult(Recipes.RecipeImportResult Import, IReadOnlyList<EditionConflict> Conflicts, IReadOnlyList<string> Removed, int KeptLocal);

/// <summary>The site's own layer: items the base does not have, and base items the site changed.</summary>
public sealed record EditionLayer(IReadOnlyList<string> Added, IReadOnlyList<string> Changed, bool HasBase);
