using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using NetTroubleCms.Web.Features.Admin;
using NetTroubleCms.Web.Features.Admin.Resources;

namespace NetTroubleCms.Web.Features.SiteData;

/// <summary>
/// Turns storage faults (full disk, lost or damaged database) into an answer people can act on instead of a bare
/// 500: a translated page in the admin (Japanese unless the editor chose English), ProblemDetails everywhere else.
/// Nothing was saved in either case, and the answer says so.
/// </summary>
public sealed partial class StorageFaultExceptionHandler(
    IStringLocalizer<AdminText> text,
    IProblemDetailsService problems,
    HtmlEncoder html,
    ILogger<StorageFaultExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>The admin message (a key of AdminText.resx) for each fault.</summary>
    public static string MessageKey(StorageFaultKind kind) => kind switch
    {
        StorageFaultKind.Full => "ディスクの空き容量が足りないため保存できませんでした。変更は保存されていません。サイトの管理者に連絡してください。",
        StorageFaultKind.Missing => "データベースが見つからないため保存できませんでした。変更は保存されていません。サイトの管理者に連絡してください。",
        StorageFaultKind.Corrupt => "データベースが壊れているため保存できませんでした。変更は保存されていません。サイトの管理者に連絡してください。",
        StorageFaultKind.Replaced => "データベースが別のサイトのものに置き換えられたため保存できませんでした。変更は保存されていません。サイトの管理者に連絡してください。",
        _ => "データベースに接続できないため保存できませんでした。変更は保存されていません。しばらくしてからもう一度お試しください。",
    };

    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (StorageFaults.Classify(exception) is not { } kind)
        {
            return false;
        }

        Log.Fault(logger, kind, exception);
        // 507 tells a proxy or client the request may succeed once space is freed; the rest is "try later".
        var status = kind == StorageFaultKind.Full ? StatusCodes.Status507InsufficientStorage : StatusCodes.Status503ServiceUnavailable;
        var response = httpContext.Response;
        response.StatusCode = status;
        response.Headers.CacheControl = "no-store";
        if (httpContext.Request.Path.StartsWithSegments("/admin"))
        {
            await WriteAdminPageAsync(httpContext, kind, cancellationToken);
            return true;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Title = kind == StorageFaultKind.Full ? "Insufficient storage" : "Storage unavailable",
                Detail = EnglishDetail(kind),
                Extensions = { ["fault"] = kind.ToString() },
            },
        });
    }

    private static string EnglishDetail(StorageFaultKind kind) => kind switch
    {
        StorageFaultKind.Full => "The server's disk is full; nothing was saved. Try again once space has been freed.",
        StorageFaultKind.Missing => "The site's database is missing; nothing was saved.",
        StorageFaultKind.Corrupt => "The site's database is damaged; nothing was saved.",
        StorageFaultKind.Replaced => "The site's database was replaced by another site's; nothing was saved.",
        _ => "The site's database cannot be reached; nothing was saved. Try again later.",
    };

    private async Task WriteAdminPageAsync(HttpContext http, StorageFaultKind kind, CancellationToken cancellationToken)
    {
        // The exception left the admin's localization middleware behind, so read the editor's choice again here.
        var cookie = http.Request.Cookies[CookieRequestCultureProvider.DefaultCookieName];
        var chosen = cookie is null ? null : CookieRequestCultureProvider.ParseCookieValue(cookie)?.UICultures.FirstOrDefault().Value;
        var culture = AdminServiceCollectionExtensions.Cultures.FirstOrDefault(c => c.Name == chosen) ?? AdminServiceCollectionExtensions.Cultures[0];
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            var title = html.Encode(text["保存できませんでした"]);
            var message = html.Encode(text[MessageKey(kind)]);
            var back = html.Encode(text["管理画面へ戻る"]);
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync($"""
                <!DOCTYPE html>
                <html lang="{culture.Name}">
                <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title></head>
                <body><main><h1>{title}</h1><p role="alert">{message}</p><p><a href="/admin">{back}</a></p></main></body>
                </html>
                """, cancellationToken);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Storage fault ({Kind}): the request was refused and nothing was saved.")]
        public static partial void Fault(ILogger logger, StorageFaultKind kind, Exception exception);
    }
}
