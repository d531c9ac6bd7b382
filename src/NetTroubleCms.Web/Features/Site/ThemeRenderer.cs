using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;
using Fluid.Ast;
using Fluid.Values;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using NetTroubleCms.Web.Features.Guide;
using NetTroubleCms.Web.Infrastructure;

namespace NetTroubleCms.Web.Features.Site;

/// <summary>What the layout needs besides the page body.</summary>
public sealed record PageInfo(string Title, string Culture, string Lang, string? Description = null, string? CanonicalPath = null, int StatusCode = 200)
{
    /// <summary>Links to the same page in other languages (hreflang).</summary>
    public IReadOnlyList<AlternateLink> Alternates { get; init; } = [];

    /// <summary>Extra head markup (JSON-LD), already safe.</summary>
    public string? HeadExtra { get; init; }

    /// <summary>Body class, for page-type styling.</summary>
    public string PageType { get; init; } = "page";

    /// <summary>Absolute canonical URL (set by the site endpoints).</summary>
    public string? CanonicalUrl { get; init; }

    /// <summary>True when part of the page is the Japanese original shown for a missing translation.</summary>
    public bool ShowFallbackNotice { get; init; }

    /// <summary>Which site navigation entry is current (home, guide, chart, agencies, print).</summary>
    public string? Section { get; init; }
}

/// <summary>One language version of a page.</summary>
public sealed record AlternateLink(string Culture, string Lang, string Label, string Href, bool IsCurrent)
{
    /// <summary>The <c>hreflang</c> code (ja, en, ja-x-easy).</summary>
    public string Hreflang { get; init; } = Lang;

    /// <summary>True when the page exists in that language (not only as a Japanese fallback): only these get a <c>link rel=alternate</c>.</summary>
    public bool IsTranslation { get; init; } = true;

    /// <summary>Absolute URL for <c>link rel=alternate</c>.</summary>
    public string? AbsoluteHref { get; init; }
}

/// <summary>
/// Renders the theme's Liquid templates with Fluid. Template names follow Orchard's alternates
/// (<c>Content-Agency.liquid</c>, <c>Content-Agency.Summary.liquid</c>, <c>Layout.liquid</c>); the most specific
/// file that exists wins. Parsed templates are cached and dropped when a file in the theme changes, so a designer
/// edits the look without rebuilding.
/// </summary>
public sealed class ThemeRenderer : IDisposable
{
    // Japanese text is written as characters, not numeric entities: pages stay small and readable.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
    private readonly FluidParser _parser = new();
    private readonly TemplateOptions _options = new();
    private readonly ConcurrentDictionary<string, IFluidTemplate?> _cache = new(StringComparer.Ordinal);
    private readonly PhysicalFileProvider _files;
    private readonly string _stringsPath;
    private IDisposable? _watch;
    private int _generation;
    private (DateTime Stamp, Dictionary<string, Dictionary<string, string>> Values)? _strings;

    /// <summary>Finds the theme folder: content root first (development), then the app folder (published).</summary>
    public ThemeRenderer(IWebHostEnvironment environment, IOptions<CmsOptions> options)
    {
        var theme = options.Value.Theme;
        var root = new[] { environment.ContentRootPath, AppContext.BaseDirectory }
            .Select(r => Path.Combine(r, "Themes", theme))
            .FirstOrDefault(Directory.Exists)
            ?? throw new DirectoryNotFoundException($"Theme '{theme}' not found under Themes/.");
        ThemeRoot = root;
        _stringsPath = Path.Combine(root, "strings.json");
        _files = new PhysicalFileProvider(Path.Combine(root, "Views"));
        _options.FileProvider = _files;
        _options.MemberAccessStrategy = new UnsafeMemberAccessStrategy();
        _options.Filters.AddFilter("json", (input, _, _) =>
            new StringValue(System.Text.Json.JsonSerializer.Serialize(input.ToObjectValue())));
        // Content texts go through `text`: ruby notation (｜漢字《かんじ》) becomes <ruby>, the rest is encoded, and on
        // English pages Japanese names are marked lang="ja". `plain` drops readings where markup cannot go (attributes).
        // `text: "ja"` is for an element already marked lang="ja" (a Japanese original shown on an English page).
        _options.Filters.AddFilter("text", static (input, arguments, context) =>
            new StringValue(RubyText.ToHtml(input.ToStringValue(), context.AmbientValues.TryGetValue("Lang", out var lang) && lang as string == "en" && arguments.At(0).ToStringValue() != "ja"), false));
        _options.Filters.AddFilter("plain", static (input, _, _) => new StringValue(RubyText.Plain(input.ToStringValue())));
        // `excerpt: 80` keeps the first 80 columns of a text (ruby words whole), for cards that link to the full text.
        _options.Filters.AddFilter("excerpt", static (input, arguments, _) =>
            new StringValue(RubyText.Excerpt(input.ToStringValue(), (int)arguments.At(0).ToNumberValue())));
        _parser.RegisterEmptyTag("render_body", static async (writer, _, context) =>
        {
            await writer.WriteAsync(context.AmbientValues.TryGetValue("Body", out var body) ? body as string : "");
            return Completion.Normal;
        });
        Watch();
    }

