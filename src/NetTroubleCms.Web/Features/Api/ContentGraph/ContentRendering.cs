using System.Text.Json.Nodes;
using Markdig;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Fields;
using NetTroubleCms.Web.Features.Guide;
using NetTroubleCms.Web.Features.Site;

namespace NetTroubleCms.Web.Features.Api.ContentGraph;

/// <summary>Markdown bodies and the <c>render</c> field: the item through the same theme templates the public site uses.</summary>
public static class ContentRendering
{
    // Raw HTML inside Markdown is escaped: the API must not hand out markup an editor did not mean as markup.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml().Build();

    /// <summary>The Markdown as HTML, converted once per snapshot and text.</summary>
    public static string? Markdown(ContentGraphIndex index, string? markdown) =>
        markdown is null ? null : index.Get("markdown:" + markdown, () => Markdig.Markdown.ToHtml(markdown, Pipeline));

    /// <summary>
    /// The item's detail HTML without the page layout, as Orchard's <c>render</c> gives it: agencies and guide nodes
    /// through their page templates, any other type through <c>Content-{Type}</c> or the theme's generic <c>Content</c>.
    /// </summary>
    public static async Task<string> RenderAsync(ContentGraphContext graph, IServiceProvider services, ContentItem item)
    {
        var theme = services.GetRequiredService<ThemeRenderer>();
        var culture = GuideReader.CultureOf(item);
        var site = SiteEndpoints.SiteContext.Create(graph.Snapshot, culture, theme, graph.BaseUrl);
        switch (item.ContentType)
        {
            case "Agency" when site.Guide.AgenciesById.GetValueOrDefault(item.ContentItemId) is { } agency:
                return await theme.RenderAsync([$"Content-{agency.Id}", "Content-Agency", "Content"], new { Site = site, Guide = site.Guide, T = site.T, Item = agency });
            case "DecisionNode" when site.Guide.Nodes.GetValueOrDefault(item.ContentItemId) is { } node:
                var back = SiteSeo.FixedUrl(site.Culture, "guide");
                return await theme.RenderAsync([$"Content-{node.Id}", "Content-DecisionNode", "Content"], new { Site = site, Guide = site.Guide, T = site.T, Item = node, Back = back });
            default:
                return await theme.RenderAsync([$"Content-{item.ContentType}", "Content"], new { Site = site, T = site.T, Item = View(graph, services.GetRequiredService<FieldTypes>(), item) });
        }
    }

    private static GenericItemView View(ContentGraphContext graph, FieldTypes fieldTypes, ContentItem item)
    {
        var type = graph.Snapshot.Definitions.GetType(item.ContentType);
        var fields = new List<GenericFieldView>();
        foreach (var attachment in type?.ContentTypePartDefinitionRecords ?? [])
        {
            foreach (var field in graph.Snapshot.Definitions.GetPart(attachment.PartName)?.ContentPartFieldDefinitionRecords ?? [])
            {
                var text = fieldTypes.Get(field.FieldName).DisplayText(item.Field(attachment.Name, field.Name));
                if (!string.IsNullOrWhiteSpace(text))
                {
                    fields.Add(new GenericFieldView(field.DisplayName, text));
                }
            }
        }

        var html = item.Part("HtmlBodyPart")?["Html"]?.ToString()
            ?? Markdown(graph.Index, item.Part("MarkdownBodyPart")?["Markdown"]?.ToString());
        return new GenericItemView(item.ContentType, item.DisplayText, fields, html, graph.Snapshot.PathOf(item));
    }

    /// <summary>What the generic <c>Content</c> template sees.</summary>
    public sealed record GenericItemView(string ContentType, string? Title, IReadOnlyList<GenericFieldView> Fields, string? BodyHtml, string? Path);

    /// <summary>One text-like field with its label.</summary>
    public sealed record GenericFieldView(string Label, string Text);
}
