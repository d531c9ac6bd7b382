using NetTroubleCms.Content.Management;

namespace NetTroubleCms.Content.Parts;

/// <summary>TitlePart: the title becomes the item's DisplayText.</summary>
public sealed class TitlePartHandler : ContentHandler
{
    /// <inheritdoc />
    public override Task UpdatingAsync(ContentContext context, CancellationToken cancellationToken)
    {
        var attachment = context.Type?.GetPartOfType("TitlePart");
        if (attachment is not null
            && context.Item.Part(attachment.Name)?["Title"] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue(out string? title)
            && !string.IsNullOrWhiteSpace(title))
        {
            context.Item.DisplayText = title.Trim();
        }

        return Task.CompletedTask;
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
        if (title is not null && title.GetValueKind() != System.Text.Json.JsonValueKind.String)
        {
            context.Fail($"{attachment.Name}.Title", "タイトルは文字列で指定してください。");
        }
        else if (!context.IsImport && string.IsNullOrWhiteSpace(title?.GetValue<string>()))
        {
            context.Fail($"{attachment.Name}.Title", "タイトルを入力してください。");
        }

        return Task.CompletedTask;
    }
}
