using System.Text.Json.Nodes;
using NetTroubleCms.Content.Management;

namespace NetTroubleCms.Content.Tests.Infrastructure;

/// <summary>Builds valid <c>Article</c> items for <see cref="TestRecipes.ArticleDefinition"/>; each With… changes one thing.</summary>
public sealed class ArticleBuilder
{
    private readonly ContentItem _item;

    private ArticleBuilder(ContentItem item) => _item = item;

    public static ArticleBuilder New(ContentManager manager, string title = "お知らせ") =>
        new ArticleBuilder(manager.New("Article")).WithTitle(title).WithField("Summary", new JsonObject { ["Text"] = "概要です" });

    public ArticleBuilder WithTitle(string title)
    {
        _item.DisplayText = title;
        _item.GetOrCreatePart("TitlePart")["Title"] = title;
        return this;
    }

    public ArticleBuilder WithPath(string? path)
    {
        _item.GetOrCreatePart("AutoroutePart")["Path"] = path;
        return this;
    }

    public ArticleBuilder WithField(string field, JsonNode? value)
    {
        _item.GetOrCreatePart("Article")[field] = value;
        return this;
    }

    public ContentItem Build() => _item;
}
