using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using NetTroubleCms.Content.Recipes;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Storage;
using NetTroubleCms.Web.Features.SiteData;
using NetTroubleCms.Web.Infrastructure;
using NetTroubleCms.Web.Infrastructure.Storage;

namespace NetTroubleCms.Web.Features.Setup;

/// <summary>
/// First start: applies migrations, imports the leaflet recipe once, and creates the first administrator.
/// Safe to run on every start and on several instances (each step checks what is already there).
/// </summary>
public sealed partial class SetupService(
    CmsDbContext db,
    IContentStore store,
    RecipeExecutor recipes,
    UserManager<CmsUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<CmsOptions> options,
    IHostEnvironment environment,
    DatabaseGuard guard,
    ILogger<SetupService> logger)
{
    private const string SetupDocument = "Setup";

    /// <summary>The roles every site has (Orchard's names).</summary>
    public static readonly string[] DefaultRoles = ["Administrator", "Editor", "Author", "Contributor"];

    /// <summary>Runs every first-start step that has not run yet.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        var dataDirectory = options.Value.ResolveDataDirectory(environment.ContentRootPath);
        var marker = SiteMarker.Read(dataDirectory);
        var allowReseed = options.Value.AllowReseed;
        if (marker is not null && !allowReseed && guard.SqliteFile is { } file && !File.Exists(file))
        {
            // Checked before migrating, which would create an empty file in the lost database's place.
            throw SiteDataMissing(dataDirectory, $"the database file {file} is missing");
        }

        await db.MigrateAsync(cancellationToken);
        var setup = (await store.GetDocumentAsync(SetupDocument, cancellationToken))?.Content;
        if (setup is null)
        {
            if (marker is not null && !allowReseed)
            {
                throw SiteDataMissing(dataDirectory, "the database holds no site");
            }

            var recipePath = Path.Combine(AppContext.BaseDirectory, options.Value.SeedRecipe);
            if (!File.Exists(recipePath))
            {
                recipePath = Path.Combine(environment.ContentRootPath, options.Value.SeedRecipe);
            }

            if (File.Exists(recipePath))
            {
                var result = await recipes.ImportFileAsync(recipePath, cancellationToken: cancellationToken);
                Log.SeedImported(logger, Path.GetFileName(recipePath), result.Created);
            }
            else
            {
                Log.SeedMissing(logger, recipePath);
            }

            setup = new JsonObject { ["SeededFrom"] = Path.GetFileName(recipePath) }.ToJsonString();
        }

        // Sites created before site ids existed get one now; the id ties the marker to this database.
        var siteId = DatabaseGuard.SiteIdOf(setup);
        if (siteId is null)
        {
            siteId = IdGenerator.NewId();
            var document = JsonNode.Parse(setup) as JsonObject ?? [];
            document["SiteId"] = siteId;
            await store.SaveDocumentAsync(SetupDocument, document.ToJsonString(), cancellationToken);
        }

        if (marker?.SiteId != siteId)
        {
            if (marker is not null)
            {
                Log.MarkerReplaced(logger, SiteMarker.PathIn(dataDirectory), marker.SiteId, siteId);
            }

            new SiteMarker(siteId, db.Database.ProviderName ?? "", DateTime.UtcNow).Write(dataDirectory);
        }

        await EnsureAdministratorAsync();
        guard.Arm(siteId);
    }

    private static SiteDataMissingException SiteDataMissing(string dataDirectory, string what) => new(
        $"""
        サイトのデータが見つかりません: {what}。
        {SiteMarker.PathIn(dataDirectory)} によれば、このデータフォルダーには以前サイトがありました。新しいサイトで上書きしないよう起動を中止しました。
        バックアップから戻すには: restore --input <バックアップファイル>
        本当に新しいサイトを作るには: 設定 Cms:AllowReseed=true（環境変数 Cms__AllowReseed=true）で起動してください。
        Site data not found: {what}. {SiteMarker.PathIn(dataDirectory)} says this data folder held a site before, so
        start-up stopped rather than seed a fresh site over it. To recover, run `restore --input <backup file>`;
        to really start a new site, set Cms:AllowReseed=true (env Cms__AllowReseed=true).
        """);

    private async Task EnsureAdministratorAsync()
    {
        foreach (var role in DefaultRoles)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        if ((await users.GetUsersInRoleAsync("Administrator")).Count > 0)
        {
            return;
        }

        var configured = options.Value.AdminPassword;
        var password = string.IsNullOrEmpty(configured) ? GeneratePassword() : configured;
        var admin = new CmsUser { UserName = options.Value.AdminUserName, Email = options.Value.AdminEmail, EmailConfirmed = true };
        var created = await users.CreateAsync(admin, password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException("管理者を作成できませんでした: " + string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        await users.AddToRoleAsync(admin, "Administrator");
        if (string.IsNullOrEmpty(configured))
        {
            // Printed once, on the console only: it is never stored in clear text and never logged to files.
            Console.WriteLine($"""

                ==============================================================
                 管理者アカウントを作成しました / Administrator account created
                 ユーザー名 / user name: {admin.UserName}
                 パスワード / password:  {password}
                 この表示は一度だけです。/ Shown once only: keep it safe.
                ==============================================================

                """);
        }
    }

    private static string GeneratePassword()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
        var chars = RandomNumberGenerator.GetItems<char>(alphabet, 16);
        // Identity's default policy wants a digit, an upper, a lower and a symbol.
        return new string(chars) + "-7aA";
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "First start: imported {Recipe} ({Created} item versions).")]
        public static partial void SeedImported(ILogger logger, string recipe, int created);

        [LoggerMessage(2, LogLevel.Warning, "First start: seed recipe {Path} not found; the site starts empty.")]
        public static partial void SeedMissing(ILogger logger, string path);

        [LoggerMessage(3, LogLevel.Warning, "{Marker} named site {Old}; the database holds site {New}. The marker now names {New}.")]
        public static partial void MarkerReplaced(ILogger logger, string marker, string old, string @new);
    }
}

/// <summary>Start-up refused: the data folder held a site, but its database is gone or empty.</summary>
public sealed class SiteDataMissingException(string message) : StartupRefusedException("Cms:AllowReseed", message);
