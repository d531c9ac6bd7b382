using System.Text.Json;
using System.Text.Json.Nodes;
using NetTroubleCms.Web.Features.Api;
using NetTroubleCms.Web.Features.Guide;

namespace NetTroubleCms.Web.Tests;

/// <summary>
/// ChannelKinds is the one list of channel kinds: the leaflet recipe offers exactly its words, and the theme has a
/// label in every language and an icon for each of its kinds.
/// </summary>
public sealed class ChannelKindsTests
{
    private static readonly string Root = CmsApplication.RepositoryRoot;

    [Fact]
    public void The_recipe_offers_editors_exactly_the_known_kinds_in_the_same_order()
    {
        var recipe = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "recipes", "net-trouble-guide.recipe.json")), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
        var parts = recipe["steps"]!.AsArray().Single(s => s!["name"]!.GetValue<string>() == "ContentDefinition")!["ContentParts"]!.AsArray();
        var kind = parts.Single(p => p!["Name"]!.GetValue<string>() == "Channel")!["ContentPartFieldDefinitionRecords"]!.AsArray()
            .Single(f => f!["Name"]!.GetValue<string>() == "Kind")!;

        var offered = kind["Settings"]!["TextFieldPredefinedListEditorSettings"]!["Options"]!.AsArray().Select(o => o!["value"]!.GetValue<string>());

        Assert.Equal(ChannelKinds.Known.Select(k => k.Stored), offered);
    }

    [Fact]
    public void Every_kind_has_a_theme_label_in_every_language_and_an_icon()
    {
        var strings = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "src", "NetTroubleCms.Web", "Themes", "Leaflet", "strings.json")))!.AsObject();
        var icons = File.ReadAllText(Path.Combine(Root, "src", "NetTroubleCms.Web", "Themes", "Leaflet", "Views", "Icons.liquid"));

        Assert.NotEmpty(strings);
        foreach (var kind in ChannelKinds.All)
        {
            Assert.All(strings, culture => Assert.False(string.IsNullOrWhiteSpace(culture.Value?[kind.LabelKey]?.GetValue<string>()), $"{culture.Key} has no {kind.LabelKey}"));
            Assert.Contains($"id=\"{kind.IconId}\"", icons, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("phone", "phone")]
    [InlineData("PHONE", "phone")]
    [InlineData("電話", "phone")]
    [InlineData("Webフォーム", "webform")]
    [InlineData("in-person", "in-person")]
    public void The_api_takes_a_kind_by_key_or_by_its_stored_word(string given, string key)
    {
        var errors = new Dictionary<string, string[]>();

        Assert.True(ApiRequest.TryKind(given, errors, out var parsed));
        Assert.Equal(key, parsed);
    }

    [Theory]
    [InlineData("other")]
    [InlineData("fax")]
    public void The_api_refuses_other_words_and_lists_the_known_keys(string given)
    {
        var errors = new Dictionary<string, string[]>();

        Assert.False(ApiRequest.TryKind(given, errors, out _));
        Assert.Contains("in-person, phone, email, chat, sns, webform, website", errors["kind"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Agencies_show_phones_first_and_unknown_words_last()
    {
        Assert.Equal(
            ["phone", "chat", "sns", "email", "webform", "in-person", "website", "other"],
            ChannelKinds.All.OrderBy(k => k.Rank).Select(k => k.Key));
        Assert.Same(ChannelKinds.Other, ChannelKinds.OfStored("FAX"));
    }
}
