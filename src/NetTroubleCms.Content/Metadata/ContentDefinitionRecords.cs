using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace NetTroubleCms.Content.Metadata;

/// <summary>All content types and parts of a site: the document stored in the database and written in recipes.</summary>
public sealed class ContentDefinitionDocument
{
    /// <summary>Content types in definition order.</summary>
    public List<ContentTypeDefinitionRecord> ContentTypes { get; set; } = [];

    /// <summary>Content parts in definition order.</summary>
    public List<ContentPartDefinitionRecord> ContentParts { get; set; } = [];

    /// <summary>The type called <paramref name="name"/>, or null.</summary>
    public ContentTypeDefinitionRecord? GetType(string name) =>
        ContentTypes.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));

    /// <summary>The part called <paramref name="name"/>, or null.</summary>
    public ContentPartDefinitionRecord? GetPart(string name) =>
        ContentParts.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    /// <summary>A deep copy, so callers can change it without touching a shared snapshot.</summary>
    public ContentDefinitionDocument Clone() =>
        System.Text.Json.JsonSerializer.Deserialize<ContentDefinitionDocument>(
            System.Text.Json.JsonSerializer.Serialize(this, ContentJson.Options), ContentJson.Options)!;
}

/// <summary>A content type: Orchard's <c>ContentTypeDefinitionRecord</c>.</summary>
public sealed class ContentTypeDefinitionRecord
{
    /// <summary>Technical name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Name shown to editors.</summary>
    public string? DisplayName { get; set; }

    /// <summary>Settings bags keyed by settings class name; unknown bags round-trip untouched.</summary>
    public JsonObject Settings { get; set; } = [];

    /// <summary>Parts attached to the type.</summary>
    public List<ContentTypePartDefinitionRecord> ContentTypePartDefinitionRecords { get; set; } = [];

    /// <summary>Typed view of <c>Settings.ContentTypeSettings</c>.</summary>
    [JsonIgnore]
    public ContentTypeSettings TypeSettings => ContentTypeSettings.From(Settings);

    /// <summary>The attachment named <paramref name="name"/>, or null.</summary>
    public ContentTypePartDefinitionRecord? GetAttachment(string name) =>
        ContentTypePartDefinitionRecords.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    /// <summary>The first attachment of part type <paramref name="partName"/>, or null.</summary>
    public ContentTypePartDefinitionRecord? GetPartOfType(string partName) =>
        ContentTypePartDefinitionRecords.FirstOrDefault(p => string.Equals(p.PartName, partName, StringComparison.Ordinal));

    /// <summary>True when a part of type <paramref name="partName"/> is attached.</summary>
    public bool Has(string partName) => GetPartOfType(partName) is not null;
}

/// <summary>A part attached to a type: Orchard's <c>ContentTypePartDefinitionRecord</c>.</summary>
public sealed class ContentTypePartDefinitionRecord
{
    /// <summary>Part type (e.g. <c>TitlePart</c>, <c>BagPart</c>, or a custom part name).</summary>
    public string PartName { get; set; } = "";

    /// <summary>Attachment name: the key of the part in item JSON.</summary>
    public string Name { get; set; } = "";

    /// <summary>Settings bags.</summary>
    public JsonObject Settings { get; set; } = [];
}

/// <summary>A content part with its fields: Orchard's <c>ContentPartDefinitionRecord</c>.</summary>
public sealed class ContentPartDefinitionRecord
{
    /// <summary>Technical name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Settings bags.</summary>
    public JsonObject Settings { get; set; } = [];

    /// <summary>Fields of the part.</summary>
    public List<ContentPartFieldDefinitionRecord> ContentPartFieldDefinitionRecords { get; set; } = [];

    /// <summary>The field named <paramref name="name"/>, or null.</summary>
    public ContentPartFieldDefinitionRecord? GetField(string name) =>
        ContentPartFieldDefinitionRecords.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));
}

/// <summary>A field of a part: Orchard's <c>ContentPartFieldDefinitionRecord</c>.</summary>
public sealed class ContentPartFieldDefinitionRecord
{
    /// <summary>Field type (e.g. <c>TextField</c>).</summary>
    public string FieldName { get; set; } = "";

    /// <summary>Technical name: the key of the field inside its part.</summary>
    public string Name { get; set; } = "";

    /// <summary>Settings bags.</summary>
    public JsonObject Settings { get; set; } = [];

    /// <summary>Display name from <c>ContentPartFieldSettings</c>, falling back to the technical name.</summary>
    [JsonIgnore]
    public string DisplayName => Settings.Bag("ContentPartFieldSettings").String("DisplayName") ?? Name;
}

/// <summary>Typed view over <c>ContentTypeSettings</c>.</summary>
public sealed record ContentTypeSettings(bool Creatable, bool Listable, bool Draftable, bool Versionable, bool Securable, string? Stereotype)
{
    /// <summary>Reads the bag (missing flags are false, as in Orchard).</summary>
    public static ContentTypeSettings From(JsonObject settings)
    {
        var bag = settings.Bag("ContentTypeSettings");
        return new(bag.Bool("Creatable"), bag.Bool("Listable"), bag.Bool("Draftable"), bag.Bool("Versionable"),
            bag.Bool("Securable"), bag.String("Stereotype"));
    }
}
