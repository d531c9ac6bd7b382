using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.FileProviders;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Storage;
using NetTroubleCms.Web.Features.Guide;
using NetTroubleCms.Web.Features.ScaleOut;
using NetTroubleCms.Web.Features.Setup;
using NetTroubleCms.Web.Features.Site;
using NetTroubleCms.Web.Features.SiteData;
using NetTroubleCms.Web.Infrastructure.Storage;

namespace NetTroubleCms.Web.Infrastructure;

/// <summary>Wires the app: options, storage, identity, engine, theme, health.</summary>
public static class CmsServiceCollectionExtensions
{
    /// <summary>Registers every service the app needs.</summary>
    public static WebApplicationBuilder AddCms(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<CmsOptions>().BindConfiguration(CmsOptions.Section).ValidateDataAnnotations().ValidateDatabase().ValidateOnStart();
        services.AddCmsStorage();
        services.AddSiteData();
        services.AddContentEngine<CmsDbContext>();
        services.AddRedisScaleOut();
        // Cms:Recipes:MaxBytes (and MaxDepth): a site with a national directory imports recipes far above the default.
        services.AddOptions<NetTroubleCms.Content.Recipes.RecipeOptions>().BindConfiguration("Cms:Recipes");
        services.AddHttpContextAccessor();
        services.AddScoped<IContentUser, HttpContentUser>();

        services.AddIdentity<CmsUser, IdentityRole>(o =>
            {
                o.Password.RequiredLength = 12;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<CmsDbContext>()
            .AddDefaultTokenProviders();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/admin/login";
            o.AccessDeniedPath = "/admin/denied";
            o.Cookie.Name = "ntcms.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
        });
        // Keys live in the database, not on one instance's disk: every instance can read every sign-in cookie.
        // They are encrypted there with a certificate (see KeyRingEncryption).
        services.AddDataProtection().SetApplicationName("NetTroubleCms").PersistKeysToDbContext<CmsDbContext>().ProtectKeysAtRest(builder);

        services.AddAuthorization();
        services.AddScoped<SetupService>();
        services.AddSingleton<ThemeRenderer>();
        services.AddSingleton<GuideReader>();
        services.AddProblemDetails();
        services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), tags: ["live"])
            .AddDbContextCheck<CmsDbContext>("database", tags: ["ready"]);
        return builder;
    }

    /// <summary>Serves the theme's <c>wwwroot</c> under <c>/theme</c>.</summary>
    public static WebApplication UseThemeAssets(this WebApplication app)
    {
        var theme = app.Services.GetRequiredService<ThemeRenderer>();
        var assets = Path.Combine(theme.ThemeRoot, "wwwroot");
        if (Directory.Exists(assets))
        {
            const string cacheControl = "public, max-age=3600";
            // Text files (the stylesheet) come from memory, compressed once per coding; the rest from disk.
            var cached = new ThemeFiles(assets, cacheControl);
            app.Lifetime.ApplicationStopped.Register(cached.Dispose);
            app.Use(async (context, next) =>
            {
                if (!context.Request.Path.StartsWithSegments("/theme", out var rest) || !await cached.TryServeAsync(context, rest))
                {
                    await next(context);
                }
            });
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new PhysicalFileProvider(assets),
                RequestPath = "/theme",
                OnPrepareResponse = ctx => ctx.Context.Response.Headers.CacheControl = cacheControl,
            });
        }

        return app;
    }

    /// <summary>Maps <c>/health/live</c> (process up) and <c>/health/ready</c> (database reachable).</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = c => c.Tags.Contains("live") });
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") });
        return app;
    }
}
