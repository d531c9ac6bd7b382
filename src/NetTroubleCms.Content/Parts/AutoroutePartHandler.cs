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
    private static readonly TemplateOptions Options = CreateOptions();

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
            context.Fail($"{attachment.Name}.Path", "パスは文字列で指定してください。");
            return;
        }

        var path = node.GetValue<string>();
        if (path.Any(c => char.IsWhiteSpace(c) || c is '?' or '#' or '\\') || path.Contains("//", StringComparison.Ordinal))
        {
            context.Fail($"{attachment.Name}.Path", "パスに空白や ? # \\ は使えません。");
        }
        else if (await store.IsPathTakenAsync(path, context.Item.ContentItemId, cancellationToken))
        {
            context.Fail($"{attachment.Name}.Path", $"パス「{path}」は他のコンテンツで使われています。");
        }
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
