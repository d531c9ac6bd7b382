using System.ComponentModel.DataAnnotations;

namespace NetTroubleCms.Web.Features.Verification;

/// <summary>Settings under <c>Cms:Verification</c>.</summary>
public sealed class VerificationOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Cms:Verification";

    /// <summary>A channel verified longer ago than this many months is listed as due on the dashboard.</summary>
    [Range(1, 120)]
    public int MaxAgeMonths { get; set; } = 12;
}
