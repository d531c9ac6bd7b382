namespace NetTroubleCms.Content.Tests.Infrastructure;

/// <summary>
/// The Orchard Core recipe corpus kept in this project's OrchardRecipes folder (BSD-3-Clause, see its SOURCE.md).
/// The build copies it next to the test assembly, so the tests need nothing outside the repository.
/// </summary>
public static class OrchardCorpus
{
    /// <summary>Full path of <c>&lt;name&gt;/&lt;name&gt;.recipe.json</c>.</summary>
    public static string RecipePath(string name) => Path.Combine(Folder, name, $"{name}.recipe.json");

    /// <summary>The corpus folder.</summary>
    public static string Folder { get; } = Locate();

    private static string Locate()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "OrchardRecipes");
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException(
                $"{folder} is missing: the test project copies OrchardRecipes next to its assembly; rebuild the test project.");
        }

        return folder;
    }
}
