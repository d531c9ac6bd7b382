using Fluid;
using Fluid.Values;

namespace NetTroubleCms.Content.Parts;

/// <summary>
/// Renders the short Liquid patterns of part settings (title, route) against one item, with the filters those
/// patterns use in Orchard recipes. Parsed templates are cached: a pattern is the same for every item of a type.
/// </summary>
public static class LiquidPatterns
{
    private static readonly FluidParser Parser = new();
    /// <summary>The one Fluid setup for content patterns (titles, routes): items readable, <c>slugify</c> and <c>display_text</c>.</summary>
    internal static readonly TemplateOptions Options = CreateOptions();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IFluidTemplate?> Cache = new(StringComparer.Ordinal);

    /// <summary>The rendered text, or null when the pattern is not valid Liquid.</summary>
    public static async Task<string?> RenderAsync(string pattern, ContentItem item, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var template = Cache.GetOrAdd(pattern, p => Parser.TryParse(p, out var t, out _) ? t : null);
        if (template is null)
        {
            return null;
        }

        var model = new Dictionary<string, object?> { ["ContentItem"] = item };
        var context = new TemplateContext(new { Model = model, ContentItem = item }, Options);
        return await template.RenderAsync(context);
    }

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions();
        options.MemberAccessStrategy.Register<ContentItem>();
        options.Filters.AddFilter("slugify", (input, _, _) => new StringValue(Slug.Create(input.ToStringValue())));
        options.Filters.AddFilter("display_text", (input, _, _) =>
            new StringValue(input.ToObjectValue() is ContentItem item ? item.DisplayText ?? "" : input.ToStringValue()));
        return options;
    }
}
