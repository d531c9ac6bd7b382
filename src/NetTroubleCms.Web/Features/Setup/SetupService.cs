using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using NetTroubleCms.Content.Recipes;
using NetTroubleCms.Content.Storage;
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
    ILogger<SetupService> logger)
{
    private const string SetupDocument = "Setup";

    /// <summary>The roles every site has (Orchard's names).</summary>
    public static readonly string[] DefaultRoles = ["Administrator", "Editor", "Author", "Contributor"];

    /// <summary>Runs every first-start step that has not run yet.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await db.MigrateAsync(cancellationToken);
        if (await store.GetDocumentAsync(SetupDocument, cancellationToken) is null)
        {
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

            await store.SaveDocumentAsync(SetupDocument, $$"""{"SeededFrom":"{{Path.GetFileName(recipePath)}}"}""", cancellationToken);
        }

        await EnsureAdministratorAsync();
    }

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
    }
}
