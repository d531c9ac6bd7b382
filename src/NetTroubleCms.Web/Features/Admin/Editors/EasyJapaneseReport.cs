using Microsoft.Extensions.Localization;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Web.Features.Guide;

namespace NetTroubleCms.Web.Features.Admin.Editors;

/// <summary>A finding of the easy-Japanese check, worded for the editor who has to fix it.</summary>
public sealed record EasyJapaneseNote(string ContentItemId, string DisplayText, string Field, string Message);

/// <summary>
/// Puts <see cref="EasyJapaneseCheck"/> where editors write: on the editor page of an easy-Japanese item and on the
/// dashboard, each finding with the field's label from the definitions and what to do about it.
/// </summary>
public static class EasyJapaneseReport
{
    /// <summary>
    /// Findings for <paramref name="items"/> (their easy-Japanese members); agency names among
    /// <paramref name="names"/> and the items count as proper names, which may keep their hard words.
    /// </summary>
    public static IReadOnlyList<EasyJapaneseNote> For(IEnumerable<ContentItem> items, IEnumerable<ContentItem> names, ContentDefinitionDocument definitions, IStringLocalizer t)
    {
        var list = items.ToList();
        var ids = list.Select(i => i.ContentItemId).ToHashSet(StringComparer.Ordinal);
        var context = names.Where(n => !ids.Contains(n.ContentItemId)).Concat(list);
        return [.. EasyJapaneseCheck.CheckItems(context)
            .Where(f => ids.Contains(f.ContentItemId))
            .Select(f => new EasyJapaneseNote(f.ContentItemId, f.DisplayText, FieldLabel(f.Field, definitions, t), Describe(f.Finding, t)))];
    }

    /// <summary>What is wrong and how to write it instead.</summary>
    public static string Describe(EasyJapaneseFinding finding, IStringLocalizer t) => finding.Problem switch
    {
        EasyJapaneseProblem.LongSentence => t["文が長すぎます（{0} 字まで）。2 つの文に分けてください：{1}", EasyJapaneseCheck.MaxSentenceLength, finding.Detail],
        EasyJapaneseProblem.KanjiWithoutReading => t["読み方のない漢字があります：{0}（｜漢字《かんじ》のように読み方を書きます）", finding.Detail],
        _ => t["難しい言葉があります：{0}（やさしい言い方に替えてください）", finding.Detail],
    };

    // "Agency.Description" or "Channels.Channel.Note": the last two segments are a part and its field.
    private static string FieldLabel(string path, ContentDefinitionDocument definitions, IStringLocalizer t)
    {
        if (path == "TitlePart.Title" || path.EndsWith(".TitlePart.Title", StringComparison.Ordinal))
        {
            return t["タイトル"];
        }

        var segments = path.Split('.');
        if (segments.Length >= 2)
        {
            var field = definitions.GetPart(segments[^2])?.ContentPartFieldDefinitionRecords.FirstOrDefault(f => f.Name == segments[^1]);
            if (field?.DisplayName is { Length: > 0 } label)
            {
                return label;
            }
        }

        return path;
    }
}
