using Microsoft.EntityFrameworkCore;
using NetTroubleCms.Web.Infrastructure.Storage;

namespace NetTroubleCms.Web.Features.SiteData;

/// <summary>Wires the storage safety net: write guard, readiness check, storage-fault answers.</summary>
public static class SiteDataServiceCollectionExtensions
{
    /// <summary>Registers <see cref="DatabaseGuard"/> on every save, the <c>site</c> readiness check and the fault handler.</summary>
    public static IServiceCollection AddSiteData(this IServiceCollection services)
    {
        services.AddSingleton<DatabaseGuard>();
        services.AddSingleton<DatabaseGuardInterceptor>();
        services.ConfigureDbContext<CmsDbContext>((sp, o) => o.AddInterceptors(sp.GetRequiredService<DatabaseGuardInterceptor>()));
        services.ConfigureDbContext<PostgresCmsDbContext>((sp, o) => o.AddInterceptors(sp.GetRequiredService<DatabaseGuardInterceptor>()));
        services.AddHealthChecks().AddCheck<SiteDatabaseHealthCheck>("site", tags: ["ready"]);
        services.AddExceptionHandler<StorageFaultExceptionHandler>();
        return services;
    }
}
