using System.ComponentModel.DataAnnotations;

namespace NetTroubleCms.Web.Features.Api;

/// <summary>Settings of the public read API under <c>Cms:Api</c> (env: <c>Cms__Api__RateLimit__PermitLimit</c> and so on).</summary>
public sealed class ApiOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Cms:Api";

    /// <summary>Public types when none are configured.</summary>
    public static readonly IReadOnlyList<string> DefaultPublicTypes = ["Agency", "DecisionNode", "Guide"];

    /// <summary>
    /// Content types anonymous callers may read through <c>/api/content</c>, GraphQL and the recipe export; empty means
    /// <see cref="DefaultPublicTypes"/>. (Configuration binding appends to a pre-filled array, so the default lives apart.)
    /// </summary>
    public string[] PublicTypes { get; set; } = [];

    /// <summary>The public types in effect.</summary>
    public IReadOnlyList<string> ReadableTypes => PublicTypes.Length > 0 ? PublicTypes : DefaultPublicTypes;

    /// <summary>Largest page size the REST list endpoints accept.</summary>
    [Range(1, 1000)]
    public int MaxPageSize { get; set; } = 100;

    /// <summary>Page size when the caller gives none.</summary>
    [Range(1, 1000)]
    public int DefaultPageSize { get; set; } = 20;

    /// <summary>Per-client-IP rate limit.</summary>
    public ApiRateLimitOptions RateLimit { get; set; } = new();

    /// <summary>GraphQL limits.</summary>
    public ApiGraphQLOptions GraphQL { get; set; } = new();
}

/// <summary>Fixed-window rate limit per client IP address.</summary>
public sealed class ApiRateLimitOptions
{
    /// <summary>Requests allowed per window and client IP.</summary>
    [Range(1, int.MaxValue)]
    public int PermitLimit { get; set; } = 120;

    /// <summary>Window length in seconds.</summary>
    [Range(1, 86400)]
    public int WindowSeconds { get; set; } = 60;
}

/// <summary>Limits that keep one GraphQL query from costing more than a page of REST calls.</summary>
public sealed class ApiGraphQLOptions
{
    /// <summary>Deepest selection nesting allowed.</summary>
    [Range(1, 100)]
    public int MaxDepth { get; set; } = 12;

    /// <summary>Largest estimated complexity allowed.</summary>
    [Range(1, int.MaxValue)]
    public int MaxComplexity { get; set; } = 50000;

    /// <summary>
    /// Items a list field returns when <c>first</c> is not given. Orchard returns 100; 50 keeps a default page of
    /// agency cards with their channels within <c>Cms:Paging:ApiPageBytes</c> (45 KB at 10,000 agencies with
    /// 200-character descriptions, where 100 answered 97 KB). An explicit <c>first</c> is served as asked.
    /// </summary>
    [Range(1, 10000)]
    public int DefaultFirst { get; set; } = 50;

    /// <summary>Largest <c>first</c> accepted (Orchard: 1000).</summary>
    [Range(1, 10000)]
    public int MaxFirst { get; set; } = 1000;

    /// <summary>Total length of the query texts whose parsed and validated documents are kept (about ten times that in memory).</summary>
    [Range(1, int.MaxValue)]
    public int DocumentCacheChars { get; set; } = 1_000_000;

    /// <summary>Total length of the query texts kept as automatic persisted queries.</summary>
    [Range(1, int.MaxValue)]
    public int PersistedQueryChars { get; set; } = 1_000_000;

    /// <summary>Bytes of serialized answers kept for the current published snapshot (one answer: at most a sixteenth).</summary>
    [Range(1, long.MaxValue)]
    public long ResultCacheBytes { get; set; } = 32L * 1024 * 1024;
}
