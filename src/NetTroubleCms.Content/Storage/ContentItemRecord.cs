namespace NetTroubleCms.Content.Storage;

/// <summary>
/// One row per content item version. The whole item JSON lives in <see cref="Data"/>; the other columns are
/// copies kept for indexed queries (type, flags, dates, display text, path, culture).
/// </summary>
public sealed class ContentItemRecord
{
    /// <summary>Database key; never exported.</summary>
    public long Id { get; set; }

    /// <summary>Logical item id.</summary>
    public string ContentItemId { get; set; } = "";

    /// <summary>Version id, unique.</summary>
    public string ContentItemVersionId { get; set; } = "";

    /// <summary>1, 2, 3… per item, in creation order.</summary>
    public int VersionNumber { get; set; }

    /// <summary>Content type name.</summary>
    public string ContentType { get; set; } = "";

    /// <summary>Display text.</summary>
    public string? DisplayText { get; set; }

    /// <summary>Newest version flag.</summary>
    public bool Latest { get; set; }

    /// <summary>Public version flag.</summary>
    public bool Published { get; set; }

    /// <summary>Creation time.</summary>
    public DateTime? CreatedUtc { get; set; }

    /// <summary>Last change.</summary>
    public DateTime? ModifiedUtc { get; set; }

    /// <summary>Last publication.</summary>
    public DateTime? PublishedUtc { get; set; }

    /// <summary>Owner user id.</summary>
    public string? Owner { get; set; }

    /// <summary>Last editor's name.</summary>
    public string? Author { get; set; }

    /// <summary>AutoroutePart path, if any.</summary>
    public string? Path { get; set; }

    /// <summary>LocalizationPart culture, if any.</summary>
    public string? Culture { get; set; }

    /// <summary>LocalizationPart set, if any.</summary>
    public string? LocalizationSet { get; set; }

    /// <summary>The item JSON (compact).</summary>
    public string Data { get; set; } = "{}";

    /// <summary>Optimistic concurrency token, bumped on every write of the row.</summary>
    public int Revision { get; set; }
}

/// <summary>A named JSON document: content definitions, site settings, roles, the publish stamp.</summary>
public sealed class DocumentRecord
{
    /// <summary>Document name (key).</summary>
    public string Name { get; set; } = "";

    /// <summary>JSON content.</summary>
    public string Content { get; set; } = "{}";

    /// <summary>Bumped on every write; a concurrency token.</summary>
    public long Version { get; set; }
}
