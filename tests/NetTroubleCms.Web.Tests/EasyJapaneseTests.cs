using System.Text.Json.Nodes;
using NetTroubleCms.Content;
using NetTroubleCms.Web.Features.Guide;
using Xunit.Abstractions;

namespace NetTroubleCms.Web.Tests;

/// <summary>The ruby notation and the easy-Japanese check, without a host.</summary>
public sealed class EasyJapaneseTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("｜漢字《かんじ》", "<ruby>漢字<rt>かんじ</rt></ruby>")]
    [InlineData("|漢字《かんじ》です", "<ruby>漢字<rt>かんじ</rt></ruby>です")]
    [InlineData("相談《そうだん》する", "<ruby>相談<rt>そうだん</rt></ruby>する")]
    [InlineData("ネットの相談窓口《そうだんまどぐち》", "ネットの<ruby>相談窓口<rt>そうだんまどぐち</rt></ruby>")]
    [InlineData("お金《かね》", "お<ruby>金<rt>かね</rt></ruby>")]
    [InlineData("｜SNS《エスエヌエス》", "<ruby>SNS<rt>エスエヌエス</rt></ruby>")]
    [InlineData("書《か》き込《こ》み", "<ruby>書<rt>か</rt></ruby>き<ruby>込<rt>こ</rt></ruby>み")]
    public void MarksBecomeRuby(string text, string html) => Assert.Equal(html, RubyText.ToHtml(text));

    [Theory]
    [InlineData("《かんじ》だけ")]
    [InlineData("ひらがな《よみ》")]
    [InlineData("漢字《》")]
    [InlineData("漢字《かんじ")]
    [InlineData("｜漢字")]
    [InlineData("A | B")]
    [InlineData("｜《かんじ》")]
    public void IncompleteMarksStayLiteralText(string text) => Assert.Equal(text, RubyText.Plain(text));

    [Fact]
    public void EverythingElseIsHtmlEncoded()
    {
        var html = RubyText.ToHtml("<script>alert(1)</script>｜悪《わる》い&\"");

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<ruby>悪<rt>わる</rt></ruby>い&amp;&quot;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadingsAreEncodedToo() =>
        Assert.Equal("<ruby>漢<rt>&lt;b&gt;</rt></ruby>", RubyText.ToHtml("漢《<b>》"));

    [Fact]
    public void PlainDropsReadings() => Assert.Equal("人権相談の窓口", RubyText.Plain("｜人権相談《じんけんそうだん》の窓口《まどぐち》"));

    [Theory]
    [InlineData("法テラス (Houterasu)", "<span lang=\"ja\">法テラス</span> (Houterasu)")]
    [InlineData("心のSOS まもろうよこころ (Kokoro no SOS)", "<span lang=\"ja\">心のSOS まもろうよこころ</span> (Kokoro no SOS)")]
    [InlineData("Call 110 now.", "Call 110 now.")]
    [InlineData("Desk (情報セキュリティ安心相談窓口) of IPA", "Desk (<span lang=\"ja\">情報セキュリティ安心相談窓口</span>) of IPA")]
    public void EnglishPagesMarkJapaneseRuns(string text, string html) => Assert.Equal(html, RubyText.ToHtml(text, markJapanese: true));

    [Fact]
    public void ASentenceOverFortyCharactersIsFlagged()
    {
        var longSentence = new string('あ', 41) + "。";
        var fine = new string('あ', 40) + "。" + new string('い', 40) + "。";

        Assert.Contains(EasyJapaneseCheck.Check(longSentence), f => f.Problem == EasyJapaneseProblem.LongSentence);
        Assert.Empty(EasyJapaneseCheck.Check(fine));
    }

    [Fact]
    public void ReadingsDoNotCountTowardsTheLength()
    {
        // 20 kanji with readings of 2 kana each: 20 characters, not 60.
        var text = string.Concat(Enumerable.Repeat("字《じじ》", 20)) + "。";

        Assert.Empty(EasyJapaneseCheck.Check(text));
    }

    [Fact]
    public void KanjiWithoutReadingIsFlagged()
    {
        var findings = EasyJapaneseCheck.Check("相談《そうだん》の窓口です。");

        var finding = Assert.Single(findings);
        Assert.Equal(EasyJapaneseProblem.KanjiWithoutReading, finding.Problem);
        Assert.Equal("窓口", finding.Detail);
    }

    [Theory]
    [InlineData("誹謗中傷《ひぼうちゅうしょう》をやめてほしい。", "誹謗中傷")]
    [InlineData("損害賠償《そんがいばいしょう》をもとめる。", "損害賠償")]
    [InlineData("人のあいだを、なかだちする。", "なかだち")]
    [InlineData("お金《かね》でつぐなってほしい。", "つぐな")]
    public void HardWordsAreFlagged(string text, string word) =>
        Assert.Contains(EasyJapaneseCheck.Check(text), f => f.Problem == EasyJapaneseProblem.HardWord && f.Detail == word);

    [Fact]
    public void AProperNameMayKeepItsHardWord()
    {
        const string text = "誹謗中傷《ひぼうちゅうしょう》ホットラインに連絡《れんらく》します。";

        Assert.Empty(EasyJapaneseCheck.Check(text, ["誹謗中傷ホットライン"]));
        Assert.Contains(EasyJapaneseCheck.Check(text), f => f.Problem == EasyJapaneseProblem.HardWord);
    }

    [Fact]
    public void TheSeedsEasyJapaneseTextsPassTheCheck()
    {
        var items = GuideSeed.Recipe["steps"]!.AsArray().OfType<JsonObject>()
            .Where(s => s["name"]!.ToString() == "Content")
            .SelectMany(s => s["data"]!.AsArray().OfType<JsonObject>())
            .Select(j => ContentItem.FromJson((JsonObject)j.DeepClone()))
            .ToList();
        var easy = items.Where(i => GuideReader.CultureOf(i) == EasyJapaneseCheck.Culture).ToList();
        var texts = easy.SelectMany(EasyJapaneseCheck.Texts).ToList();

        var findings = EasyJapaneseCheck.CheckItems(items);

        output.WriteLine($"{easy.Count} easy-Japanese items, {texts.Count} texts, {findings.Count} findings");
        foreach (var f in findings)
        {
            output.WriteLine($"{f.DisplayText} {f.Field}: {f.Finding.Problem} {f.Finding.Detail}");
        }

        Assert.Equal(22, easy.Count);
        Assert.True(texts.Count >= 50, $"{texts.Count} texts checked");
        Assert.Empty(findings);
    }

    [Fact]
    public void TheOldSeedWordingWouldHaveFailed()
    {
        // The wording the seed used before: one 150-character sentence full of unread kanji and hard words.
        const string before = "法律で禁止された薬を売る情報、人を殺す・人をおどして物をうばうなどの犯罪を引き受ける・なかだちする・さそうこと";

        var problems = EasyJapaneseCheck.Check(before).Select(f => f.Problem).ToHashSet();

        Assert.Equal([EasyJapaneseProblem.LongSentence, EasyJapaneseProblem.KanjiWithoutReading, EasyJapaneseProblem.HardWord], problems.Order());
    }
}
