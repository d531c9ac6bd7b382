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
            // Mode=ReadWrite: the site's connections never create the file. A deleted database must fail as missing (503),
            // not come back as an empty file that answers "no such table" and that a restart would take for a new site;
            // set-up creates the file once, before migrating (MigrateAsync).
            o.UseSqlite(options.Database.ConnectionString ?? $"Data Source={Path.Combine(dataDirectory, "cms.db")};Mode=ReadWrite;Cache=Shared;Pooling=True");
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

    /// <summary>How old a SQLite migration lock must be before start-up treats it as left by a killed process.</summary>
    public static readonly TimeSpan StaleMigrationLock = TimeSpan.FromMinutes(2);

    /// <summary>Applies migrations; on SQLite also turns on WAL so readers never wait for a writer.</summary>
    public static async Task MigrateAsync(this CmsDbContext db, CancellationToken cancellationToken = default)
    {
        if (db.Database.IsSqlite())
        {
            await CreateSqliteFileAsync(db.Database.GetConnectionString(), cancellationToken);

            // On SQLite, EF's migration lock is a row in a table: a process killed while holding it (a crash during
            // start-up) leaves the row behind, and every later start would wait for it forever. Nothing pending means
            // no lock is needed at all; an old lock can only belong to a process that is gone.
            if (!(await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
                return;
            }

            await ClearStaleSqliteMigrationLockAsync(db, cancellationToken);
        }

        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    // The one place the site's SQLite file is created: its own connections open it read-write only (see AddCmsStorage).
    private static async Task CreateSqliteFileAsync(string? connectionString, CancellationToken cancellationToken)
    {
        var settings = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        if (settings.Mode != Microsoft.Data.Sqlite.SqliteOpenMode.ReadWrite || string.IsNullOrEmpty(settings.DataSource)
            || settings.DataSource == ":memory:" || File.Exists(settings.DataSource))
        {
            return;
        }

        var create = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder
        {
            DataSource = settings.DataSource,
            Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        };
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(create.ToString());
        await connection.OpenAsync(cancellationToken);
    }

    private static async Task ClearStaleSqliteMigrationLockAsync(CmsDbContext db, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var exists = connection.CreateCommand();
            exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsLock'";
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return;
            }

            await using var read = connection.CreateCommand();
            read.CommandText = "SELECT \"Timestamp\" FROM \"__EFMigrationsLock\"";
            var stamps = new List<string?>();
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    stamps.Add(reader.IsDBNull(0) ? null : reader.GetValue(0)?.ToString());
                }
            }

            var now = DateTimeOffset.UtcNow;
            if (stamps.Count > 0 && stamps.All(s => !DateTimeOffset.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) || now - at > StaleMigrationLock))
            {
                await using var clear = connection.CreateCommand();
                clear.CommandText = "DELETE FROM \"__EFMigrationsLock\"";
                await clear.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
