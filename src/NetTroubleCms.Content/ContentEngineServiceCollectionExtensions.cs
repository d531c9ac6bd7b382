using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NetTroubleCms.Content.Expressions;
using NetTroubleCms.Content.Fields;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Media;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Parts;
using NetTroubleCms.Content.Recipes;
using NetTroubleCms.Content.Snapshot;
using NetTroubleCms.Content.Storage;

namespace NetTroubleCms.Content;

/// <summary>Registers the content engine.</summary>
public static class ContentEngineServiceCollectionExtensions
{
    /// <summary>
    /// Adds the engine over <typeparamref name="TContext"/>, whose model must call <see cref="ContentModel.AddContentModel"/>.
    /// Field types are <see cref="ContentFieldType"/> singletons: an app adds or replaces one by registering its class.
    /// </summary>
    public static IServiceCollection AddContentEngine<TContext>(this IServiceCollection services)
        where TContext : DbContext
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<RecipeOptions>();
        services.AddOptions<SnapshotOptions>();
        services.TryAddScoped<IContentUser, SystemContentUser>();
        services.AddSingleton<PublishedSnapshotProvider>();
        services.AddSingleton<IContentCommitObserver>(sp => sp.GetRequiredService<PublishedSnapshotProvider>());
        services.AddScoped<IContentStore>(sp => new EfContentStore(sp.GetRequiredService<TContext>(), sp.GetRequiredService<IContentCommitObserver>()));
        services.AddScoped<ContentDefinitionManager>();
        services.AddScoped<SiteSettingsManager>();
        services.AddScoped<ContentManager>();
        services.AddScoped<PublishedStamp>();
        services.AddScoped<IContentEventSink>(sp => sp.GetRequiredService<PublishedStamp>());
        services.AddScoped<ContentHandler, TitlePartHandler>();
        foreach (var fieldType in FieldTypes.CreateBuiltIn())
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(ContentFieldType), fieldType.GetType()));
        }

        services.TryAddSingleton<FieldTypes>();
        services.AddScoped<ContentHandler, FieldsHandler>();
        services.AddScoped<ContentHandler, AutoroutePartHandler>();
        services.AddSingleton<RecipeExpressionEvaluator>();
        services.AddScoped<IRecipeStep, ContentDefinitionRecipeStep>();
        services.AddScoped<IRecipeStep, ContentRecipeStep>();
        services.AddScoped<IRecipeStep, SettingsRecipeStep>();
        services.AddScoped<IRecipeStep, Queries.QueriesRecipeStep>();
        services.AddScoped<IRecipeExportSource, Queries.QueriesExportSource>();
        services.AddScoped<IRecipeStep, RecipesRecipeStep>();
        services.AddOptions<MediaStoreOptions>();
        // A host may register another store (an S3-style bucket) before this; the file system is the default.
        services.TryAddSingleton<IMediaStore, FileSystemMediaStore>();
        services.AddScoped<IRecipeStep, MediaRecipeStep>();
        services.AddScoped<RecipeExecutor>();
        services.AddScoped<RecipeExporter>();
        services.AddScoped<Editions.PendingEditions>();
        services.AddScoped<Editions.EditionStore>();
        services.AddScoped<IRecipeStep, Editions.EditionRecipeStep>();
        services.AddScoped<Editions.EditionService>();
        return services;
    }
}
