using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.WebEncoders;
using NetTroubleCms.Content.Fields;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Recipes;
using NetTroubleCms.Content.Snapshot;
using NetTroubleCms.Web.Features.Admin.Editors;
using NetTroubleCms.Web.Features.Admin.Permissions;
using NetTroubleCms.Web.Features.Admin.SignIn;
using NetTroubleCms.Web.Features.Audit;
using NetTroubleCms.Web.Features.Users;

namespace NetTroubleCms.Web.Features.Admin;

/// <summary>Wires the admin back-office: Razor Pages under <c>/admin</c>, permissions, audit trail, scheduled publishing.</summary>
public static class AdminServiceCollectionExtensions
{
    /// <summary>Cultures the admin speaks; Japanese first because the editors are prefectural staff.</summary>
    public static readonly CultureInfo[] Cultures = [new("ja"), new("en")];

    /// <summary>Registers the admin's services.</summary>
    public static IServiceCollection AddAdmin(this IServiceCollection services)
    {
        services.AddLocalization();
        // Japanese is written as characters, not numeric entities: pages stay small and readable.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Features/Admin/Pages";
            o.Conventions.AuthorizeFolder("/", PermissionPolicyProvider.Prefix + CmsPermissions.AccessAdminPanel);
            o.Conventions.AllowAnonymousToPage("/Login");
            o.Conventions.AllowAnonymousToPage("/LoginTwoFactor");
            o.Conventions.AddPageApplicationModelConvention("/Login", m => m.EndpointMetadata.Add(new EnableRateLimitingAttribute(SignInThrottle.PerIpPolicy)));
            o.Conventions.AddPageApplicationModelConvention("/LoginTwoFactor", m => m.EndpointMetadata.Add(new EnableRateLimitingAttribute(SignInThrottle.PerIpPolicy)));
            o.Conventions.AddPageRoute("/Contents/Edit", "/admin/contents/new/{type}");
            o.Conventions.AllowAnonymousToPage("/Culture");
            o.Conventions.AllowAnonymousToPage("/Denied");
            o.Conventions.AllowAnonymousToPage("/Logout");
        });
        // A disabled user or changed roles take effect within a minute, not at the default half hour.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddSingleton<IAuthorizationPolicyProvider, PermissionPolicyProvider>();
        services.AddScoped<PermissionHandler>();
        services.AddScoped<IAuthorizationHandler>(sp => sp.GetRequiredService<PermissionHandler>());
        services.AddScoped<RolesStore>();
        services.AddScoped<IRecipeStep, RolesRecipeStep>();
        services.AddScoped<IRecipeExportSource, RolesExportSource>();
        SignInThrottle.AddSignInThrottle(services);
        services.AddSingleton<DummyPasswordHash>();
        services.AddScoped<AuditTrail>();
        services.AddScoped<IContentEventSink, ContentAuditSink>();
        services.AddScoped<ContentEditorService>();
        services.AddSingleton<ContentFieldType, ChannelTextFieldType>();
        services.AddScoped<UserAdminService>();
        services.AddHostedService<ScheduledPublisher>();
        return services;
    }

    /// <summary>Admin-only middleware: Japanese/English UI from a cookie, and no caching of any admin response.</summary>
    public static WebApplication UseAdmin(this WebApplication app)
    {
        var localization = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture("ja"),
            SupportedCultures = Cultures,
            SupportedUICultures = Cultures,
        };
        localization.RequestCultureProviders = [new CookieRequestCultureProvider(), new QueryStringRequestCultureProvider()];
        app.UseWhen(IsAdmin, admin =>
        {
            admin.Use((context, next) =>
            {
                // Admin pages show drafts and personal data: neither the browser nor a proxy may keep a copy.
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers.CacheControl = "no-store";
                    context.Response.Headers.Pragma = "no-cache";
                    return Task.CompletedTask;
                });
                return next(context);
            });
            admin.UseRequestLocalization(localization);
            admin.Use(async (context, next) =>
            {
                await next(context);
                if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && !context.Response.HasStarted)
                {
                    // Public readers keep the previous snapshot while a new one builds; the editor who just published
                    // or imported is answered only once it is in, so the page they open next already shows the change.
                    await context.RequestServices.GetRequiredService<PublishedSnapshotProvider>().GetCurrentAsync(context.RequestAborted);
                }
            });
        });
        return app;
    }

    /// <summary>Maps the admin pages (must come before the site's catch-all route).</summary>
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        app.MapRazorPages();
        return app;
    }

    private static bool IsAdmin(HttpContext context) => context.Request.Path.StartsWithSegments("/admin", StringComparison.OrdinalIgnoreCase);
}
