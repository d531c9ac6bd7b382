using NetTroubleCms.Content.Resources;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Metadata;

namespace NetTroubleCms.Content.Parts;

/// <summary>
/// TitlePart as Orchard Core runs it. The editor's title becomes DisplayText; an imported item keeps its own
/// non-blank DisplayText (translations often carry a localized DisplayText beside an untranslated Title); and when the
/// type's <c>TitlePartSettings</c> say the title is generated, the Liquid <c>Pattern</c> sets both.
/// </summary>
public sealed class TitlePartHandler : ContentHandler
{
    /// <inheritdoc />
    public override async Task UpdatingAsync(ContentContext context, CancellationToken cancellationToken)
    {
        var attachment = context.Type?.GetPartOfType("TitlePart");
        if (attachment is null)
        {
            return;
        }

        var settings = TitlePartSettings.From(attachment.Settings);
        if (settings.IsGenerated && !string.IsNullOrWhiteSpace(settings.Pattern))
        {
            var rendered = await LiquidPatterns.RenderAsync(settings.Pattern, context.Item, cancellationToken);
            if (rendered is not null)
            {
                // Orchard drops line breaks: a title is one line.
                var title = rendered.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Trim();
                context.Item.GetOrCreatePart(attachment.Name)["Title"] = title;
                context.Item.DisplayText = title;
                return;
            }
        }

        if (context.Item.Part(attachment.Name)?["Title"] is not JsonValue v || !v.TryGetValue(out string? value) || string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        // An import only fills a blank DisplayText; the editor always follows the title.
        if (!context.IsImport || string.IsNullOrWhiteSpace(context.Item.DisplayText))
        {
            context.Item.DisplayText = value.Trim();
        }
    }

    /// <inheritdoc />
    public override Task ValidatingAsync(ContentContext context, CancellationToken cancellationToken)
    {
        var attachment = context.Type?.GetPartOfType("TitlePart");
        if (attachment is null)
        {
            return Task.CompletedTask;
        }

        var title = context.Item.Part(attachment.Name)?["Title"];
        if (title is not null && title.GetValueKind() != JsonValueKind.String)
        {
            context.Fail($"{attachment.Name}.Title", EngineText.T("タイトルは文字列で指定してください。"));
        }
        else if (!context.IsImport && !TitlePartSettings.From(attachment.Settings).IsGenerated && string.IsNullOrWhiteSpace(title?.GetValue<string>()))
        {
            context.Fail($"{attachment.Name}.Title", EngineText.T("タイトルを入力してください。"));
        }

        return Task.CompletedTask;
    }
}

/// <summary>How the title is made (Orchard's <c>TitlePartOptions</c>, stored as a number or as its name).</summary>
public enum TitlePartOptions
{
    /// <summary>Typed by the editor.</summary>
    Editable = 0,

    /// <summary>Generated from the pattern; shown read-only.</summary>
    GeneratedDisabled = 1,

    /// <summary>Generated from the pattern; not shown.</summary>
    GeneratedHidden = 2,

    /// <summary>Typed by the editor and required.</summary>
    EditableRequired = 3,
}

/// <summary>The <c>TitlePartSettings</c> bag of a type-part attachment.</summary>
public sealed record TitlePartSettings(TitlePartOptions Options, string? Pattern)
{
    /// <summary>True when the pattern, not the editor, makes the title.</summary>
    public bool IsGenerated => Options is TitlePartOptions.GeneratedDisabled or TitlePartOptions.GeneratedHidden;

    /// <summary>Reads the bag leniently; unknown options count as editable.</summary>
    public static TitlePartSettings From(JsonObject attachmentSettings)
    {
        var bag = attachmentSettings.Bag("TitlePartSettings");
        var options = bag["Options"] switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out int n) && Enum.IsDefined((TitlePartOptions)n) => (TitlePartOptions)n,
            JsonValue v when v.GetValueKind() == JsonValueKind.String && Enum.TryParse<TitlePartOptions>(v.GetValue<string>(), ignoreCase: true, out var o)
                && Enum.IsDefined(o) => o,
            _ => TitlePartOptions.Editable,
        };
        return new TitlePartSettings(options, bag.String("Pattern"));
    }
}
