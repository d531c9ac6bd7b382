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

    private string _data = "{}";

    /// <summary>The item JSON (compact). Setting it sets <see cref="DataHash"/> too, so the two always agree.</summary>
    public string Data
    {
        get => _data;
        set
        {
            _data = value;
            DataHash = HashData(value);
        }
    }

    /// <summary>
    /// SHA-256 of <see cref="Data"/> (UTF-8, lower-case hex): an import recognises an unchanged version from this
    /// column, read for every row at once, without reading or comparing the JSON. Null on rows written before the
    /// column existed (their JSON is compared instead, and the hash is filled in then).
    /// </summary>
    /// <remarks>EF Core reads and writes <see cref="Data"/> through its field, so a row read back keeps its stored hash.</remarks>
    public string? DataHash { get; set; } = EmptyHash;

    /// <summary>The length of <see cref="DataHash"/>.</summary>
    public const int DataHashLength = 64;

    private static readonly string EmptyHash = HashData("{}");

    /// <summary>The value <see cref="DataHash"/> takes for <paramref name="data"/>.</summary>
    public static string HashData(string data)
    {
        // Stack for the usual item (a few kilobytes), pooled above that.
        var length = System.Text.Encoding.UTF8.GetMaxByteCount(data.Length);
        byte[]? rented = null;
        var buffer = length <= 16 * 1024 ? stackalloc byte[length] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = System.Text.Encoding.UTF8.GetBytes(data, buffer);
            Span<byte> hash = stackalloc byte[32];
            System.Security.Cryptography.SHA256.HashData(buffer[..written], hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

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
