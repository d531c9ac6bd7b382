using System.Data.Common;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using NetTroubleCms.Web.Features.SiteData;
using NetTroubleCms.Web.Infrastructure.Storage;

namespace NetTroubleCms.Web.Tests;

/// <summary>
/// The running app notices a lost, damaged or full database: readiness fails and edits are refused with a clear,
/// translated message instead of being acknowledged into a file nobody will read again.
/// </summary>
public sealed class StorageFaultTests : IDisposable
{
    private const string HoterasuTitle = "法的トラブル解決のための「総合案内所」 法テラス";
    private readonly DiskFullApplication _app = new();

    public void Dispose() => _app.Dispose();

    private string DatabaseFile => Path.Combine(_app.DataDirectory, "cms.db");

    private async Task<(AdminClient Admin, string Id, AngleSharp.Html.Dom.IHtmlDocument Page)> OpenEditorAsync()
    {
        var admin = await AdminClient.SignInAsync(_app);
        var id = await AdminData.IdByPathAsync(_app, "agencies/houterasu");
        var page = await admin.GetPageAsync($"/admin/contents/{id}/edit");
        return (admin, id, page);
    }

    private static async Task<string> PublishTitleAsync(AdminClient admin, string id, AngleSharp.Html.Dom.IHtmlDocument page, string title)
    {
        using var response = await admin.SaveAsync(id, "publish", new() { [AdminData.InputHolding(page, HoterasuTitle)] = title }, page);
        return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
    }

    [Fact]
    public async Task DeletedDatabaseFailsReadinessRefusesEditsAndIsNotReseededOnRestart()
    {
        var (admin, id, page) = await OpenEditorAsync();
        using var _ = admin;
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/health/ready")).StatusCode);
        Assert.True(File.Exists(SiteMarker.PathIn(_app.DataDirectory)));

        foreach (var file in Directory.GetFiles(_app.DataDirectory, "cms.db*"))
        {
            File.Delete(file);
        }

        var ready = await admin.Http.GetAsync("/health/ready");
        var publish = await PublishTitleAsync(admin, id, page, "サンプル見出し（消えたデータベース）");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.StartsWith("503 ", publish, StringComparison.Ordinal);
        Assert.Contains("データベースが見つからないため保存できませんでした", publish, StringComparison.Ordinal);

        // A restart follows the end of the old process: stop its host and drop its pooled connections. In one test
        // process they share the file's path, and with it SQLite's shared cache, with the new app's connections, and
        // would stand in for them (the old, deleted database answering the new app's queries).
        _app.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().StopApplication();
        SqliteConnection.ClearAllPools();

        // Restart on the same folder: the marker stops a fresh seed over the lost site...
        using var restarted = new CmsApplication().With("Cms:DataDirectory", _app.DataDirectory);
        var refused = await Record.ExceptionAsync(() => restarted.CreateClient().GetAsync("/"));
        Assert.NotNull(refused);
        Assert.Contains("Cms:AllowReseed", refused.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(DatabaseFile), "start-up must not create an empty database in the lost one's place");

        // ...unless the operator says so.
        using var reseeded = new CmsApplication().With("Cms:DataDirectory", _app.DataDirectory).With("Cms:AllowReseed", "true");
        var (status, html) = await reseeded.CreateClient().GetStringWithStatusAsync("/agencies/houterasu");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("0570-078374", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CorruptedDatabaseFailsReadinessAndRefusesEdits()
    {
        var (admin, id, page) = await OpenEditorAsync();
        using var _ = admin;

        // Garbage over the database and its write-ahead log (recent pages are read from the log), as a failing
        // disk or a stray writer would leave them.
        foreach (var file in new[] { DatabaseFile, DatabaseFile + "-wal" }.Where(File.Exists))
        {
            var length = new FileInfo(file).Length;
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            await stream.WriteAsync(Enumerable.Repeat((byte)0x5A, (int)length).ToArray());
        }

        var ready = await admin.Http.GetAsync("/health/ready");
        var publish = await PublishTitleAsync(admin, id, page, "サンプル見出し（壊れたデータベース）");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.StartsWith("503 ", publish, StringComparison.Ordinal);
        Assert.Contains("データベースが壊れているため保存できませんでした", publish, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FullDiskGivesATranslatedAnswerAndRecovers()
    {
        var (admin, id, page) = await OpenEditorAsync();
        using var _ = admin;
        var big = "サンプル本文。" + new string('あ', 40_000);

        _app.DiskFull.On = true;
        var full = await PublishTitleAsync(admin, id, page, big);
        admin.Http.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=c%3Den%7Cuic%3Den");
        var fullEnglish = await PublishTitleAsync(admin, id, page, big);
        admin.Http.DefaultRequestHeaders.Remove("Cookie");
        var publicWhileFull = await admin.Http.GetStringAsync("/agencies/houterasu");
        _app.DiskFull.On = false;
        var recovered = await PublishTitleAsync(admin, id, page, "サンプル見出し（空きが戻った）");
        var publicAfter = await admin.Http.GetStringAsync("/agencies/houterasu");

        Assert.StartsWith("507 ", full, StringComparison.Ordinal);
        Assert.Contains("ディスクの空き容量が足りないため保存できませんでした", full, StringComparison.Ordinal);
        Assert.Contains("The server&#x27;s disk is full", fullEnglish, StringComparison.Ordinal);
        Assert.DoesNotContain("サンプル本文", publicWhileFull, StringComparison.Ordinal);
        Assert.StartsWith("302 ", recovered, StringComparison.Ordinal);
        Assert.Contains("サンプル見出し（空きが戻った）", publicAfter, StringComparison.Ordinal);
        await using var check = new SqliteConnection($"Data Source={DatabaseFile};Pooling=False");
        await check.OpenAsync();
        await using var command = check.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        Assert.Equal("ok", await command.ExecuteScalarAsync());
    }

    [Fact]
    public void StorageFaultsAreRecognisedFromProviderErrors()
    {
        Assert.Equal(StorageFaultKind.Full, StorageFaults.Classify(new DbUpdateException("x", new SqliteException("database or disk is full", 13))));
        Assert.Equal(StorageFaultKind.Corrupt, StorageFaults.Classify(new SqliteException("file is not a database", 26)));
        Assert.Equal(StorageFaultKind.Full, StorageFaults.Classify(new IOException("No space left on device", 28)));
        Assert.Null(StorageFaults.Classify(new InvalidOperationException("an ordinary bug")));
    }

    /// <summary>
    /// The app with a switch that caps every SQLite connection at the database's current size: SQLite itself then
    /// answers "database or disk is full" (SQLITE_FULL), exactly as on a full volume, without needing one.
    /// </summary>
    private sealed class DiskFullApplication : CmsApplication
    {
        public DiskFullSwitch DiskFull { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(s => s.ConfigureDbContext<CmsDbContext>(o => o.AddInterceptors(DiskFull)));
        }
    }

    private sealed class DiskFullSwitch : DbConnectionInterceptor
    {
        public volatile bool On;

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) =>
            ApplyAsync(connection).GetAwaiter().GetResult();

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default) =>
            ApplyAsync(connection);

        private async Task ApplyAsync(DbConnection connection)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA page_count;";
            var pages = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            // The cap is per connection and pooled connections are reused, so it is set (or lifted) on every open.
            command.CommandText = $"PRAGMA max_page_count = {(On ? pages : 4294967294)};";
            await command.ExecuteScalarAsync();
        }
    }
}
