using System.Text.Json.Nodes;

namespace NetTroubleCms.Content.Tests;

public sealed class ContentItemJsonTests
{
    private const string OrchardItem = """
    {
      "Agency": { "Region": { "Text": "north", "Extra": [1, 2, { "deep": null }] }, "Website": { "Url": "https://example.org", "Text": "Site", "Target": "_blank" } },
      "Owner": "4a1b2c3d4e5f6g7h8j9k0mnpqr",
      "ContentType": "Agency",
      "UnknownPart": { "Anything": { "Goes": [true, 1.5, "x"] }, "Empty": {} },
      "ContentItemVersionId": "4p3s1h9kq0ev7w2zt5xbm8cnry",
      "DisplayText": "North Office",
      "Latest": true,
      "Published": true,
      "ModifiedUtc": "2025-03-01T10:00:00Z",
      "PublishedUtc": "2025-03-01T10:00:00Z",
      "CreatedUtc": "2025-02-27T09:12:00Z",
      "ContentItemId": "4f0k9xq2m7tz8vb1r6ndc3wyha",
      "Author": "admin",
      "TitlePart": { "Title": "North Office" }
    }
    """;

    [Fact]
    public void Well_known_keys_are_written_first_in_orchards_order()
    {
        var item = ContentItem.Parse(OrchardItem);

        var keys = item.ToJson().Select(p => p.Key).ToList();

        Assert.Equal(ContentItem.WellKnownKeys, keys.Take(11));
        Assert.Equal(["ContentItemId", "ContentItemVersionId", "ContentType", "DisplayText", "Latest", "Published",
            "ModifiedUtc", "PublishedUtc", "CreatedUtc", "Owner", "Author"], keys.Take(11));
        Assert.Equal(["Agency", "UnknownPart", "TitlePart"], keys.Skip(11));
    }

    [Fact]
    public void Unknown_parts_and_properties_round_trip_untouched()
    {
        var original = JsonNode.Parse(OrchardItem)!.AsObject();

        var written = ContentItem.FromJson(original).ToJson();

        Assert.True(JsonNode.DeepEquals(original["UnknownPart"], written["UnknownPart"]));
        Assert.True(JsonNode.DeepEquals(original["Agency"], written["Agency"]));
        Assert.True(JsonNode.DeepEquals(ContentItem.Parse(written.ToJsonString()).ToJson(), written));
        foreach (var key in ContentItem.WellKnownKeys)
        {
            Assert.True(JsonNode.DeepEquals(original[key], written[key]), key);
        }
    }

    [Fact]
    public void Well_known_values_are_read_into_properties()
    {
        var item = ContentItem.Parse(OrchardItem);

        Assert.Equal("4f0k9xq2m7tz8vb1r6ndc3wyha", item.ContentItemId);
        Assert.Equal("Agency", item.ContentType);
        Assert.True(item.Latest);
        Assert.True(item.Published);
        Assert.Equal(new DateTime(2025, 2, 27, 9, 12, 0, DateTimeKind.Utc), item.CreatedUtc);
        Assert.Equal(DateTimeKind.Utc, item.CreatedUtc!.Value.Kind);
        Assert.Equal("north", item.Text("Agency", "Region"));
        Assert.False(item.Content.ContainsKey("ContentItemId"));
    }

    [Fact]
    public void Wrongly_cased_DisplayText_becomes_a_part_entry_as_in_orchard()
    {
        var item = ContentItem.Parse("""{ "ContentItemId": "4f0k9xq2m7tz8vb1r6ndc3wyha", "ContentType": "RawHtml", "Displaytext": "Footer" }""");

        var written = item.ToJson();

        Assert.Null(item.DisplayText);
        Assert.Equal("Footer", item.Content["Displaytext"]!.GetValue<string>());
        Assert.Null(written["DisplayText"]);
        Assert.Equal("Footer", written["Displaytext"]!.GetValue<string>());
    }

    [Fact]
    public void The_database_key_Id_is_never_kept()
    {
        var item = ContentItem.Parse("""{ "Id": 42, "ContentItemId": "4f0k9xq2m7tz8vb1r6ndc3wyha", "ContentType": "Page" }""");

        Assert.False(item.ToJson().ContainsKey("Id"));
    }

    [Theory]
    [InlineData("""{ "Latest": "yes" }""", "$.Latest")]
    [InlineData("""{ "Latest": 1 }""", "$.Latest")]
    [InlineData("""{ "Published": {} }""", "$.Published")]
    [InlineData("""{ "ContentType": ["Page"] }""", "$.ContentType")]
    [InlineData("""{ "CreatedUtc": "yesterday" }""", "$.CreatedUtc")]
    public void Wrongly_typed_well_known_values_throw_with_their_path(string json, string path)
    {
        var ex = Assert.Throws<ContentFormatException>(() => ContentItem.Parse(json));

        Assert.Equal(path, ex.JsonPath);
        Assert.StartsWith(path + ":", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Path_of_a_nested_item_is_kept_in_the_exception()
    {
        var json = JsonNode.Parse("""{ "Latest": [] }""")!.AsObject();

        var ex = Assert.Throws<ContentFormatException>(() => ContentItem.FromJson(json, "$.steps[2].data[5]"));

        Assert.Equal("$.steps[2].data[5].Latest", ex.JsonPath);
    }

    [Fact]
    public void String_booleans_are_read_as_booleans()
    {
        var item = ContentItem.Parse("""{ "Latest": "True", "Published": "false" }""");

        Assert.True(item.Latest);
        Assert.False(item.Published);
    }

    [Fact]
    public void Clone_is_deep()
    {
        var item = ContentItem.Parse(OrchardItem);

        var clone = item.Clone();
        clone.Part("Agency")!["Region"]!["Text"] = "south";

        Assert.Equal("north", item.Text("Agency", "Region"));
        Assert.Equal("south", clone.Text("Agency", "Region"));
    }
}
