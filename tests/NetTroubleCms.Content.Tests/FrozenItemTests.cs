using System.Text.Json.Nodes;

namespace NetTroubleCms.Content.Tests;

/// <summary>
/// Published snapshot items are frozen: their parts kept as compact JSON, trees made again when read. A frozen item must
/// read exactly as it did before, after its trees were collected, from many threads at once, and refuse changes.
/// </summary>
public sealed class FrozenItemTests
{
    private const string Item = """
    {
      "ContentItemId": "4f0k9xq2m7tz8vb1r6ndc3wyha", "ContentItemVersionId": "4p3s1h9kq0ev7w2zt5xbm8cnry", "ContentType": "Agency",
      "DisplayText": "北の相談窓口", "Latest": true, "Published": true, "ModifiedUtc": "2025-03-01T10:00:00Z",
      "PublishedUtc": "2025-03-01T10:00:00Z", "CreatedUtc": "2025-02-27T09:12:00Z", "Owner": "admin", "Author": "admin",
      "TitlePart": { "Title": "北の相談窓口" },
      "Agency": { "Description": { "Text": "悩みを <聞きます> & \"相談\"" }, "SortOrder": { "Value": 1.50 }, "Big": { "Value": 12345678901234567890 } },
      "Channels": { "ContentItems": [ { "ContentType": "Channel", "Channel": { "Value": { "Text": "0120-000-000" } } } ] },
      "Odd": [1, "two", null, { "deep": [] }],
      "Nothing": null,
      "Flag": true
    }
    """;

    [Fact]
    public void A_frozen_item_writes_and_reads_exactly_as_before()
    {
        var item = ContentItem.Parse(Item);
        var before = item.ToJsonString(ContentJson.Compact);

        Assert.Same(item, item.Freeze());

        Assert.True(item.IsFrozen);
        Assert.Equal(before, item.ToJsonString(ContentJson.Compact));
        Assert.Equal("悩みを <聞きます> & \"相談\"", item.Text("Agency", "Description"));
        Assert.Equal("1.50", item.Field("Agency", "SortOrder")!["Value"]!.ToJsonString());
        Assert.Equal("12345678901234567890", item.Field("Agency", "Big")!["Value"]!.ToJsonString());
        Assert.Equal("0120-000-000", item.Part("Channels")!["ContentItems"]![0]!["Channel"]!["Value"]!["Text"]!.GetValue<string>());
        Assert.Null(item.Part("Odd"));
        Assert.Equal("""[1,"two",null,{"deep":[]}]""", item.Content["Odd"]!.ToJsonString());
        Assert.True(item.Content.ContainsKey("Nothing"));
        Assert.Null(item.Content["Nothing"]);
        Assert.Null(item.Part("Missing"));
        Assert.Equal(["TitlePart", "Agency", "Channels", "Odd", "Nothing", "Flag"], item.Content.Select(p => p.Key));
    }

    [Fact]
    public void A_frozen_item_reads_the_same_after_its_trees_were_collected()
    {
        var item = ContentItem.Parse(Item);
        var before = item.ToJsonString(ContentJson.Compact);
        item.Freeze();

        for (var round = 0; round < 3; round++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Assert.Equal("北の相談窓口", item.Part("TitlePart")!["Title"]!.GetValue<string>());
            GC.Collect();
            Assert.Equal(before, item.ToJsonString(ContentJson.Compact));
            GC.Collect();
            Assert.Equal(before, item.Clone().ToJsonString(ContentJson.Compact));
        }

        // A copy is an ordinary item again: it can be changed, and the frozen one stays as it was.
        var copy = item.Clone();
        Assert.False(copy.IsFrozen);
        copy.GetOrCreatePart("TitlePart")["Title"] = "変更";
        Assert.Equal("北の相談窓口", item.Part("TitlePart")!["Title"]!.GetValue<string>());
    }

    [Fact]
    public void Many_threads_read_a_frozen_item_while_its_trees_come_and_go()
    {
        var items = Enumerable.Range(0, 200).Select(_ => ContentItem.Parse(Item).Freeze()).ToList();
        var expected = ContentItem.Parse(Item).ToJsonString(ContentJson.Compact);
        var failures = 0;

        Parallel.For(0, 4000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var item = items[i % items.Count];
            if (i % 500 == 0)
            {
                GC.Collect();
            }

            var ok = item.Text("Agency", "Description") == "悩みを <聞きます> & \"相談\""
                && item.Part("Channels")!["ContentItems"]!.AsArray().Count == 1
                && (i % 10 != 0 || item.ToJsonString(ContentJson.Compact) == expected);
            if (!ok)
            {
                Interlocked.Increment(ref failures);
            }
        });

        Assert.Equal(0, failures);
    }

    [Fact]
    public void A_frozen_item_refuses_changes()
    {
        var item = ContentItem.Parse(Item).Freeze();

        Assert.Throws<InvalidOperationException>(() => item.GetOrCreatePart("TitlePart"));
        Assert.Throws<InvalidOperationException>(() => item.Content = new JsonObject());
        Assert.Equal("北の相談窓口", item.Part("TitlePart")!["Title"]!.GetValue<string>());
    }
}
