using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NetTroubleCms.Content;

/// <summary>
/// One version of a content item, shaped like Orchard Core's item JSON: eleven well-known root
/// properties plus one JSON object per part, keyed by the part's attachment name.
/// Parts and fields are kept as raw JSON so that anything we do not understand survives a round trip.
/// </summary>
public sealed class ContentItem
{
    /// <summary>The root keys Orchard writes, in the order it writes them.</summary>
    public static readonly IReadOnlyList<string> WellKnownKeys =
    [
        "ContentItemId", "ContentItemVersionId", "ContentType", "DisplayText", "Latest", "Published",
        "ModifiedUtc", "PublishedUtc", "CreatedUtc", "Owner", "Author",
    ];

    /// <summary>Logical id shared by every version of the item.</summary>
    public string ContentItemId { get; set; } = "";

    /// <summary>Id of this version.</summary>
    public string ContentItemVersionId { get; set; } = "";

    /// <summary>Name of the content type.</summary>
    public string ContentType { get; set; } = "";

    /// <summary>Text shown in lists; derived from TitlePart when present.</summary>
    public string? DisplayText { get; set; }

    /// <summary>True on the newest version of the item.</summary>
    public bool Latest { get; set; }

    /// <summary>True on the version the public sees.</summary>
    public bool Published { get; set; }

    /// <summary>Last change, UTC.</summary>
    public DateTime? ModifiedUtc { get; set; }

    /// <summary>Last publication, UTC.</summary>
    public DateTime? PublishedUtc { get; set; }

    /// <summary>Creation, UTC.</summary>
    public DateTime? CreatedUtc { get; set; }

    /// <summary>Id of the user who created the item.</summary>
    public string? Owner { get; set; }

    /// <summary>Name of the user who last changed the item.</summary>
    public string? Author { get; set; }

    /// <summary>Parts keyed by attachment name (and any other unknown root property).</summary>
    public JsonObject Content { get; set; } = [];

    /// <summary>The part object with this name, or null.</summary>
    public JsonObject? Part(string name) => Content[name] as JsonObject;

    /// <summary>The part object with this name, created when missing.</summary>
    public JsonObject GetOrCreatePart(string name)
    {
        if (Content[name] is JsonObject part)
        {
            return part;
        }

        part = [];
        Content[name] = part;
        return part;
    }

    /// <summary>The field object <c>Content[part][field]</c>, or null.</summary>
    public JsonObject? Field(string part, string field) => Part(part)?[field] as JsonObject;

    /// <summary>Text of a TextField, or null.</summary>
    public string? Text(string part, string field) => Field(part, field)?["Text"] is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    /// <summary>A deep copy.</summary>
    /// <remarks>Read back from its own JSON (so the copy is exactly what a save and a load would give), taking the
    /// nodes of that fresh JSON instead of copying them a second time.</remarks>
    public ContentItem Clone() => FromJson(ToJson(), "$", takeNodes: true);

