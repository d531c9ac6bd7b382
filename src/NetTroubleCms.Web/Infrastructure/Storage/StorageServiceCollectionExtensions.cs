using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace NetTroubleCms.Web.Infrastructure.Storage;

/// <summary>Chooses the database provider from configuration.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers <see cref="CmsDbContext"/> on SQLite (default) or PostgreSQL.</summary>
    public static IServiceCollection AddCmsStorage(this IServiceCollection services, CmsOptions options, string contentRoot)
    {
        var provider = options.Database.Provider;
        if (provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase) || provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase))
        {
            var connection = options.Database.ConnectionString
                ?? throw new OptionsValidationException(nameof(DatabaseOptions), typeof(DatabaseOptions), ["Cms:Database:ConnectionString is required for PostgreSQL."]);
            services.AddDbContext<CmsDbContext, PostgresCmsDbContext>(o => o.UseNpgsql(connection));
        }
        else if (provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            var dataDirectory = options.ResolveDataDirectory(contentRoot);
            Directory.CreateDirectory(dataDirectory);
            var connection = options.Database.ConnectionString ?? $"Data Source={Path.Combine(dataDirectory, "cms.db")};Cache=Shared;Pooling=True";
            services.AddDbContext<CmsDbContext>(o => o.UseSqlite(connection));
        }
        else
        {
            throw new OptionsValidationException(nameof(DatabaseOptions), typeof(DatabaseOptions), [$"Unknown Cms:Database:Provider '{provider}' (use Sqlite or Postgres)."]);
        }

        return services;
    }

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
