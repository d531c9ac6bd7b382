using Microsoft.EntityFrameworkCore;

namespace NetTroubleCms.Web.Features.Links;

/// <summary>What the last check of a URL found.</summary>
public enum LinkState
{
    /// <summary>Answered 2xx without a redirect (or only temporary ones).</summary>
    Ok,

    /// <summary>Answered 2xx at the end of a permanent redirect chain: the content should use the final address.</summary>
    Moved,

    /// <summary>An error status, a timeout, a TLS or connection failure, or too many redirects.</summary>
    Broken,
}

/// <summary>The kind of redirect chain a URL went through.</summary>
public enum RedirectKind
{
    /// <summary>No redirect.</summary>
    None,

    /// <summary>Every hop was 301 or 308.</summary>
    Permanent,

    /// <summary>At least one hop was 302, 303 or 307.</summary>
    Temporary,
}

/// <summary>Why a URL is broken.</summary>
public enum LinkError
{
    /// <summary>Not broken.</summary>
    None,

    /// <summary>The final answer was 4xx or 5xx.</summary>
    HttpStatus,

    /// <summary>No answer within the timeout.</summary>
    Timeout,

    /// <summary>The TLS handshake failed (certificate untrusted, expired, wrong name).</summary>
    Tls,

    /// <summary>Name resolution or connection failed.</summary>
    Connection,

    /// <summary>The redirect chain was longer than allowed or looped.</summary>
    TooManyRedirects,
}

/// <summary>The latest check of one URL found in published content (one row per URL, replaced on every check).</summary>
public sealed class LinkCheckResult
{
    /// <summary>Database key.</summary>
    public long Id { get; set; }

    /// <summary>The URL as written in the content.</summary>
    public string Url { get; set; } = "";

    /// <summary>Outcome.</summary>
    public LinkState State { get; set; }

    /// <summary>Status code of the last answer, when there was one.</summary>
    public int? StatusCode { get; set; }

    /// <summary>Address at the end of the redirect chain (null without redirects).</summary>
    public string? FinalUrl { get; set; }

    /// <summary>Kind of redirect chain.</summary>
    public RedirectKind Redirect { get; set; }

    /// <summary>Hops in the redirect chain.</summary>
    public int RedirectCount { get; set; }

    /// <summary>Why the URL is broken.</summary>
    public LinkError Error { get; set; }

    /// <summary>Technical detail of the failure (exception message), for the administrator.</summary>
    public string? ErrorDetail { get; set; }

    /// <summary>When the check finished, UTC.</summary>
    public DateTime CheckedUtc { get; set; }

    /// <summary>How long the check took, milliseconds.</summary>
    public int DurationMs { get; set; }
}

/// <summary>Adds the link-check table to the app's EF model.</summary>
public static class LinkCheckModel
{
    /// <summary>Maps <see cref="LinkCheckResult"/>; enums as text so the table reads without the code.</summary>
    public static ModelBuilder AddLinkCheckModel(this ModelBuilder builder)
    {
        builder.Entity<LinkCheckResult>(e =>
        {
            e.ToTable("LinkCheckResults");
            e.HasKey(x => x.Id);
            e.Property(x => x.Url).HasMaxLength(2048);
            e.HasIndex(x => x.Url).IsUnique();
            e.Property(x => x.FinalUrl).HasMaxLength(2048);
            e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Redirect).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Error).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.ErrorDetail).HasMaxLength(1000);
            e.HasIndex(x => x.State);
        });
        return builder;
    }
}
