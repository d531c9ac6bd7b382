using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using NetTroubleCms.Content.Storage;
using NetTroubleCms.Web.Infrastructure;
using NetTroubleCms.Web.Infrastructure.Storage;

namespace NetTroubleCms.Web.Features.SiteData;

/// <summary>
/// Checks that the database the app writes to is still the one it started with. A deleted SQLite file keeps working
/// through already-open handles (writes then land in a file nobody will ever open again), and a corrupted one can
/// keep answering from cached pages, so the check opens its own short-lived connection, reads the site id from the
/// <c>Setup</c> document and compares it with the id read at start-up.
/// </summary>
public sealed class DatabaseGuard(IServiceScopeFactory scopes, IOptions<CmsOptions> options, IHostEnvironment environment)
{
    /// <summary>Name of the setup document that holds the site id.</summary>
    public const string SetupDocument = "Setup";

    // quick_check reads every page, too slow for each save of a large import: writes run it when the last clean
    // check is older than this, and a fault found by any check holds until a check passes again.
    private static readonly TimeSpan ThoroughEvery = TimeSpan.FromSeconds(2);
    private string? _siteId;
    private long _lastThoroughOk;
    private StorageFaultException? _knownFault;
    private Task? _backgroundCheck;

    /// <summary>The id of the site this process serves; null until start-up has finished.</summary>
    public string? SiteId => Volatile.Read(ref _siteId);

    /// <summary>Starts guarding writes: from now on the database must hold the site <paramref name="siteId"/>.</summary>
    public void Arm(string siteId) => Volatile.Write(ref _siteId, siteId);

    /// <summary>The SQLite file the app uses, or null on PostgreSQL.</summary>
    public string? SqliteFile => StorageServiceCollectionExtensions.IsPostgres(options.Value)
        ? null
        : SqliteFileOf(options.Value, environment.ContentRootPath);

    /// <summary>The SQLite file named by the options (the configured connection string or the data folder's cms.db).</summary>
    public static string SqliteFileOf(CmsOptions options, string contentRoot)
    {
        var connection = options.Database.ConnectionString;
        return string.IsNullOrEmpty(connection)
            ? Path.Combine(options.ResolveDataDirectory(contentRoot), "cms.db")
            : Path.GetFullPath(new SqliteConnectionStringBuilder(connection).DataSource, contentRoot);
    }

    /// <summary>Reads the site id out of a setup document's JSON (null when absent).</summary>
    public static string? SiteIdOf(string? setupJson) =>
        setupJson is null ? null : (JsonNode.Parse(setupJson) as JsonObject)?["SiteId"]?.GetValue<string>();

    /// <summary>Null when the database is fine; otherwise what is wrong. <paramref name="thorough"/> adds SQLite's quick_check.</summary>
    public async Task<StorageFaultException?> CheckAsync(bool thorough = false, CancellationToken cancellationToken = default)
    {
        var fault = await ProbeAsync(thorough, cancellationToken);
        if (fault is not null)
        {
            Volatile.Write(ref _knownFault, fault);
        }
        else if (thorough)
        {
            Volatile.Write(ref _knownFault, null);
            Interlocked.Exchange(ref _lastThoroughOk, Environment.TickCount64);
        }

        return fault;
    }

