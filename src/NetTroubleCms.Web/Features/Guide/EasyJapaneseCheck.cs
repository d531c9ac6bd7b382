using System.Text.Json.Nodes;
using NetTroubleCms.Content;

namespace NetTroubleCms.Web.Features.Guide;

/// <summary>What an easy-Japanese text breaks.</summary>
public enum EasyJapaneseProblem
{
    /// <summary>A sentence longer than <see cref="EasyJapaneseCheck.MaxSentenceLength"/> characters.</summary>
    LongSentence,

    /// <summary>Kanji written without a reading (<c>｜漢字《かんじ》</c>).</summary>
    KanjiWithoutReading,

    /// <summary>A word from the hard-word list.</summary>
    HardWord,
}

/// <summary>One finding: the problem and the words concerned (the sentence, the kanji, the hard word).</summary>
public sealed record EasyJapaneseFinding(EasyJapaneseProblem Problem, string Detail);

/// <summary>A finding in a content item's field.</summary>
public sealed record EasyJapaneseItemFinding(string ContentItemId, string ContentType, string DisplayText, string Field, EasyJapaneseFinding Finding);

/// <summary>
/// Checks やさしい日本語 texts against the public guideline 「在留支援のためのやさしい日本語ガイドライン」 in three
/// measurable ways: short sentences, a reading for every kanji, and none of a short list of hard words.
/// Proper names (agency names) may keep their hard words, since a name cannot be rewritten.
/// </summary>
public static class EasyJapaneseCheck
{
    /// <summary>Longest sentence allowed, in characters of the text without readings.</summary>
    public const int MaxSentenceLength = 40;

    /// <summary>The culture whose texts are checked.</summary>
    public const string Culture = "ja-x-easy";

    /// <summary>Words readers of easy Japanese rarely know; each has a plain rewording (悪口, お金で返す, 間に入る, ...).</summary>
    public static readonly IReadOnlyList<string> HardWords =
    [
        "誹謗中傷", "損害賠償", "なかだち", "つぐな", "仲介", "請負", "誘引", "勧誘", "該当", "要件", "侵害", "利用規約", "違法性", "迅速",
    ];

    private static readonly char[] SentenceEnds = ['。', '！', '？', '!', '?', '\n'];

    /// <summary>Checks one text written in the ruby notation.</summary>
    public static IReadOnlyList<EasyJapaneseFinding> Check(string? text, IEnumerable<string>? properNames = null)
    {
        var findings = new List<EasyJapaneseFinding>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return findings;
        }

        var segments = RubyText.Parse(text);
        var plain = string.Concat(segments.Select(s => s.Text));
        foreach (var sentence in plain.Split(SentenceEnds, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (sentence.EnumerateRunes().Count() > MaxSentenceLength)
            {
                findings.Add(new(EasyJapaneseProblem.LongSentence, sentence));
            }
        }

        foreach (var segment in segments.Where(s => s.Reading is null))
        {
            foreach (var word in KanjiRuns(segment.Text).Distinct(StringComparer.Ordinal))
            {
                findings.Add(new(EasyJapaneseProblem.KanjiWithoutReading, word));
            }
        }

        // Hard words inside a proper name are blanked out first, so 「誹謗中傷ホットライン」 passes while 「誹謗中傷」 alone does not.
        var words = plain;
        foreach (var name in (properNames ?? []).Where(n => n.Length > 0).OrderByDescending(n => n.Length))
        {
            words = words.Replace(name, new string(' ', name.Length), StringComparison.Ordinal);
        }

        foreach (var hard in HardWords.Where(h => words.Contains(h, StringComparison.Ordinal)))
        {
            findings.Add(new(EasyJapaneseProblem.HardWord, hard));
        }

        return findings;
    }

    /// <summary>
    /// Every text field of the easy-Japanese items (title, text fields, lists, channel labels and notes), checked. Agency
    /// names of every culture count as proper names.
    /// </summary>
    public static IReadOnlyList<EasyJapaneseItemFinding> CheckItems(IEnumerable<ContentItem> items)
    {
        var all = items.ToList();
        var names = all.Where(i => i.ContentType == "Agency").Select(i => RubyText.Plain(i.DisplayText)).Concat(ProperNamesInTitles(all)).Distinct().ToList();
        var findings = new List<EasyJapaneseItemFinding>();
        foreach (var item in all.Where(i => GuideReader.CultureOf(i) == Culture))
        {
            foreach (var (field, text) in Texts(item))
            {
                foreach (var finding in Check(text, names))
                {
                    findings.Add(new(item.ContentItemId, item.ContentType, RubyText.Plain(item.DisplayText), field, finding));
                }
            }
        }

        return findings;
    }

    /// <summary>The texts of an item worth checking, with a field label such as <c>Agency.Description</c>.</summary>
    public static IEnumerable<(string Field, string Text)> Texts(ContentItem item)
    {
        if (!string.IsNullOrWhiteSpace(item.DisplayText))
        {
            yield return ("TitlePart.Title", item.DisplayText);
        }

        foreach (var (partName, part) in item.Content)
        {
            if (part is not JsonObject fields || partName is "TitlePart" or "AutoroutePart" or "LocalizationPart")
            {
                continue;
            }

            foreach (var (fieldName, field) in fields)
            {
                // Web addresses and phone numbers are not prose.
                if (fieldName is "Value" or "Kind" or "SourceUrl" or "Website" or "EmergencyPhone" or "ConsultPhone" or "ChannelKinds")
                {
                    continue;
                }

                if (field is not JsonObject fieldJson)
                {
                    continue;
                }

                if (fieldJson["Text"] is JsonValue t && t.TryGetValue(out string? text) && !string.IsNullOrWhiteSpace(text) && !LooksLikeAddress(text))
                {
                    yield return ($"{partName}.{fieldName}", text);
                }
                else if (fieldJson["Values"] is JsonArray values)
                {
                    foreach (var value in values.Select(v => v?.ToString()).OfType<string>().Where(v => v.Length > 0))
                    {
                        yield return ($"{partName}.{fieldName}", value);
                    }
                }
            }

            if (fields["ContentItems"] is JsonArray bag)
            {
                foreach (var child in bag.OfType<JsonObject>().Select(j => ContentItem.FromJson(j)))
                {
                    // A channel's title is the editor's own label (電話, Webサイト); the public sees the kind's label instead.
                    foreach (var (field, text) in Texts(child).Where(t => t.Field != "TitlePart.Title"))
                    {
                        yield return ($"{partName}.{field}", text);
                    }
                }
            }
        }
    }

    // Agency titles in easy Japanese often read 「正式な名前(やさしい説明)」; the part before the bracket is the name.
    private static IEnumerable<string> ProperNamesInTitles(IEnumerable<ContentItem> items) =>
        items.Where(i => i.ContentType == "Agency")
            .Select(i => RubyText.Plain(i.DisplayText))
            .Select(t => t.Split('(', '（')[0].Trim());

    private static bool LooksLikeAddress(string text) => !text.Any(RubyText.IsJapanese) && (text.Contains('.') || text.Any(char.IsAsciiDigit));

    private static IEnumerable<string> KanjiRuns(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var kanji = i < text.Length && RubyText.IsKanji(text[i]);
            if (kanji && start < 0)
            {
                start = i;
            }
            else if (!kanji && start >= 0)
            {
                yield return text[start..i];
                start = -1;
            }
        }
    }
}
