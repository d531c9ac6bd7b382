using NetTroubleCms.Content.Resources;
using Fluid;
using Fluid.Values;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Storage;

namespace NetTroubleCms.Content.Parts;

/// <summary>AutoroutePart: generates the path from the type's Liquid pattern when empty, and keeps paths unique.</summary>
public sealed class AutoroutePartHandler(IContentStore store) : ContentHandler
{
    private static readonly FluidParser Parser = new();
    private static readonly TemplateOptions Options = LiquidPatterns.Options;

    /// <inheritdoc />
    public override async Task UpdatingAsync(ContentContext context, CancellationToken cancellationToken)
    {
        var attachment = context.Type?.GetPartOfType("AutoroutePart");
        if (attachment is null)
        {
            return;
        }

        var part = context.Item.GetOrCreatePart(attachment.Name);
        var path = Normalize(part["Path"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? part["Path"]!.GetValue<string>() : null);
        if (string.IsNullOrEmpty(path) && part["Path"] is null or System.Text.Json.Nodes.JsonValue)
        {
            var pattern = attachment.Settings.Bag("AutoroutePartSettings").String("Pattern");
            if (!string.IsNullOrWhiteSpace(pattern) && Parser.TryParse(pattern, out var template, out _))
            {
                var model = new Dictionary<string, object?> { ["ContentItem"] = context.Item };
                var ctx = new TemplateContext(new { Model = model, ContentItem = context.Item }, Options);
                path = Normalize(await template.RenderAsync(ctx));
                if (!string.IsNullOrEmpty(path))
                {
                    path = await MakeUniqueAsync(path, context.Item.ContentItemId, cancellationToken);
                }
            }

            part["Path"] = string.IsNullOrEmpty(path) ? null : path;
        }
        else if (part["Path"] is System.Text.Json.Nodes.JsonValue)
        {
            part["Path"] = path;
        }
    }

    /// <inheritdoc />
    public override async Task ValidatingAsync(ContentContext context, CancellationToken cancellationToken)
    {
        var attachment = context.Type?.GetPartOfType("AutoroutePart");
        var node = attachment is null ? null : context.Item.Part(attachment.Name)?["Path"];
        if (attachment is null || node is null)
        {
            return;
        }

        if (node.GetValueKind() != System.Text.Json.JsonValueKind.String)
        {
            context.Fail($"{attachment.Name}.Path", EngineText.T("パスは文字列で指定してください。"));
            return;
        }

        var path = node.GetValue<string>();
        if (path.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '?' or '#' or '\\' or '%') || path.Contains("//", StringComparison.Ordinal))
        {
            context.Fail($"{attachment.Name}.Path", EngineText.T("パスに空白や ? # % \\ は使えません。"));
        }
        else if (ReservedReason(path) is { } reserved)
        {
            context.Fail($"{attachment.Name}.Path", reserved);
        }
        else if (await store.IsPathTakenAsync(path, context.Item.ContentItemId, cancellationToken))
        {
            context.Fail($"{attachment.Name}.Path", EngineText.T("パス「{0}」は他のコンテンツで使われています。", path));
        }
    }

    /// <summary>
    /// First path segments the application itself answers (admin, API, health probes, theme assets, ...): an item
    /// published there would either be unreachable or, worse, look like an admin or API page to a reader.
    /// </summary>
    public static readonly IReadOnlySet<string> ReservedSegments = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "admin", "api", "openapi", "health", "theme", "media", "sitemap.xml", "robots.txt", "favicon.ico",
    };

    /// <summary>Why <paramref name="path"/> may not be used (a Japanese message), or null when it may.</summary>
    public static string? ReservedReason(string path)
    {
        var segments = path.Split('/');
        if (segments.Any(s => s.StartsWith('.')))
        {
            return EngineText.T("パス「{0}」は使えません。「.」で始まる区切り（. や .. など）は使えません。", path);
        }

        return ReservedSegments.Contains(segments[0])
            ? EngineText.T("パス「{0}」は使えません。「{1}」で始まるパスはシステムが使うため予約されています。", path, segments[0])
            : null;
    }

    /// <summary>Trims slashes and blanks; null stays null.</summary>
    public static string? Normalize(string? path) => path?.Trim().Trim('/');

    private async Task<string> MakeUniqueAsync(string path, string contentItemId, CancellationToken cancellationToken)
    {
        var candidate = path;
        for (var i = 2; await store.IsPathTakenAsync(candidate, contentItemId, cancellationToken); i++)
        {
            candidate = $"{path}-{i}";
        }

        return candidate;
    }
}
