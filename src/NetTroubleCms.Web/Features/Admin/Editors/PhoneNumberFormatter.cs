using System.Text.RegularExpressions;
using PhoneNumbers;

namespace NetTroubleCms.Web.Features.Admin.Editors;

/// <summary>Checks and formats Japanese phone numbers with libphonenumber (region JP), accepting police short codes.</summary>
public static partial class PhoneNumberFormatter
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>
    /// The number in Japan's national format (e.g. <c>03-1234-5678</c>), the short code as typed (<c>#9110</c>, <c>110</c>),
    /// or null when it is not a valid Japanese number.
    /// </summary>
    public static string? Format(string input)
    {
        var text = Normalize(input);
        if (ShortCode().IsMatch(text))
        {
            return text;
        }

        try
        {
            var number = Util.Parse(text, "JP");
            return Util.IsValidNumberForRegion(number, "JP") ? Util.Format(number, PhoneNumberFormat.NATIONAL) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    // Editors type full-width digits and hyphens from Japanese IMEs; libphonenumber wants ASCII.
    private static string Normalize(string input) => input.Trim().Normalize(System.Text.NormalizationForm.FormKC).Replace('ー', '-').Replace('−', '-');

    [GeneratedRegex(@"^(#\d{4}|1\d{2}|#\d{3})$")]
    private static partial Regex ShortCode();
}
