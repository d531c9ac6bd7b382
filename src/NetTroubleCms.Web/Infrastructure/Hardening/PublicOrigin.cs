using Microsoft.Extensions.Options;

namespace NetTroubleCms.Web.Infrastructure.Hardening;

/// <summary>
/// The one address the site is known by (<c>Cms:PublicBaseUrl</c>). Canonical and hreflang links, the sitemap,
/// robots.txt, the print QR code, JSON-LD, open data and the OpenAPI document all take their absolute URLs from
/// here and never from the request: a forged <c>Host</c> header must not end up in a cached page.
/// </summary>
public sealed class PublicOrigin
{
    /// <summary>Used in Development when nothing is configured (the address of <c>dotnet run</c>).</summary>
    public const string DevelopmentDefault = "http://localhost:5080";

    /// <summary>The configuration key.</summary>
    public const string Key = "Cms:PublicBaseUrl";

    /// <summary>Reads and checks the configured address.</summary>
    public PublicOrigin(IOptions<CmsOptions> options, IHostEnvironment environment)
    {
        var configured = options.Value.PublicBaseUrl?.Trim();
        if (string.IsNullOrEmpty(configured))
        {
            if (!environment.IsDevelopment())
            {
                throw new StartupRefusedException(
                    Key,
                    "Development 以外では公開アドレスの設定が必要です。読者が使うアドレス（例 https://guide.example.jp、環境変数 Cms__PublicBaseUrl）を設定してください。"
                    + " Cms:PublicBaseUrl is required outside Development: set it to the address readers use, such as "
                    + "https://guide.example.jp (environment variable Cms__PublicBaseUrl). Links, the sitemap and QR codes are built from it.");
            }

            configured = DevelopmentDefault;
        }

        if (!Uri.TryCreate(configured, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new StartupRefusedException(
                Key,
                $"公開アドレスは http または https の絶対アドレス（クエリーやフラグメントなし）で設定してください（設定値 '{configured}'）。"
                + $" Cms:PublicBaseUrl must be an absolute http or https address without query or fragment; got '{configured}'.");
        }

        BaseUrl = uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    /// <summary>Absolute base URL without a trailing slash, such as <c>https://guide.example.jp</c>.</summary>
    public string BaseUrl { get; }

    /// <summary>The base URL of the app that serves <paramref name="http"/>.</summary>
    public static string Of(HttpContext http) => http.RequestServices.GetRequiredService<PublicOrigin>().BaseUrl;
}