    private async Task<StorageFaultException?> ProbeAsync(bool thorough, CancellationToken cancellationToken)
    {
        var expected = SiteId;
        if (expected is null)
        {
            return null;
        }

        try
        {
            var file = SqliteFile;
            string? setup;
            if (file is not null)
            {
                if (!File.Exists(file))
                {
                    return new StorageFaultException(StorageFaultKind.Missing, $"The database file {file} no longer exists.");
                }

                // Own connection: no pool, no shared cache, never creates a file.
                var builder = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWrite, Pooling = false };
                await using var connection = new SqliteConnection(builder.ToString());
                await connection.OpenAsync(cancellationToken);
                if (thorough)
                {
                    await using var check = connection.CreateCommand();
                    check.CommandText = "PRAGMA quick_check;";
                    var verdict = (string?)await check.ExecuteScalarAsync(cancellationToken);
                    if (verdict != "ok")
                    {
                        return new StorageFaultException(StorageFaultKind.Corrupt, $"The database file {file} is damaged: {verdict}");
                    }
                }

                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT Content FROM Documents WHERE Name = $name;";
                command.Parameters.AddWithValue("$name", SetupDocument);
                setup = (string?)await command.ExecuteScalarAsync(cancellationToken);
            }
            else
            {
                await using var scope = scopes.CreateAsyncScope();
                setup = (await scope.ServiceProvider.GetRequiredService<IContentStore>().GetDocumentAsync(SetupDocument, cancellationToken))?.Content;
            }

            var actual = SiteIdOf(setup);
            return actual switch
            {
                null => new StorageFaultException(StorageFaultKind.Missing, "The database no longer holds this site."),
                _ when actual != expected => new StorageFaultException(StorageFaultKind.Replaced, $"The database now holds another site ({actual}, expected {expected})."),
                _ => null,
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException && StorageFaults.Classify(ex) is { } kind)
        {
            return new StorageFaultException(kind, ex.Message, ex);
        }
        catch (SqliteException ex)
        {
            // "no such table" and friends: the file is there but it is not this site's database any more.
            return new StorageFaultException(StorageFaultKind.Missing, ex.Message, ex);
        }
    }

    /// <summary>
    /// Starts a thorough check on another thread (at start-up, so that the first readiness probe finds it done or
    /// joins it instead of reading the whole file itself).
    /// </summary>
    public void CheckThoroughlyInBackground() =>
        Volatile.Write(ref _backgroundCheck, Task.Run(async () => await CheckAsync(thorough: true)));

    /// <summary>
    /// The readiness check: the database is reachable and holds this site, and a thorough check (quick_check on SQLite)
    /// passed within the last <see cref="ThoroughEvery"/>, run now otherwise; a check started in the background is
    /// waited for first.
    /// </summary>
    public async Task<StorageFaultException?> CheckReadinessAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _backgroundCheck) is { } background)
        {
            await background.WaitAsync(cancellationToken);
        }

        return await CheckAsync(ThoroughCheckDue(), cancellationToken);
    }

    // A known fault holds until a thorough check passes again; a clean check is trusted for ThoroughEvery.
    private bool ThoroughCheckDue() => Volatile.Read(ref _knownFault) is not null
        || Environment.TickCount64 - Interlocked.Read(ref _lastThoroughOk) > ThoroughEvery.TotalMilliseconds;

    /// <summary>Throws <see cref="StorageFaultException"/> when a write must not go ahead.</summary>
    public async Task EnsureWritableAsync(CancellationToken cancellationToken = default)
    {
        if (SiteId is null)
        {
            return;
        }

        if (await CheckAsync(ThoroughCheckDue(), cancellationToken) is { } fault)
        {
            throw new StorageFaultException(fault.Kind, fault.Message, fault);
        }
    }
}

/// <summary>
/// Runs <see cref="DatabaseGuard"/> before every save, so no edit is acknowledged into a lost database. Inside a
/// transaction only the first save is checked: the rest commit or roll back with it, and a large import stays fast.
/// </summary>
public sealed class DatabaseGuardInterceptor(DatabaseGuard guard) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbTransaction, object> _checked = [];

    /// <inheritdoc />
    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (FirstInTransaction(eventData))
        {
            await guard.EnsureWritableAsync(cancellationToken);
        }

        return result;
    }

    /// <inheritdoc />
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (FirstInTransaction(eventData))
        {
            guard.EnsureWritableAsync().GetAwaiter().GetResult();
        }

        return result;
    }

    private bool FirstInTransaction(DbContextEventData eventData)
    {
        var transaction = eventData.Context?.Database.CurrentTransaction?.GetDbTransaction();
        return transaction is null || _checked.TryAdd(transaction, transaction);
    }
}

/// <summary>
/// <c>/health/ready</c>: the database is reachable, intact (quick_check on SQLite, at most every couple of seconds) and
/// still holds this site.
/// </summary>
public sealed class SiteDatabaseHealthCheck(DatabaseGuard guard) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (guard.SiteId is null)
        {
            return HealthCheckResult.Unhealthy("Start-up has not finished.");
        }

        var fault = await guard.CheckReadinessAsync(cancellationToken);
        return fault is null ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"{fault.Kind}: {fault.Message}");
    }
}
