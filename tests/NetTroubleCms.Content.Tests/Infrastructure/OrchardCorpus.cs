namespace NetTroubleCms.Content.Tests.Infrastructure;

/// <summary>Finds the Orchard recipe corpus in shared/reference/orchard-recipes, beside the repository root.</summary>
public static class OrchardCorpus
{
    /// <summary>Full path of <c>&lt;name&gt;/&lt;name&gt;.recipe.json</c>.</summary>
    public static string RecipePath(string name) => Path.Combine(Folder, name, $"{name}.recipe.json");

    /// <summary>The corpus folder.</summary>
    public static string Folder { get; } = Locate();

    private static string Locate()
    {
        // The repository root holds NetTroubleCms.sln; shared/ is its sibling (in a checkout, a worktree and on CI).
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NetTroubleCms.sln")))
            {
                var beside = Path.Combine(dir.FullName, "..", "shared", "reference", "orchard-recipes");
                if (Directory.Exists(beside))
                {
                    return Path.GetFullPath(beside);
                }
            }

            var inside = Path.Combine(dir.FullName, "shared", "reference", "orchard-recipes");
            if (Directory.Exists(inside))
            {
                return inside;
            }
        }

        throw new DirectoryNotFoundException(
            $"shared/reference/orchard-recipes was not found above {AppContext.BaseDirectory}; it must sit beside the repository root.");
    }
}
