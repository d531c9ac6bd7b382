using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Media;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Recipes;
using NetTroubleCms.Content.Snapshot;
using NetTroubleCms.Content.Storage;

namespace NetTroubleCms.Content.Tests.Infrastructure;

/// <summary>
/// The engine over a real SQLite file in a temp folder of its own, so tests run in parallel without sharing anything.
/// The folder is deleted on dispose.
/// </summary>
public sealed class TestEngine : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly bool _ownsFolder;

    private TestEngine(string folder, ServiceProvider services, FakeTimeProvider clock, bool ownsFolder)
    {
        Folder = folder;
        _services = services;
        Clock = clock;
        _ownsFolder = ownsFolder;
    }

    /// <summary>The temp folder holding test.db.</summary>
    public string Folder { get; }

    /// <summary>The media store's folder.</summary>
    public string MediaFolder => Path.Combine(Folder, "media");

    /// <summary>Where imports stage media before they commit.</summary>
    public string StagingFolder => Path.Combine(Folder, "staging");

    /// <summary>The media store.</summary>
    public IMediaStore Media => _services.GetRequiredService<IMediaStore>();

    /// <summary>The clock every service sees.</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>The singleton snapshot provider.</summary>
    public PublishedSnapshotProvider Snapshots => _services.GetRequiredService<PublishedSnapshotProvider>();

    /// <summary>
    /// A fresh database with the schema created; or, given <paramref name="sharedFolder"/>, a second instance over the
    /// database of another engine (like a second web server), which leaves the folder to its owner.
    /// <paramref name="services"/> adds to the engine's services, as an app does.
    /// </summary>
    public static async Task<TestEngine> CreateAsync(Action<RecipeOptions>? recipeOptions = null, string? sharedFolder = null, Action<IServiceCollection>? services = null)
    {
        var folder = sharedFolder ?? Path.Combine(Path.GetTempPath(), "nettroublecms-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 4, 1, 9, 0, 0, TimeSpan.Zero));
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(clock);
        // No pooling: the file is closed as soon as each scope ends, so the folder can be deleted.
        collection.AddDbContext<TestDbContext>(o => o.UseSqlite($"Data Source={Path.Combine(folder, "test.db")};Pooling=False"));
        collection.AddContentEngine<TestDbContext>();
        // Media and its staging live in the test's own folder, like the database, and go with it.
        collection.Configure<MediaStoreOptions>(o =>
        {
            o.RootPath = Path.Combine(folder, "media");
            o.StagingPath = Path.Combine(folder, "staging");
        });
        services?.Invoke(collection);
        collection.Configure<RecipeOptions>(o =>
        {
            o.Parameters["AdminUserId"] = "4a1b2c3d4e5f6g7h8j9k0mnpqr";
            o.Parameters["AdminUsername"] = "admin";
            o.Parameters["SiteName"] = "テストサイト";
            recipeOptions?.Invoke(o);
        });
        var provider = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        await using (var scope = provider.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TestDbContext>().Database.EnsureCreatedAsync();
        }

        return new TestEngine(folder, provider, clock, ownsFolder: sharedFolder is null);
    }

    /// <summary>A DI scope with the engine's entry points, as one request would see them.</summary>
    public EngineScope Scope() => new(_services.CreateAsyncScope());

    /// <summary>Number of rows in the ContentItems table.</summary>
    public async Task<int> CountVersionRowsAsync()
    {
        await using var scope = Scope();
        return await scope.Db.Set<ContentItemRecord>().CountAsync();
    }

    /// <summary>Every row of the Documents table as name → content.</summary>
    public async Task<Dictionary<string, string>> DocumentsAsync()
    {
        await using var scope = Scope();
        return await scope.Db.Set<DocumentRecord>().AsNoTracking().ToDictionaryAsync(d => d.Name, d => d.Content);
    }

    /// <summary>The stored definitions document text, or null.</summary>
    public async Task<string?> DefinitionsDocumentAsync() =>
        (await DocumentsAsync()).GetValueOrDefault(ContentDefinitionManager.DocumentName);

    /// <summary>Imports recipe text in its own scope.</summary>
    public async Task<RecipeImportResult> ImportAsync(string recipe, string? fileRoot = null, bool dryRun = false)
    {
        await using var scope = Scope();
        return await scope.Recipes.ImportAsync(recipe, fileRoot, dryRun);
    }

    /// <summary>Exports everything in its own scope.</summary>
    public async Task<System.Text.Json.Nodes.JsonObject> ExportAsync()
    {
        await using var scope = Scope();
        return await scope.Exporter.ExportAsync(new RecipeExportRequest());
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (!_ownsFolder)
        {
            return;
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left for the OS temp cleaner rather than failing the test.
        }
    }
}

/// <summary>One DI scope and the services a test talks to.</summary>
public sealed class EngineScope(AsyncServiceScope scope) : IAsyncDisposable
{
    public ContentManager Content => scope.ServiceProvider.GetRequiredService<ContentManager>();

    public RecipeExecutor Recipes => scope.ServiceProvider.GetRequiredService<RecipeExecutor>();

    public RecipeExporter Exporter => scope.ServiceProvider.GetRequiredService<RecipeExporter>();

    public PublishedSnapshotProvider Snapshots => scope.ServiceProvider.GetRequiredService<PublishedSnapshotProvider>();

    public ContentDefinitionManager Definitions => scope.ServiceProvider.GetRequiredService<ContentDefinitionManager>();

    public TestDbContext Db => scope.ServiceProvider.GetRequiredService<TestDbContext>();

    public ValueTask DisposeAsync() => scope.DisposeAsync();
}
