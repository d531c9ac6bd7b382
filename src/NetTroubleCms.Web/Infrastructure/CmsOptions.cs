using System.ComponentModel.DataAnnotations;

namespace NetTroubleCms.Web.Infrastructure;

/// <summary>Settings under <c>Cms</c> in configuration (env: <c>Cms__DataDirectory</c> and so on).</summary>
public sealed class CmsOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Cms";

    /// <summary>Folder for the SQLite database and data-protection keys; relative paths start at the content root.</summary>
    [Required]
    public string DataDirectory { get; set; } = "App_Data";

    /// <summary>Theme folder under <c>Themes/</c>.</summary>
    [Required]
    public string Theme { get; set; } = "Leaflet";

    /// <summary>User name of the first administrator.</summary>
    [Required]
    public string AdminUserName { get; set; } = "admin";

    /// <summary>E-mail of the first administrator.</summary>
    public string AdminEmail { get; set; } = "admin@localhost";

    /// <summary>Password of the first administrator; when empty one is generated and printed once.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>Recipe imported on first start (relative to the app folder).</summary>
    public string SeedRecipe { get; set; } = "recipes/net-trouble-guide.recipe.json";

    /// <summary>
    /// Seed a fresh site even though the data folder's <c>site.json</c> says a site lived here and its database is
    /// gone. Off by default: a lost database stops start-up instead of being silently replaced.
    /// </summary>
    public bool AllowReseed { get; set; }

    /// <summary>Public base URL used in canonical links, sitemap and QR codes; empty = the request's own.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Database settings.</summary>
    public DatabaseOptions Database { get; set; } = new();

    /// <summary>Media library settings (<c>Cms:Media</c>).</summary>
    public CmsMediaOptions Media { get; set; } = new();

    /// <summary>How big one public page or guide answer may grow before it is split (<c>Cms:Paging</c>).</summary>
    public CmsPagingOptions Paging { get; set; } = new();

    /// <summary>The data folder as an absolute path.</summary>
    public string ResolveDataDirectory(string contentRoot) =>
        Path.GetFullPath(Path.IsPathRooted(DataDirectory) ? DataDirectory : Path.Combine(contentRoot, DataDirectory));
}

/// <summary>Database provider and connection.</summary>
public sealed class DatabaseOptions
{
    /// <summary><c>Sqlite</c> (default, a file in the data folder) or <c>Postgres</c>.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>Connection string; for SQLite the default is <c>Data Source={DataDirectory}/cms.db</c>.</summary>
    public string? ConnectionString { get; set; }
}

/// <summary>
/// Size budgets of the lists that grow with the content: the chart, the directory, the API lists and the sitemap. Except
/// the sitemap's, they are estimates of the bytes a page's own content takes (the page frame comes on top), computed
/// from the texts before anything is rendered, so a page's cost never depends on the total.
/// </summary>
public sealed class CmsPagingOptions
{
    /// <summary>
    /// Estimated bytes of one chart or directory page's content. Up to it <c>/chart</c> shows the whole tree with every
    /// agency (the leaflet's own is estimated at 18 KB, 31 KB in easy Japanese); beyond it <c>/chart</c> lists the entry
    /// situations, each situation's chart is split into pages of at most this much, and directory cards go compact.
    /// </summary>
    [Range(4_000, 10_000_000)]
    public int PageBytes { get; set; } = 40_000;

    /// <summary>
    /// Estimated bytes of one <c>/api/v1/guide</c> answer. Up to it the whole guide is one answer; beyond it the answer
    /// is the index of situations, and each situation's nodes come in pages of at most this much. Pages of the REST
    /// lists (nodes, agencies, channels) stop at it too, before their <c>pageSize</c> when items are large.
    /// </summary>
    [Range(4_000, 100_000_000)]
    public int ApiPageBytes { get; set; } = 56_000;

    /// <summary>
    /// Bytes of one sitemap file. Up to it <c>/sitemap.xml</c> lists every page; beyond it <c>/sitemap.xml</c> is a
    /// sitemap index of parts (<c>/sitemap-1.xml</c>...) of at most this much each. The protocol allows 50 MB; pages
    /// here stay small like every other list.
    /// </summary>
    [Range(4_000, 50_000_000)]
    public int SitemapBytes { get; set; } = 56_000;
}

/// <summary>Media library: where files live and what editors may upload.</summary>
public sealed class CmsMediaOptions
{
    /// <summary>Folder of the media files; empty = <c>media</c> in the data folder. Relative paths start at the content root.</summary>
    public string? Root { get; set; }

    /// <summary>Largest file an editor may upload, bytes (10 MB by default).</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Largest recipe package (.zip) the admin accepts as an upload, bytes.</summary>
    [Range(1, long.MaxValue)]
    public long MaxPackageUploadBytes { get; set; } = 200 * 1024 * 1024;

    /// <summary>The media folder as an absolute path.</summary>
    public string ResolveRoot(string contentRoot, string dataDirectory) =>
        string.IsNullOrWhiteSpace(Root) ? Path.Combine(dataDirectory, "media") : Path.GetFullPath(Root, contentRoot);
}
