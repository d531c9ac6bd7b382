using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace NetTroubleCms.Web.Infrastructure.Storage;

/// <summary>Chooses the database provider from configuration.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="CmsDbContext"/> on SQLite (default) or PostgreSQL. The choice is read from
    /// <see cref="CmsOptions"/> when a context is first resolved, not while services are registered, so every
    /// configuration source (including test hosts) is seen.
    /// </summary>
    public static IServiceCollection AddCmsStorage(this IServiceCollection services)
    {
        services.AddDbContext<CmsDbContext>((sp, o) =>
        {
            var options = sp.GetRequiredService<IOptions<CmsOptions>>().Value;
            var environment = sp.GetRequiredService<IHostEnvironment>();
            var dataDirectory = options.ResolveDataDirectory(environment.ContentRootPath);
            Directory.CreateDirectory(dataDirectory);
            o.UseSqlite(options.Database.ConnectionString ?? $"Data Source={Path.Combine(dataDirectory, "cms.db")};Cache=Shared;Pooling=True");
        });
        services.AddDbContext<PostgresCmsDbContext>((sp, o) =>
            o.UseNpgsql(sp.GetRequiredService<IOptions<CmsOptions>>().Value.Database.ConnectionString));

        // Everything (engine store, Identity, health check) asks for CmsDbContext; hand out the configured provider's.
        services.Replace(ServiceDescriptor.Scoped(sp => IsPostgres(sp.GetRequiredService<IOptions<CmsOptions>>().Value)
            ? sp.GetRequiredService<PostgresCmsDbContext>()
            : new CmsDbContext(sp.GetRequiredService<DbContextOptions<CmsDbContext>>())));
        return services;
    }

    /// <summary>True when the options ask for PostgreSQL.</summary>
    public static bool IsPostgres(CmsOptions options) =>
        options.Database.Provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase)
        || options.Database.Provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase);

    /// <summary>Checks the provider settings at start-up, with a message an operator can act on.</summary>
    public static OptionsBuilder<CmsOptions> ValidateDatabase(this OptionsBuilder<CmsOptions> builder) => builder
        .Validate(o => IsPostgres(o) || o.Database.Provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase),
            "Cms:Database:Provider must be Sqlite or Postgres.")
        .Validate(o => !IsPostgres(o) || !string.IsNullOrWhiteSpace(o.Database.ConnectionString),
            "Cms:Database:ConnectionString is required when Cms:Database:Provider is Postgres.");

    /// <summary>Applies migrations; on SQLite also turns on WAL so readers never wait for a writer.</summary>
    public static async Task MigrateAsync(this CmsDbContext db, CancellationToken cancellationToken = default)
    {
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}
