namespace NetTroubleCms.Web.Features.Guide;

/// <summary>One language the site offers.</summary>
/// <param name="Code">Culture code stored in LocalizationPart (<c>ja-JP</c>, <c>en</c>, <c>ja-x-easy</c>).</param>
/// <param name="Label">Its name, written in that language.</param>
/// <param name="Prefix">URL prefix of its public pages (empty for the default).</param>
/// <param name="Lang">HTML <c>lang</c> (easy Japanese is Japanese).</param>
/// <param name="Hreflang">The <c>hreflang</c> code.</param>
public sealed record SiteCulture(string Code, string Label, string Prefix, string Lang, string Hreflang);

/// <summary>
/// The one home of the site's languages: public URLs, the admin's language choices, the tree editor and the API all
/// read this list. The default culture holds every LocalizationSet's facts.
/// </summary>
public static class SiteCultures
{
    /// <summary>The default culture: originals are written in it, and untranslated items fall back to it.</summary>
    public const string Default = "ja-JP";

    /// <summary>Every language, the default first.</summary>
    public static readonly IReadOnlyList<SiteCulture> All =
    [
        new(Default, "日本語", "", "ja", "ja"),
        new("en", "English", "/en", "en", "en"),
        new("ja-x-easy", "やさしい日本語", "/easy", "ja", "ja-x-easy"),
    ];

    /// <summary>Culture codes, the default first.</summary>
    public static readonly IReadOnlyList<string> Codes = [.. All.Select(c => c.Code)];

    /// <summary>The language for a code (unknown codes get the default).</summary>
    public static SiteCulture Get(string? code) => All.FirstOrDefault(c => c.Code == Normalize(code)) ?? All[0];

    /// <summary>Maps a requested culture (or an alias such as <c>en-GB</c>, <c>easy</c>) onto one the site offers.</summary>
    public static string Normalize(string? culture) => culture?.ToLowerInvariant() switch
    {
        "en" or "en-us" or "en-gb" => "en",
        "ja-x-easy" or "easy" or "easy-ja" => "ja-x-easy",
        _ => Default,
    };

    /// <summary>The culture whose URL prefix is <paramref name="segment"/> (<c>en</c>, <c>easy</c>), or null.</summary>
    public static string? OfPrefix(string segment) => All.FirstOrDefault(c => c.Prefix.Length > 0 && c.Prefix[1..] == segment)?.Code;

    /// <summary>The offered code's own string when <paramref name="code"/> is one (one string for every item that names it).</summary>
    public static string Intern(string code) => Codes.FirstOrDefault(c => c == code) ?? code;

    /// <summary>True when <paramref name="code"/> is offered exactly as written.</summary>
    public static bool IsOffered(string? code) => All.Any(c => c.Code == code);
}
