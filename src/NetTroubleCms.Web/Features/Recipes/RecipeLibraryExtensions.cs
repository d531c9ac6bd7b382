using NetTroubleCms.Content.Recipes;

namespace NetTroubleCms.Web.Features.Recipes;

/// <summary>Where the <c>recipes</c> step finds the recipes it names: <c>Cms:RecipeLibrary</c>, then the app's recipes folder.</summary>
public static class RecipeLibraryExtensions
{
    /// <summary>Adds the library folders to the recipe options.</summary>
    public static WebApplicationBuilder AddRecipeLibrary(this WebApplicationBuilder builder)
    {
        var configured = builder.Configuration["Cms:RecipeLibrary"];
        var contentRoot = builder.Environment.ContentRootPath;
        builder.Services.Configure<RecipeOptions>(o =>
        {
            if (!string.IsNullOrWhiteSpace(configured))
            {
                o.LibraryFolders.Add(Path.GetFullPath(configured, contentRoot));
            }

            // The published app carries recipes/ beside its binaries; a source checkout has it at the repository root.
            o.LibraryFolders.Add(Path.Combine(AppContext.BaseDirectory, "recipes"));
            o.LibraryFolders.Add(Path.GetFullPath(Path.Combine(contentRoot, "..", "..", "recipes")));
        });
        return builder;
    }
}
