using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using NetTroubleCms.Content.Resources;
using NetTroubleCms.Content.Tests.Infrastructure;

namespace NetTroubleCms.Content.Tests;

/// <summary>
/// The engine's messages are localizable: every message the code uses has a Japanese entry and an English translation
/// with the same placeholders, and the language follows the current UI culture.
/// </summary>
public sealed partial class EngineTextTests
{
    private static readonly ResourceManager Resources = new("NetTroubleCms.Content.Resources.EngineText", typeof(EngineText).Assembly);

    [Fact]
    public void Every_message_used_by_the_engine_is_in_the_resources_with_an_english_translation()
    {
        var japanese = Entries(CultureInfo.InvariantCulture);
        var english = Entries(CultureInfo.GetCultureInfo("en"));
        var used = UsedKeys();

        Assert.True(used.Count >= 80, $"only {used.Count} messages found in the engine's code: is the source scan broken?");
        Assert.Equal([], used.Where(key => !japanese.ContainsKey(key)).Order(StringComparer.Ordinal).ToArray());
        foreach (var (key, _) in japanese)
        {
            Assert.True(english.TryGetValue(key, out var translation), $"no English for 「{key}」");
            Assert.NotEqual(key, translation);
            Assert.DoesNotMatch(JapaneseScript(), translation!);
            Assert.Equal(Placeholders(key), Placeholders(translation!));
        }
    }

    [Fact]
    public async Task A_validation_message_follows_the_ui_culture()
    {
        await using var engine = await VersioningTests.ArticleEngineAsync();
        var original = CultureInfo.CurrentUICulture;
        try
        {
            Assert.Equal("タイトルを入力してください。", await MissingTitleMessage(engine, "ja"));
            Assert.Equal("Enter a title.", await MissingTitleMessage(engine, "en"));
        }
        finally
        {
            CultureInfo.CurrentUICulture = original;
        }
    }

    [Fact]
    public void Placeholders_are_filled_in_the_chosen_language()
    {
        var original = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-GB");
            Assert.Equal("The recipe file “a.json” was not found.", EngineText.T("レシピファイル「{0}」が見つかりません。", "a.json"));
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ja-JP");
            Assert.Equal("レシピファイル「a.json」が見つかりません。", EngineText.T("レシピファイル「{0}」が見つかりません。", "a.json"));
        }
        finally
        {
            CultureInfo.CurrentUICulture = original;
        }
    }

    private static async Task<string> MissingTitleMessage(TestEngine engine, string culture)
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        await using var s = engine.Scope();
        var item = ArticleBuilder.New(s.Content).Build();
        item.Content.Remove("TitlePart");
        var result = await s.Content.CreateAsync(item, publish: false);
        return Assert.Single(result.Errors).Message;
    }

    private static Dictionary<string, string?> Entries(CultureInfo culture)
    {
        var set = Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"no resources for {culture.Name}");
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => e.Value as string);
    }

    // Reads the engine's source in this repository: a message added to the code without a resource entry fails here.
    private static HashSet<string> UsedKeys()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NetTroubleCms.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(dir!.FullName, "src", "NetTroubleCms.Content"), "*.cs", SearchOption.AllDirectories))
        {
            foreach (Match match in Used().Matches(File.ReadAllText(file)))
            {
                keys.Add(Regex.Unescape(match.Groups[1].Value));
            }
        }

        return keys;
    }

    private static string Placeholders(string text) =>
        string.Join(",", PlaceholderPattern().Matches(text).Select(m => m.Value).Order(StringComparer.Ordinal));

    [GeneratedRegex("""EngineText\.T\("((?:[^"\\]|\\.)*)"[,)]""")]
    private static partial Regex Used();

    [GeneratedRegex(@"\{\d+(?::[^}]*)?\}")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"[\p{IsHiragana}\p{IsKatakana}\p{IsCJKUnifiedIdeographs}]")]
    private static partial Regex JapaneseScript();
}
