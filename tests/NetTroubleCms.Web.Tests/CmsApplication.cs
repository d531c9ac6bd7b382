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

    // Settings that change what the first start writes (database, seed, administrator, key protection, media root):
    // an app with any of them seeds its own folder instead of starting from the shared seeded copy.
    private static readonly string[] SetupSettings =
        ["Cms:Database", "Cms:SeedRecipe", "Cms:DataDirectory", "Cms:AllowReseed", "Cms:Admin", "Cms:DataProtection", "Cms:Media:Root", "Cms:Redis"];

    private static readonly Lazy<string> SeededTemplate = new(CreateSeededTemplate, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _early = new(StringComparer.Ordinal);
    private readonly bool _keepFolder;
    private bool _fresh;

    /// <summary>A fresh app on a fresh data folder.</summary>
    public CmsApplication()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "ntcms-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(DataDirectory);
    }

    // Not public: xunit requires a class fixture to have a single public constructor.
    private CmsApplication(string dataDirectory)
    {
        DataDirectory = dataDirectory;
        Directory.CreateDirectory(DataDirectory);
        _keepFolder = true;
    }

    /// <summary>
    /// An app on the test's own <paramref name="dataDirectory"/> (filled from the seeded copy when empty), which Dispose
    /// leaves in place: for a test that works on one folder with several apps one after the other, as an operator runs
    /// several commands on one data folder.
    /// </summary>
    public static CmsApplication OnFolder(string dataDirectory) => new(dataDirectory);

    /// <summary>The data folder (SQLite file, keys).</summary>
    public string DataDirectory { get; }

    /// <summary>
    /// Seeds this app's folder by a real first start (migrations, leaflet import, administrator) instead of starting
    /// from a copy of the folder a first start produced once per test run. For tests of the first start itself.
    /// </summary>
    public CmsApplication Fresh()
    {
        _fresh = true;
        return this;
    }

    /// <summary>
    /// Fills an empty or missing <paramref name="dataDirectory"/> with a copy of a data folder seeded once per test run
    /// by a real first start: migrations, the leaflet import and the administrator's password hash cost a fresh start
    /// most of its time, and the result is the same every time. Each test still writes only to its own copy.
    /// </summary>
    public static void CopySeededSite(string dataDirectory)
    {
        if (Directory.Exists(dataDirectory) && Directory.EnumerateFileSystemEntries(dataDirectory).Any())
        {
            return; // a folder the test prepared itself (a lost database, a marker): its own first start decides
        }

        var template = SeededTemplate.Value;
        foreach (var file in Directory.EnumerateFiles(template, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(dataDirectory, Path.GetRelativePath(template, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static string CreateSeededTemplate()
    {
        var seeding = new CmsApplication().Fresh();
        _ = seeding.Services; // starts the host: the first start seeds its folder
        var template = Path.Combine(Path.GetTempPath(), "ntcms-tests", "seeded-" + Guid.NewGuid().ToString("n"));
        seeding.Dispose(keepFolder: template);
        return template;
    }

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
        if (!_fresh && _early.Count == 0 && !_settings.Keys.Any(k => SetupSettings.Any(s => k.StartsWith(s, StringComparison.OrdinalIgnoreCase))))
        {
            CopySeededSite(DataDirectory);
        }

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

    private string? _keepFolderAs;

    private void Dispose(string keepFolder)
    {
        _keepFolderAs = keepFolder;
        Dispose();
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
                if (_keepFolderAs is not null)
                {
                    Directory.Move(DataDirectory, _keepFolderAs);
                    return;
                }

                if (_keepFolder)
                {
                    return;
                }

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
