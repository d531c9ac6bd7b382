using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using NetTroubleCms.Web.Features.Setup;
using NetTroubleCms.Web.Infrastructure;
using NetTroubleCms.Web.Infrastructure.Storage;

namespace NetTroubleCms.Web.Features.SiteData;

/// <summary>
/// <c>backup --output &lt;file&gt; [--force]</c> and <c>restore --input &lt;file&gt;</c> on the configured data folder.
/// Backup uses SQLite's online backup API, so it may run while the site serves and edits; on PostgreSQL it prints
/// how to use <c>pg_dump</c>/<c>pg_restore</c>. Exit codes: 0 success, 1 refused (nothing changed), 2 wrong usage.
/// The two verbs are plain methods (<see cref="BackupAsync"/>, <see cref="RestoreAsync"/>) so any command-line
/// dispatcher can call them.
/// </summary>
public static class SiteDataCli
{
    /// <summary>
    /// Copies the live database to <paramref name="output"/> (a consistent snapshot, taken online). Reports to
    /// <paramref name="report"/> and <paramref name="errors"/> (the console by default).
    /// </summary>
    public static async Task<int> BackupAsync(IServiceProvider services, string output, bool force = false, TextWriter? report = null, TextWriter? errors = null)
    {
        report ??= Console.Out;
        errors ??= Console.Error;
        var (_, source) = Resolve(services);
        if (source is null)
        {
            await errors.WriteLineAsync(PostgresGuidance(output, backup: true));
            return 1;
        }

        if (!File.Exists(source))
        {
            await errors.WriteLineAsync($"バックアップできません: データベース {source} がありません / nothing to back up: {source} does not exist.");
            return 1;
        }

        if (File.Exists(output) && !force)
        {
            await errors.WriteLineAsync($"{output} は既にあります（上書きするには --force）/ {output} exists (use --force to overwrite).");
            return 1;
        }

        // Written beside the target and renamed at the end, so an interrupted backup never leaves a half file under the real name.
        var temp = output + ".partial";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            File.Delete(temp);
            await using (var from = await OpenAsync(source, SqliteOpenMode.ReadOnly))
            await using (var to = await OpenAsync(temp, SqliteOpenMode.ReadWriteCreate))
            {
                from.BackupDatabase(to);
                // A backup is a single self-contained file: no -wal beside it.
                await ExecuteAsync(to, "PRAGMA journal_mode=DELETE;");
            }

            var (ok, siteId, verdict) = await InspectAsync(temp);
            if (!ok)
            {
                File.Delete(temp);
                await errors.WriteLineAsync($"バックアップの検査に失敗しました / the backup failed its check: {verdict}");
                return 1;
            }

            File.Move(temp, output, overwrite: true);
            await report.WriteLineAsync($"backup: {output} ({new FileInfo(output).Length} bytes, site {siteId})");
            return 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SqliteException)
        {
            TryDelete(temp);
            var full = StorageFaults.Classify(ex) == StorageFaultKind.Full ? "ディスクの空き容量が足りません / the disk is full: " : "";
            await errors.WriteLineAsync($"バックアップできませんでした / backup failed: {full}{ex.Message}");
            return 1;
        }
    }

    /// <summary>
    /// Replaces the site's database with the backup <paramref name="input"/> after checking it (integrity, a site id).
    /// The database being replaced is kept beside it as <c>cms.db.before-restore-…</c>. Stop every instance first.
    /// </summary>
    public static async Task<int> RestoreAsync(IServiceProvider services, string input, TextWriter? report = null, TextWriter? errors = null)
    {
        report ??= Console.Out;
        errors ??= Console.Error;
        var (options, target) = Resolve(services);
        if (target is null)
        {
            await errors.WriteLineAsync(PostgresGuidance(input, backup: false));
            return 1;
        }

        if (!File.Exists(input))
        {
            await errors.WriteLineAsync($"{input} がありません（何も変更していません）/ {input} does not exist, nothing changed.");
            return 1;
        }

        var (ok, siteId, verdict) = await InspectAsync(input);
        if (!ok)
        {
            await errors.WriteLineAsync($"このファイルからは戻せません（何も変更していません）/ cannot restore from this file, nothing changed: {verdict}");
            return 1;
        }

        try
        {
            if (File.Exists(target))
            {
                var keep = $"{target}.before-restore-{DateTime.UtcNow:yyyyMMddTHHmmssZ}";
                await using (var live = await OpenAsync(target, SqliteOpenMode.ReadOnly))
                await using (var copy = await OpenAsync(keep, SqliteOpenMode.ReadWriteCreate))
                {
                    live.BackupDatabase(copy);
                }

                await report.WriteLineAsync($"previous database kept as {keep}");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await using (var from = await OpenAsync(input, SqliteOpenMode.ReadOnly))
            await using (var to = await OpenAsync(target, SqliteOpenMode.ReadWriteCreate))
            {
                from.BackupDatabase(to);
            }

            var environment = services.GetRequiredService<IHostEnvironment>();
            new SiteMarker(siteId!, "Microsoft.EntityFrameworkCore.Sqlite", DateTime.UtcNow).Write(options.ResolveDataDirectory(environment.ContentRootPath));

            // An older backup gets the migrations it lacks; the marker now matches, so nothing is seeded.
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<SetupService>().InitializeAsync();
            await report.WriteLineAsync($"restored: {input} -> {target} (site {siteId})");
            return 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SqliteException)
        {
            await errors.WriteLineAsync($"戻せませんでした / restore failed: {ex.Message}");
            return 1;
        }
    }

    /// <summary>Integrity check and the site id of a SQLite file; false with the reason when it is no usable backup.</summary>
    public static async Task<(bool Ok, string? SiteId, string Verdict)> InspectAsync(string file)
    {
        try
        {
            await using var connection = await OpenAsync(file, SqliteOpenMode.ReadOnly);
            await using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check;";
            var verdict = (string?)await check.ExecuteScalarAsync() ?? "";
            if (verdict != "ok")
            {
                return (false, null, "integrity_check: " + verdict);
            }

            await using var setup = connection.CreateCommand();
            setup.CommandText = "SELECT Content FROM Documents WHERE Name = 'Setup';";
            var siteId = DatabaseGuard.SiteIdOf((string?)await setup.ExecuteScalarAsync());
            return siteId is null ? (false, null, "no site in this database (Setup document without SiteId)") : (true, siteId, "ok");
        }
        catch (SqliteException ex)
        {
            return (false, null, ex.Message);
        }
    }

    private static (CmsOptions Options, string? SqliteFile) Resolve(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<CmsOptions>>().Value;
        var environment = services.GetRequiredService<IHostEnvironment>();
        return (options, StorageServiceCollectionExtensions.IsPostgres(options) ? null : DatabaseGuard.SqliteFileOf(options, environment.ContentRootPath));
    }

    private static async Task<SqliteConnection> OpenAsync(string file, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = mode, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (IOException)
        {
            // Best effort: a leftover .partial file is harmless and named as such.
        }
    }

    private static string PostgresGuidance(string file, bool backup) => backup
        ? $"""
          PostgreSQL のバックアップは pg_dump で取ります / On PostgreSQL, back up with pg_dump:
            pg_dump --format=custom --file="{file}" "<connection: host=... dbname=... user=...>"
          (Cms:Database:ConnectionString の値を libpq の形式で渡してください / pass Cms:Database:ConnectionString's values in libpq form.)
          pg_dump takes a consistent snapshot while the site runs; keep the dump and the data folder's site.json together.
          """
        : $"""
          PostgreSQL への復元は pg_restore で行います（全インスタンスを止めてから）/ On PostgreSQL, restore with pg_restore after stopping every instance:
            pg_restore --clean --if-exists --no-owner --dbname="<connection>" "{file}"
          """;
}
