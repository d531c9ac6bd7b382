using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Storage;
using NetTroubleCms.Web.Infrastructure.Storage;

namespace NetTroubleCms.Web.Tests;

/// <summary>
/// Runs only where a PostgreSQL server is given in <c>CMS_TEST_POSTGRES</c> (tests/run.sh starts one and sets it):
/// a plain <c>dotnet test</c> on a machine without PostgreSQL reports these as skipped, with the reason.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    /// <summary>Server connection string (no database name needed).</summary>
    public static string? ConnectionString => Environment.GetEnvironmentVariable("CMS_TEST_POSTGRES");

    /// <summary>Skips when no server is configured.</summary>
    public PostgresFactAttribute()
    {
        if (string.IsNullOrEmpty(ConnectionString))
        {
            Skip = "CMS_TEST_POSTGRES is not set (tests/run.sh starts PostgreSQL and sets it).";
        }
    }
}

public sealed class PostgresTests : IAsyncLifetime
{
    private readonly string _database = "ntcms_test_" + Guid.NewGuid().ToString("n")[..12];
    private CmsApplication? _app;

    private CmsApplication App => _app ??= new CmsApplication()
        .With("Cms:Database:Provider", "Postgres")
        .With("Cms:Database:ConnectionString", $"{PostgresFactAttribute.ConnectionString};Database={_database}");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_app is null)
        {
            return;
        }

        await App.InScopeAsync(async sp => await sp.GetRequiredService<CmsDbContext>().Database.EnsureDeletedAsync());
        await _app.DisposeAsync();
    }

    [PostgresFact]
    public async Task SiteStartsOnPostgresWithMigrationsAndTheLeafletSeed()
    {
        var client = App.CreateClient();

        var (status, html) = await client.GetStringWithStatusAsync("/agencies/houterasu");
        var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("0570-078374", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var provider = await App.InScopeAsync(sp => Task.FromResult(sp.GetRequiredService<CmsDbContext>().Database.ProviderName));
        Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", provider);
    }

    [PostgresFact]
    public async Task DraftThenPublishKeepsOneLatestAndOnePublishedRowOnPostgres()
    {
        var client = App.CreateClient();
        await client.GetAsync("/");

        var versions = await App.InScopeAsync(async sp =>
        {
            var manager = sp.GetRequiredService<ContentManager>();
            var item = (await manager.GetAsync("63r3gb96aszsk7ks37ks2pqs94", VersionFilter.Latest))!;
            item.Part("Agency")!["Badge"] = new System.Text.Json.Nodes.JsonObject { ["Text"] = "総合案内" };
            var saved = await manager.SaveDraftAsync(item, item.ContentItemVersionId);
            Assert.True(saved.Succeeded, string.Join(" ", saved.Errors.Select(e => e.Message)));
            await manager.PublishAsync(item.ContentItemId);
            return await manager.GetVersionsAsync(item.ContentItemId);
        });
        var (_, html) = await client.GetStringWithStatusAsync("/agencies/houterasu");

        Assert.Equal(2, versions.Count);
        Assert.Single(versions, v => v.Item.Latest);
        Assert.Single(versions, v => v.Item.Published);
        Assert.Contains("総合案内", html, StringComparison.Ordinal);
    }
}