    /// <summary>Changes whenever a template file changes, so caches of rendered pages know to start again.</summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>The theme folder (its <c>wwwroot</c> holds static assets).</summary>
    public string ThemeRoot { get; }

    /// <summary>
    /// The theme's interface texts for <paramref name="culture"/> from <c>strings.json</c> (reloaded when the file changes),
    /// with the default culture's text for any missing key.
    /// </summary>
    public IReadOnlyDictionary<string, string> Strings(string culture)
    {
        var stamp = File.Exists(_stringsPath) ? File.GetLastWriteTimeUtc(_stringsPath) : DateTime.MinValue;
        var current = _strings;
        if (current is null || current.Value.Stamp != stamp)
        {
            var all = stamp == DateTime.MinValue
                ? []
                : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(File.ReadAllText(_stringsPath)) ?? [];
            var fallback = all.GetValueOrDefault(GuideReader.DefaultCulture) ?? [];
            var merged = all.ToDictionary(
                c => c.Key,
                c => new Dictionary<string, string>(fallback.Concat(c.Value).GroupBy(p => p.Key).Select(g => g.Last()), StringComparer.Ordinal),
                StringComparer.Ordinal);
            current = (stamp, merged);
            _strings = current;
        }

        return current.Value.Values.GetValueOrDefault(culture) ?? current.Value.Values.GetValueOrDefault(GuideReader.DefaultCulture) ?? [];
    }

    /// <summary>True when the template file exists.</summary>
    public bool Exists(string name) => Load(name) is not null;

    /// <summary>Renders the first existing template of <paramref name="candidates"/> inside <c>Layout.liquid</c>.</summary>
    public async Task<string> RenderPageAsync(IEnumerable<string> candidates, object model, PageInfo page, object? layoutModel = null)
    {
        var body = await RenderAsync(candidates, model, page);
        var context = new TemplateContext(_options);
        context.SetValue("Page", page);
        context.SetValue("Layout", layoutModel);
        context.AmbientValues["Body"] = body;
        context.AmbientValues["Lang"] = page.Lang;
        var layout = Load("Layout") ?? throw new FileNotFoundException("Layout.liquid is missing from the theme.");
        return await layout.RenderAsync(context, Encoder);
    }

    /// <summary>Renders the first existing template of <paramref name="candidates"/> without the layout.</summary>
    public async Task<string> RenderAsync(IEnumerable<string> candidates, object model, PageInfo? page = null)
    {
        var names = candidates.ToList();
        var template = names.Select(Load).FirstOrDefault(t => t is not null)
            ?? throw new FileNotFoundException($"None of the templates exists: {string.Join(", ", names)}");
        var context = new TemplateContext(_options);
        context.SetValue("Model", model);
        context.SetValue("Page", page);
        context.AmbientValues["Lang"] = page?.Lang;
        return await template.RenderAsync(context, Encoder);
    }

    private IFluidTemplate? Load(string name) => _cache.GetOrAdd(name, n =>
    {
        var file = _files.GetFileInfo(n + ".liquid");
        if (!file.Exists)
        {
            return null;
        }

        using var reader = new StreamReader(file.CreateReadStream());
        var source = reader.ReadToEnd();
        return _parser.TryParse(source, out var template, out var error)
            ? template
            : throw new InvalidOperationException($"{n}.liquid: {error}");
    });

    private void Watch()
    {
        _watch?.Dispose();
        var token = _files.Watch("**/*.liquid");
        _watch = token.RegisterChangeCallback(_ =>
        {
            _cache.Clear();
            Interlocked.Increment(ref _generation);
            Watch();
        }, null);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _watch?.Dispose();
        _files.Dispose();
    }
}
