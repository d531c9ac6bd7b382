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

    // A frozen item (one of the published snapshot's) keeps its parts as compact UTF-8 JSON, about a third of the
    // memory of the node trees, and makes a tree again when it is read: the whole content for Content, one part for
    // Part, Field and Text, so a read costs what it reads. Trees made are held only weakly: the reads of one page or one
    // request find them, and the collector may take them back once nothing reads them.
    private JsonObject? _content = [];
    private FrozenParts? _frozen;

    /// <summary>Parts keyed by attachment name (and any other unknown root property).</summary>
    /// <remarks>On a frozen item a read may give another copy of the same JSON: read it, never change it.</remarks>
    public JsonObject Content
    {
        get => _frozen is null ? _content! : _frozen.Whole();
        set
        {
            ThrowIfFrozen();
            _content = value;
        }
    }

    /// <summary>True once <see cref="Freeze"/> has run: the item is read-only.</summary>
    public bool IsFrozen => _frozen is not null;

    /// <summary>Bytes of compact JSON a frozen item keeps for its parts (0 before <see cref="Freeze"/>).</summary>
    public int FrozenBytes => _frozen?.Bytes ?? 0;

    /// <summary>
    /// Makes the item read-only and keeps its parts compactly, for items that live long and are only read (the published
    /// snapshot's). The current tree stays readable until the collector takes it.
    /// </summary>
    public ContentItem Freeze()
    {
        if (_frozen is null)
        {
            _frozen = FrozenParts.Of(_content!);
            _content = null;
        }

        return this;
    }

    private void ThrowIfFrozen()
    {
        if (_frozen is not null)
        {
            throw new InvalidOperationException($"Content item {ContentItemId} is frozen (published snapshot): change a copy (Clone) instead.");
        }
    }

    /// <summary>The value of root property <paramref name="name"/> (a part, as a rule), or null.</summary>
    private JsonNode? Root(string name) => _frozen is null ? _content![name] : _frozen.Part(name);

    private sealed class FrozenParts
    {
        // Names repeat on every item of a type: one string each, not one per item.
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> NamePool = new(StringComparer.Ordinal);

        private readonly byte[] _json;
        private readonly string[] _names;
        private readonly int[] _ends;
        private WeakReference<JsonObject>? _whole;
        private WeakReference<JsonNode>?[]? _parts;

        private FrozenParts(byte[] json, string[] names, int[] ends)
        {
            _json = json;
            _names = names;
            _ends = ends;
        }

        public int Bytes => _json.Length;

        public static FrozenParts Of(JsonObject content)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(2048);
            var names = new string[content.Count];
            var ends = new int[content.Count];
            using var writer = new Utf8JsonWriter(buffer, WriterOptions(ContentJson.Compact));
            var i = 0;
            foreach (var (name, value) in content)
            {
                if (value is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    value.WriteTo(writer, ContentJson.Compact);
                }

                writer.Flush();
                writer.Reset();
                names[i] = NamePool.Count < 4096 ? NamePool.GetOrAdd(name, name) : name;
                ends[i++] = buffer.WrittenCount;
            }

            var frozen = new FrozenParts(buffer.WrittenSpan.ToArray(), names, ends);
            frozen._whole = new WeakReference<JsonObject>(content);
            return frozen;
        }

        public JsonObject Whole()
        {
            var held = _whole;
            if (held is not null && held.TryGetTarget(out var whole))
            {
                return whole;
            }

            whole = [];
            for (var i = 0; i < _names.Length; i++)
            {
                whole[_names[i]] = Thaw(i);
            }

            if (held is null)
            {
                _whole = new WeakReference<JsonObject>(whole);
            }
            else
            {
                held.SetTarget(whole);
            }

            return whole;
        }

        public JsonNode? Part(string name)
        {
            var index = Array.IndexOf(_names, name);
            if (index < 0)
            {
                return null;
            }

            if (_whole is { } held && held.TryGetTarget(out var whole))
            {
                return whole[name];
            }

            var parts = _parts ??= new WeakReference<JsonNode>?[_names.Length];
            if (parts[index] is { } cached && cached.TryGetTarget(out var part))
            {
                return part;
            }

            part = Thaw(index);
            if (part is not null)
            {
                parts[index] = new WeakReference<JsonNode>(part);
            }

            return part;
        }

        private JsonNode? Thaw(int index)
        {
            var start = index == 0 ? 0 : _ends[index - 1];
            var node = JsonNode.Parse(_json.AsSpan(start, _ends[index] - start));

            // Parsed lazily, a node tree fills itself in on first read, which is not safe while other threads read it
            // too: every level is filled in here, before any other thread can see the tree.
            FillIn(node);
            return node;
        }

        private static void FillIn(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (_, child) in o)
                    {
                        FillIn(child);
                    }

                    break;
                case JsonArray a:
                    foreach (var child in a)
                    {
                        FillIn(child);
                    }

                    break;
            }
        }
    }

    /// <summary>The part object with this name, or null.</summary>
    public JsonObject? Part(string name) => Root(name) as JsonObject;

    /// <summary>The part object with this name, created when missing.</summary>
    public JsonObject GetOrCreatePart(string name)
    {
        ThrowIfFrozen();
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
        var item = HeaderOf(json, path);
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
        FromJson(JsonNode.Parse(json) as JsonObject ?? throw new ContentFormatException("$", "content item must be a JSON object"), "$", takeNodes: true);

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
