using System.Globalization;
using System.Text;

namespace NetTroubleCms.Content.Parts;

/// <summary>URL slugs that keep Japanese letters (paths such as <c>agencies/法テラス</c> are valid and readable).</summary>
public static class Slug
{
    /// <summary>Lower-case letters and digits of any script, other runs turned into single hyphens.</summary>
    public static string Create(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var normalized = text.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(normalized.Length);
        var hyphen = false;
        foreach (var c in normalized)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
                hyphen = false;
            }
            else if (!hyphen && sb.Length > 0)
            {
                sb.Append('-');
                hyphen = true;
            }
        }

        return sb.ToString().Trim('-');
    }
}
