using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Storage;
using NetTroubleCms.Content.Tests.Infrastructure;

namespace NetTroubleCms.Content.Tests;

/// <summary>Part and field handlers on the editor path (create and save), where Orchard's editor rules apply.</summary>
public sealed partial class ValidationTests
{
    [GeneratedRegex(@"[\p{IsHiragana}\p{IsKatakana}\p{IsCJKUnifiedIdeographs}]")]
    private static partial Regex Japanese();

    public static TheoryData<string, JsonNode?, string, string> InvalidFields => new()
    {
        { "Summary", new JsonObject { ["Text"] = "  " }, "Article.Summary", "入力してください" },
        { "Summary", null, "Article.Summary", "入力してください" },
        { "Region", new JsonObject { ["Text"] = "west" }, "Article.Region", "選択肢の中から選んでください" },
        { "Website", new JsonObject { ["Url"] = "not a url", ["Text"] = "x" }, "Article.Website", "URL の形式が正しくありません" },
        { "Website", new JsonObject { ["Url"] = "javascript:alert(1)" }, "Article.Website", "URL の形式が正しくありません" },
        { "Website", new JsonObject { ["Url"] = "//evil.example/x" }, "Article.Website", "URL の形式が正しくありません" },
        { "Score", new JsonObject { ["Value"] = -1 }, "Article.Score", "0 以上の値を入力してください" },
        { "Score", new JsonObject { ["Value"] = 10.5m }, "Article.Score", "10 以下の値を入力してください" },
        { "Score", new JsonObject { ["Value"] = "7" }, "Article.Score", "Value は数値でなければなりません" },
        { "Summary", new JsonObject { ["Text"] = 5 }, "Article.Summary", "Text は文字列でなければなりません" },
        { "Summary", JsonValue.Create("plain text"), "Article.Summary", "JSON オブジェクトでなければなりません" },
        { "Website", new JsonObject { ["Url"] = new JsonArray() }, "Article.Website", "Url は文字列でなければなりません" },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task An_invalid_field_is_refused_with_a_japanese_message_and_nothing_is_written(string field, JsonNode? value, string member, string message)
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();

        ContentResult result;
        await using (var s = engine.Scope())
        {
            result = await s.Content.CreateAsync(ArticleBuilder.New(s.Content).WithField(field, value).Build(), publish: true);
        }

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal(member, error.Member);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Matches(Japanese(), error.Message);
        Assert.Equal(0, await engine.CountVersionRowsAsync());
    }

    public static TheoryData<string, JsonNode> ValidFields => new()
    {
        { "Region", new JsonObject { ["Text"] = "south" } },
        { "Region", new JsonObject { ["Text"] = "" } },
        { "Website", new JsonObject { ["Url"] = "https://example.org/a?b=c", ["Text"] = "x" } },
        { "Website", new JsonObject { ["Url"] = "/agencies/north" } },
        { "Website", new JsonObject { ["Url"] = "mailto:info@example.org" } },
        { "Website", new JsonObject { ["Url"] = "tel:+81-3-0000-0000" } },
        { "Score", new JsonObject { ["Value"] = 0 } },
        { "Score", new JsonObject { ["Value"] = 10 } },
        { "Score", new JsonObject { ["Value"] = null } },
    };

    [Theory]
    [MemberData(nameof(ValidFields))]
    public async Task A_valid_field_is_accepted(string field, JsonNode value)
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();

        ContentResult result;
        await using (var s = engine.Scope())
        {
            result = await s.Content.CreateAsync(ArticleBuilder.New(s.Content).WithField(field, value).Build(), publish: true);
        }

