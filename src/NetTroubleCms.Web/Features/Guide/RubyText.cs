using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace NetTroubleCms.Web.Features.Guide;

/// <summary>One piece of a text: plain words, or a base with its reading (furigana).</summary>
public readonly record struct RubySegment(string Text, string? Reading);

/// <summary>
/// The light ruby notation editors write in やさしい日本語 texts, as Japanese novel sites and Aozora Bunko do:
/// <c>｜漢字《かんじ》</c> marks the base explicitly; <c>漢字《かんじ》</c> takes the kanji just before 《 as the base.
/// Anything that is not a complete mark stays literal text, so a stray ｜ or 《 never loses words.
/// </summary>
public static class RubyText
{
    // The theme's encoder: Japanese stays as characters, markup characters are escaped.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>Splits <paramref name="text"/> into plain and ruby segments.</summary>
    public static IReadOnlyList<RubySegment> Parse(string? text)
    {
        var segments = new List<RubySegment>();
        if (string.IsNullOrEmpty(text))
        {
            return segments;
        }

        var plain = new StringBuilder();
        void Flush()
        {
            if (plain.Length > 0)
            {
                segments.Add(new RubySegment(plain.ToString(), null));
                plain.Clear();
            }
        }

        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '｜' or '|' && TryMark(text, i + 1, out var open, out var close))
            {
                Flush();
                segments.Add(new RubySegment(text[(i + 1)..open], text[(open + 1)..close]));
                i = close + 1;
                continue;
            }

            if (c == '《' && Reading(text, i) is { } end)
            {
                var start = plain.Length;
                while (start > 0 && IsKanji(plain[start - 1]))
                {
                    start--;
                }

                if (start < plain.Length)
                {
                    var baseText = plain.ToString(start, plain.Length - start);
                    plain.Length = start;
                    Flush();
                    segments.Add(new RubySegment(baseText, text[(i + 1)..end]));
                    i = end + 1;
                    continue;
                }
            }

            plain.Append(c);
            i++;
        }

        Flush();
        return segments;
    }

    /// <summary>
    /// The beginning of <paramref name="text"/> up to <paramref name="width"/> columns of its visible words (a Japanese
    /// character counts two, others one), still in the notation, ending in 「…」 when shortened. A word with its reading
    /// is kept or dropped whole, so no reading loses its base.
    /// </summary>
    public static string Excerpt(string? text, int width)
    {
        var segments = Parse(text);
        var used = 0;
        var result = new StringBuilder();
        foreach (var segment in segments)
        {
            var cost = Width(segment.Text);
            if (used + cost <= width)
            {
                result.Append(segment.Reading is null ? segment.Text : $"｜{segment.Text}《{segment.Reading}》");
                used += cost;
                continue;
            }

            if (segment.Reading is null)
            {
                foreach (var c in segment.Text)
                {
                    used += Width(c);
                    if (used > width)
                    {
                        break;
                    }

                    result.Append(c);
                }
            }

            return result.ToString().TrimEnd() + "…";
        }

        return result.ToString();
    }

    private static int Width(string text) => text.Sum(Width);

    private static int Width(char c) => c < '\u0100' ? 1 : 2;

    /// <summary>The text without readings (for page titles, meta descriptions and length checks).</summary>
    public static string Plain(string? text) => string.Concat(Parse(text).Select(s => s.Text));

    /// <summary>
    /// HTML: everything encoded, marks as <c>&lt;ruby&gt;base&lt;rt&gt;reading&lt;/rt&gt;&lt;/ruby&gt;</c>. With
    /// <paramref name="markJapanese"/> (English pages) each run of Japanese words is wrapped in <c>&lt;span lang="ja"&gt;</c>
    /// so screen readers switch voice for names such as 法テラス.
    /// </summary>
    public static string ToHtml(string? text, bool markJapanese = false)
    {
        var html = new StringBuilder();
        foreach (var segment in Parse(text))
        {
            if (segment.Reading is not null)
            {
                var ruby = $"<ruby>{Encode(segment.Text)}<rt>{Encode(segment.Reading)}</rt></ruby>";
                html.Append(markJapanese ? $"<span lang=\"ja\">{ruby}</span>" : ruby);
            }
            else if (markJapanese)
            {
                AppendMarked(html, segment.Text);
            }
            else
            {
                html.Append(Encode(segment.Text));
            }
        }

        // Neighbouring runs (a ruby then plain kana) become one span.
        return markJapanese ? html.Replace("</span><span lang=\"ja\">", "").ToString() : html.ToString();
    }

    /// <summary>True for kanji (CJK ideographs and the iteration mark 々).</summary>
    public static bool IsKanji(char c) =>
        c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\uF900' and <= '\uFAFF') or '々' or '〆';

    /// <summary>True for characters that only Japanese text uses: kana, kanji, Japanese punctuation and full-width forms.</summary>
    public static bool IsJapanese(char c) =>
        IsKanji(c) || c is (>= '\u3000' and <= '\u30FF') or (>= '\uFF01' and <= '\uFF60') or (>= '\u31F0' and <= '\u31FF');

    // A Japanese run may hold Latin letters, digits and spaces between Japanese characters (心のSOS まもろうよこころ),
    // but ends before anything else, so "(Kokoro no SOS)" after it stays English.
    private static void AppendMarked(StringBuilder html, string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (!IsJapanese(text[i]))
            {
                html.Append(Encode(text[i].ToString()));
                i++;
                continue;
            }

            var end = i;
            var j = i;
            while (j < text.Length && (IsJapanese(text[j]) || char.IsAsciiLetterOrDigit(text[j]) || text[j] is ' ' or '#' or '-' or '/'))
            {
                if (IsJapanese(text[j]))
                {
                    end = j;
                }

                j++;
            }

            html.Append("<span lang=\"ja\">").Append(Encode(text[i..(end + 1)])).Append("</span>");
            i = end + 1;
        }
    }

    // ｜base《reading》: the base is up to 《 and must not contain another mark; the reading must be closed and non-empty.
    private static bool TryMark(string text, int from, out int open, out int close)
    {
        open = text.IndexOf('《', from);
        close = -1;
        if (open <= from || text.AsSpan(from, open - from).IndexOfAny("｜|》") >= 0)
        {
            return false;
        }

        close = Reading(text, open) ?? -1;
        return close > 0;
    }

    private static int? Reading(string text, int open)
    {
        var close = text.IndexOf('》', open + 1);
        return close > open + 1 && text.AsSpan(open + 1, close - open - 1).IndexOfAny("《｜|") < 0 ? close : null;
    }

    private static string Encode(string text) => Encoder.Encode(text);
}