    /// <summary>
    /// The text <c>ToJson().ToJsonString(options)</c> gives, written straight from the item: the parts are not copied
    /// first, which matters when every item of a large import is stored and audited.
    /// </summary>
    public string ToJsonString(JsonSerializerOptions options)
    {
        if (Content.Any(p => IsReservedKey(p.Key)))
        {
            // A part named like a root property replaces that property in ToJson; keep its exact shape.
            return ToJson().ToJsonString(options);
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions(options)))
        {
            WriteTo(writer, options);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes the item as <see cref="ToJson"/> shapes it (a part named like a root property is not expected here).</summary>
    public void WriteTo(Utf8JsonWriter writer, JsonSerializerOptions options)
    {
        if (Content.Any(p => IsReservedKey(p.Key)))
        {
            ToJson().WriteTo(writer, options);
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("ContentItemId", ContentItemId);
        writer.WriteString("ContentItemVersionId", ContentItemVersionId);
        writer.WriteString("ContentType", ContentType);
        WriteNullableString(writer, "DisplayText", DisplayText);
        writer.WriteBoolean("Latest", Latest);
        writer.WriteBoolean("Published", Published);
        WriteNullableString(writer, "ModifiedUtc", FormatDate(ModifiedUtc));
        WriteNullableString(writer, "PublishedUtc", FormatDate(PublishedUtc));
        WriteNullableString(writer, "CreatedUtc", FormatDate(CreatedUtc));
        WriteNullableString(writer, "Owner", Owner);
        WriteNullableString(writer, "Author", Author);
        foreach (var (key, value) in Content)
        {
            writer.WritePropertyName(key);
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                value.WriteTo(writer, options);
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>Writer settings that give the same text as <see cref="JsonNode.ToJsonString"/> with <paramref name="options"/>.</summary>
    public static JsonWriterOptions WriterOptions(JsonSerializerOptions options) => new()
    {
        Encoder = options.Encoder,
        Indented = options.WriteIndented,
        IndentCharacter = options.IndentCharacter,
        IndentSize = options.IndentSize,
        NewLine = options.NewLine,
        MaxDepth = options.MaxDepth == 0 ? 64 : options.MaxDepth,
        SkipValidation = true,
    };

    private static void WriteNullableString(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    // Asked for every part of every item written or read: a set, not a walk along the list.
    private static readonly System.Collections.Frozen.FrozenSet<string> ReservedKeys = System.Collections.Frozen.FrozenSet.ToFrozenSet(WellKnownKeys, StringComparer.Ordinal);

    private static bool IsReservedKey(string key) => ReservedKeys.Contains(key);

    /// <summary>Serializes in Orchard's item JSON shape.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["ContentItemId"] = ContentItemId,
            ["ContentItemVersionId"] = ContentItemVersionId,
            ["ContentType"] = ContentType,
            ["DisplayText"] = DisplayText,
            ["Latest"] = Latest,
            ["Published"] = Published,
            ["ModifiedUtc"] = FormatDate(ModifiedUtc),
            ["PublishedUtc"] = FormatDate(PublishedUtc),
            ["CreatedUtc"] = FormatDate(CreatedUtc),
            ["Owner"] = Owner,
            ["Author"] = Author,
        };
        foreach (var (key, value) in Content)
        {
            json[key] = value?.DeepClone();
        }

        return json;
    }

    /// <summary>Reads Orchard's item JSON. Throws <see cref="ContentFormatException"/> naming the bad property.</summary>
    public static ContentItem FromJson(JsonObject json, string path = "$") => FromJson(json, path, takeNodes: false);

    /// <summary>
    /// As <see cref="FromJson(JsonObject, string)"/>, but the parts are moved out of <paramref name="json"/> rather than
    /// copied (it is left empty): for JSON nothing else will read, such as an item of a recipe being imported.
    /// </summary>
    public static ContentItem TakeJson(JsonObject json, string path = "$") => FromJson(json, path, takeNodes: true);

    /// <summary>
    /// The root properties of item JSON, read and checked as <see cref="FromJson(JsonObject, string)"/> does, with no
    /// parts: for a look at JSON that stays where it is (a bag item being validated), without copying its parts.
    /// </summary>
    internal static ContentItem HeaderOf(JsonObject json, string path) => new()
    {
        ContentItemId = ReadString(json, "ContentItemId", path) ?? "",
        ContentItemVersionId = ReadString(json, "ContentItemVersionId", path) ?? "",
        ContentType = ReadString(json, "ContentType", path) ?? "",
        DisplayText = ReadString(json, "DisplayText", path),
        Latest = ReadBool(json, "Latest", path),
        Published = ReadBool(json, "Published", path),
        ModifiedUtc = ReadDate(json, "ModifiedUtc", path),
        PublishedUtc = ReadDate(json, "PublishedUtc", path),
        CreatedUtc = ReadDate(json, "CreatedUtc", path),
        Owner = ReadString(json, "Owner", path),
        Author = ReadString(json, "Author", path),
    };

    /// <summary>The part <paramref name="name"/> of item JSON as <see cref="FromJson(JsonObject, string)"/> would give it (root properties are no parts).</summary>
    internal static JsonNode? PartOf(JsonObject json, string name) =>
        IsReservedKey(name) || string.Equals(name, "Id", StringComparison.Ordinal) ? null : json[name];

    // takeNodes: the caller hands over json, whose part nodes move into the item instead of being copied.
    private static ContentItem FromJson(JsonObject json, string path, bool takeNodes)
    {
        var item = new ContentItem
        {
            ContentItemId = ReadString(json, "ContentItemId", path) ?? "",
            ContentItemVersionId = ReadString(json, "ContentItemVersionId", path) ?? "",
            ContentType = ReadString(json, "ContentType", path) ?? "",
            DisplayText = ReadString(json, "DisplayText", path),
            Latest = ReadBool(json, "Latest", path),
            Published = ReadBool(json, "Published", path),
            ModifiedUtc = ReadDate(json, "ModifiedUtc", path),
            PublishedUtc = ReadDate(json, "PublishedUtc", path),
            CreatedUtc = ReadDate(json, "CreatedUtc", path),
            Owner = ReadString(json, "Owner", path),
            Author = ReadString(json, "Author", path),
        };
        if (takeNodes)
        {
            var parts = json.Where(p => !IsReservedKey(p.Key) && !string.Equals(p.Key, "Id", StringComparison.Ordinal)).ToList();
            json.Clear();
            foreach (var (key, value) in parts)
            {
                item.Content[key] = value;
            }

            return item;
        }

        foreach (var (key, value) in json)
        {
            if (!IsReservedKey(key) && !string.Equals(key, "Id", StringComparison.Ordinal))
            {
                item.Content[key] = value?.DeepClone();
            }
        }

        return item;
    }

    /// <summary>Parses item JSON text.</summary>
    public static ContentItem Parse(string json) =>
        FromJson(JsonNode.Parse(json) as JsonObject ?? throw new ContentFormatException("$", "content item must be a JSON object"));

    /// <summary>ISO-8601 UTC, the way the engine writes every date.</summary>
    public static string? FormatDate(DateTime? value) =>
        value?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static string? ReadString(JsonObject json, string key, string path)
    {
        var node = json[key];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            return v.GetValue<string>();
        }

        // Orchard accepts numbers for ids written by hand; keep them as text rather than failing.
        if (node is JsonValue n && n.GetValueKind() == JsonValueKind.Number)
        {
            return n.ToJsonString();
        }

        throw new ContentFormatException($"{path}.{key}", "must be a string");
    }

    private static bool ReadBool(JsonObject json, string key, string path)
    {
        var node = json[key];
        if (node is null)
        {
            return false;
        }

        if (node is JsonValue v)
        {
            switch (v.GetValueKind())
            {
                case JsonValueKind.True: return true;
                case JsonValueKind.False: return false;
                case JsonValueKind.String when bool.TryParse(v.GetValue<string>(), out var b): return b;
            }
        }

        throw new ContentFormatException($"{path}.{key}", "must be true or false");
    }

    private static DateTime? ReadDate(JsonObject json, string key, string path)
    {
        var node = json[key];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            var text = v.GetValue<string>();
            if (string.IsNullOrEmpty(text))
            {
                return null;
            }

            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dto))
            {
                return dto.UtcDateTime;
            }
        }

        throw new ContentFormatException($"{path}.{key}", "must be an ISO-8601 date");
    }
}

/// <summary>Item or field JSON that does not have the shape its definition asks for.</summary>
public sealed class ContentFormatException(string path, string problem)
    : Exception($"{path}: {problem}")
{
    /// <summary>JSON path of the offending value.</summary>
    public string JsonPath { get; } = path;

    /// <summary>What is wrong, in short.</summary>
    public string Problem { get; } = problem;
}
