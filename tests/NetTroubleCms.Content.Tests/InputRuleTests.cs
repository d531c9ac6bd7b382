using System.Text.Json.Nodes;
using NetTroubleCms.Content.Fields;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Tests.Infrastructure;

namespace NetTroubleCms.Content.Tests;

/// <summary>Paths an item may not take and links that would leave the site in disguise.</summary>
public sealed class InputRuleTests
{
    [Theory]
    [InlineData("admin/users", "予約されています")]
    [InlineData("Admin", "予約されています")]
    [InlineData("api/v1/agencies", "予約されています")]
    [InlineData("openapi/v1.json", "予約されています")]
    [InlineData("health/ready", "予約されています")]
    [InlineData("theme/site.css", "予約されています")]
    [InlineData("media/x", "予約されています")]
    [InlineData("sitemap.xml", "予約されています")]
    [InlineData("../../admin/users", "「.」で始まる区切り")]
    [InlineData("guide/./x", "「.」で始まる区切り")]
    [InlineData(".well-known/security.txt", "「.」で始まる区切り")]
    [InlineData("guide\\x", "使えません")]
    [InlineData("guide/%2e%2e/admin", "使えません")]
    [InlineData("guide/a\tb", "使えません")]
    public async Task A_reserved_or_tricky_path_is_refused_with_a_japanese_field_error(string path, string message)
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();

        ContentResult result;
        await using (var s = engine.Scope())
        {
            result = await s.Content.CreateAsync(ArticleBuilder.New(s.Content, "Sample").WithPath(path).Build(), publish: true);
        }

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal("AutoroutePart.Path", error.Member);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await engine.CountVersionRowsAsync());
    }

    [Theory]
    [InlineData("guide/admin")]
    [InlineData("en/agencies/api-sample")]
    [InlineData("administration")]
    public async Task A_reserved_word_later_in_the_path_or_as_a_longer_word_is_fine(string path)
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();
        await using var s = engine.Scope();

        var result = await s.Content.CreateAsync(ArticleBuilder.New(s.Content, "Sample").WithPath(path).Build(), publish: true);

        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)));
    }

    [Theory]
    [InlineData("/\\evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("\\/evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData("/\n/evil.example")]
    [InlineData("https:\\\\evil.example")]
    [InlineData("http:evil.example")]
    [InlineData("https:/evil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("JavaScript:alert(1)")]
    [InlineData(" javascript:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("vbscript:msgbox(1)")]
    [InlineData("file:///etc/passwd")]
    [InlineData("evil.example")]
    public void Link_tricks_that_browsers_would_follow_off_site_are_refused(string url) =>
        Assert.False(LinkFieldType.IsUrl(url), url);

    [Theory]
    [InlineData("https://www.houterasu.or.jp/")]
    [InlineData("http://www.moj.go.jp/JINKEN/jinken113.html")]
    [InlineData("/agencies/houterasu")]
    [InlineData("/")]
    [InlineData("mailto:info@example.org")]
    [InlineData("tel:0570078374")]
    public void Ordinary_links_are_accepted(string url) =>
        Assert.True(LinkFieldType.IsUrl(url), url);

    [Fact]
    public async Task The_link_field_refuses_a_backslash_trick_with_a_japanese_message()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();
        await using var s = engine.Scope();

        var result = await s.Content.CreateAsync(ArticleBuilder.New(s.Content).WithField("Website", new JsonObject { ["Url"] = "/\\evil.example" }).Build(), publish: true);

        Assert.False(result.Succeeded);
        Assert.Contains("URL の形式が正しくありません", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }
}