        Assert.True(result.Succeeded, VersioningTests.Describe(result));
        Assert.Equal(1, await engine.CountVersionRowsAsync());
    }

    [Fact]
    public async Task A_missing_title_is_refused_on_save()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();

        ContentResult result;
        await using (var s = engine.Scope())
        {
            var item = ArticleBuilder.New(s.Content).Build();
            item.Content.Remove("TitlePart");
            result = await s.Content.CreateAsync(item, publish: false);
        }

        Assert.Equal("TitlePart.Title", Assert.Single(result.Errors).Member);
        Assert.Equal("タイトルを入力してください。", result.Errors[0].Message);
    }

    [Fact]
    public async Task An_undefined_type_cannot_be_created()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();

        ContentResult result;
        await using (var s = engine.Scope())
        {
            result = await s.Content.CreateAsync(s.Content.New("Nope"), publish: false);
        }

        Assert.Equal("ContentType", Assert.Single(result.Errors).Member);
        Assert.Contains("Nope", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(0, await engine.CountVersionRowsAsync());
    }

    [Fact]
    public async Task Script_in_an_HtmlField_is_removed_on_save()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();
        const string html = """<p class="lead" onclick="steal()">こんにちは</p><script>alert(1)</script><a href="javascript:alert(2)">x</a><img src=x onerror="alert(3)">""";

        string id;
        await using (var s = engine.Scope())
        {
            var result = await s.Content.CreateAsync(ArticleBuilder.New(s.Content).WithField("Body", new JsonObject { ["Html"] = html }).Build(), publish: true);
            Assert.True(result.Succeeded, VersioningTests.Describe(result));
            id = result.Item!.ContentItemId;
        }

        string stored;
        await using (var s = engine.Scope())
        {
            stored = (await s.Content.GetAsync(id))!.Field("Article", "Body")!["Html"]!.GetValue<string>();
        }

        Assert.DoesNotContain("<script", stored, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("alert", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("onclick", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("onerror", stored, StringComparison.Ordinal);
        // Orchard's sanitizer keeps CSS classes: themes style editor content with them.
        Assert.Contains("""<p class="lead">こんにちは</p>""", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_path_used_by_another_item_is_refused()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();
        await using (var s = engine.Scope())
        {
            Assert.True((await s.Content.CreateAsync(ArticleBuilder.New(s.Content, "First").WithPath("guide/first").Build(), publish: true)).Succeeded);
        }

        ContentResult result;
        await using (var s = engine.Scope())
        {
            result = await s.Content.CreateAsync(ArticleBuilder.New(s.Content, "Second").WithPath("/guide/first/").Build(), publish: true);
        }

        var error = Assert.Single(result.Errors);
        Assert.Equal("AutoroutePart.Path", error.Member);
        Assert.Contains("guide/first", error.Message, StringComparison.Ordinal);
        Assert.Contains("他のコンテンツで使われています", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await engine.CountVersionRowsAsync());
    }

    [Fact]
    public async Task A_path_differing_only_in_case_is_refused_because_the_site_resolves_paths_without_case()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();
        await using (var s = engine.Scope())
        {
            Assert.True((await s.Content.CreateAsync(ArticleBuilder.New(s.Content, "First").WithPath("guide/Case").Build(), publish: true)).Succeeded);
        }

        ContentResult result;
        await using (var s = engine.Scope())
        {
            result = await s.Content.CreateAsync(ArticleBuilder.New(s.Content, "Second").WithPath("guide/case").Build(), publish: true);
        }

        Assert.Equal("AutoroutePart.Path", Assert.Single(result.Errors).Member);
        Assert.Equal(1, await engine.CountVersionRowsAsync());
    }

    [Fact]
    public async Task A_path_held_only_by_a_draft_is_still_taken()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();
        await using (var s = engine.Scope())
        {
            Assert.True((await s.Content.CreateAsync(ArticleBuilder.New(s.Content, "First").WithPath("guide/draft").Build(), publish: false)).Succeeded);
        }

        ContentResult result;
        await using (var s = engine.Scope())
        {
            result = await s.Content.CreateAsync(ArticleBuilder.New(s.Content, "Second").WithPath("guide/draft").Build(), publish: false);
        }

        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task A_path_left_by_a_removed_item_can_be_reused()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();
        await using (var s = engine.Scope())
        {
            var first = await s.Content.CreateAsync(ArticleBuilder.New(s.Content, "First").WithPath("guide/reused").Build(), publish: true);
            Assert.True((await s.Content.RemoveAsync(first.Item!.ContentItemId)).Succeeded);
        }

        ContentResult result;
        await using (var s = engine.Scope())
        {
            result = await s.Content.CreateAsync(ArticleBuilder.New(s.Content, "Second").WithPath("guide/reused").Build(), publish: true);
        }

        Assert.True(result.Succeeded, VersioningTests.Describe(result));
    }

    [Theory]
    [InlineData("Tokyo Office: Open 2025!", "articles/tokyo-office-open-2025")]
    [InlineData("法テラス 東京", "articles/法テラス-東京")]
    [InlineData("ＡＢＣ　１２３", "articles/abc-123")]
    public async Task An_empty_path_is_generated_from_the_liquid_pattern(string title, string expected)
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();

        ContentResult result;
        await using (var s = engine.Scope())
        {
            result = await s.Content.CreateAsync(ArticleBuilder.New(s.Content, title).WithPath("").Build(), publish: true);
        }

        Assert.True(result.Succeeded, VersioningTests.Describe(result));
        Assert.Equal(expected, result.Item!.Part("AutoroutePart")!["Path"]!.GetValue<string>());
        await using (var s = engine.Scope())
        {
            var stored = await s.Db.Set<ContentItemRecord>().SingleAsync();
            Assert.Equal(expected, stored.Path);
        }
    }

    [Fact]
    public async Task A_generated_path_that_is_taken_gets_a_number()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();
        await using (var s = engine.Scope())
        {
            Assert.True((await s.Content.CreateAsync(ArticleBuilder.New(s.Content, "Same Title").Build(), publish: true)).Succeeded);
        }

        ContentResult result;
        await using (var s = engine.Scope())
        {
            result = await s.Content.CreateAsync(ArticleBuilder.New(s.Content, "Same Title").Build(), publish: true);
        }

        Assert.Equal("articles/same-title-2", result.Item!.Part("AutoroutePart")!["Path"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_title_becomes_the_display_text()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();

        ContentResult result;
        await using (var s = engine.Scope())
        {
            var item = ArticleBuilder.New(s.Content, "  Trimmed Title ").Build();
            item.DisplayText = "something else";
            result = await s.Content.CreateAsync(item, publish: false);
        }

        Assert.Equal("Trimmed Title", result.Item!.DisplayText);
    }
}
