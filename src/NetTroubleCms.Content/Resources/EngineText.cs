using System.Globalization;
using System.Resources;

namespace NetTroubleCms.Content.Resources;

/// <summary>
/// The engine's own messages (validation, recipe import, expressions). The key of each message is its Japanese text,
/// because Japanese is the default UI language and the text reads better in code than an invented identifier;
/// <c>EngineText.en.resx</c> translates it. The engine has no HTTP and no dependency injection at every call site, so
/// the lookup follows <see cref="CultureInfo.CurrentUICulture"/>, which the web app's request localization sets.
/// </summary>
public static class EngineText
{
    private static readonly ResourceManager Resources = new("NetTroubleCms.Content.Resources.EngineText", typeof(EngineText).Assembly);

    /// <summary>The message in the current UI language; the Japanese key itself when there is no translation.</summary>
    public static string T(string japanese) => Resources.GetString(japanese, CultureInfo.CurrentUICulture) ?? japanese;

    /// <summary>The message in the current UI language with its placeholders filled.</summary>
    public static string T(string japanese, params object?[] args) => string.Format(CultureInfo.CurrentCulture, T(japanese), args);
}
