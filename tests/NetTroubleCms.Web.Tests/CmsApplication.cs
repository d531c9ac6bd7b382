using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NetTroubleCms.Content.Recipes;

namespace NetTroubleCms.Web.Tests;

/// <summary>
/// The app on a real SQLite file in its own temporary data folder, seeded from the leaflet recipe on first start,
/// with a known administrator password. Dispose deletes the folder.
/// </summary>
public class CmsApplication : WebApplicationFactory<Program>
{
    /// <summary>Password of the seeded administrator.</summary>
    public const string AdminPassword = "Test-Admin-Pass-123!";

    /// <summary>The public address the tests configure (the test client's own origin).</summary>
    public const string PublicBaseUrl = "http://localhost";

    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _early = new(StringComparer.Ordinal);

    /// <summary>A fresh app on a fresh data folder.</summary>
    public CmsApplication()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "ntcms-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(DataDirectory);
    }

    /// <summary>The data folder (SQLite file, keys).</summary>
    public string DataDirectory { get; }

    /// <summary>Overrides a configuration value before the app starts.</summary>
    public CmsApplication With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>
    /// Sets a configuration value the host sees while services are registered (passed like a command-line argument),
    /// for settings read at registration time such as the key-ring certificate.
    /// </summary>
    public CmsApplication WithEarly(string key, string value)
    {
        _early[key] = value;
        return this;
    }

    /// <summary>Runs <paramref name="action"/> in a service scope of the app.</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>Imports a recipe file (relative to the repository root or absolute).</summary>
    public Task<RecipeImportResult> ImportRecipeAsync(string path) =>
        InScopeAsync(sp => sp.GetRequiredService<RecipeExecutor>().ImportFileAsync(Path.IsPathRooted(path) ? path : Path.Combine(RepositoryRoot, path)));

    /// <summary>The folder holding NetTroubleCms.sln.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // UseSetting is visible to anything Program.cs reads before Build(); the app itself reads options lazily,
        // but settings that decide where data lives must never depend on that.
        builder.UseSetting("Cms:DataDirectory", DataDirectory);
        builder.UseSetting("Cms:AdminPassword", AdminPassword);
        foreach (var (key, value) in _early)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration((_, config) =>
        {
            var values = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["Cms:DataDirectory"] = DataDirectory,
                ["Cms:AdminPassword"] = AdminPassword,
                ["Cms:PublicBaseUrl"] = PublicBaseUrl,
            };
            foreach (var (key, value) in _settings)
            {
                values[key] = value;
            }

            config.AddInMemoryCollection(values);
        });
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still open by a finalizer-held connection; the temp folder is cleaned by the OS.
            }
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NetTroubleCms.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("NetTroubleCms.sln not found above the test folder.");
    }
}

/// <summary>Small helpers for reading responses.</summary>
public static class HttpExtensions
{
    /// <summary>GET and return status and body.</summary>
    public static async Task<(System.Net.HttpStatusCode Status, string Body)> GetStringWithStatusAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>GET JSON.</summary>
    public static Task<T?> GetJsonAsync<T>(this HttpClient client, string url) => client.GetFromJsonAsync<T>(url);
}
