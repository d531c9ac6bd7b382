using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace NetTroubleCms.Content;

/// <summary>The one set of JSON options the engine reads and writes with.</summary>
public static class ContentJson
{
    /// <summary>Property names as declared (Orchard's PascalCase), Japanese written as-is, indented for recipes.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        PropertyNameCaseInsensitive = true,
    };

    /// <summary>Compact output for storage.</summary>
    public static readonly JsonSerializerOptions Compact = new(Options) { WriteIndented = false };
}
