using System.ComponentModel.DataAnnotations;

namespace NetTroubleCms.Web.Features.Links;

/// <summary>Settings under <c>Cms:LinkCheck</c>: how often and how politely published URLs are checked.</summary>
public sealed class LinkCheckOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Cms:LinkCheck";

    /// <summary>Runs the scheduled check; unset means on, except in the <c>Testing</c> environment (tests stay offline).</summary>
    public bool? Enabled { get; set; }

    /// <summary>Hours between two scheduled checks.</summary>
    [Range(0.01, 24 * 365)]
    public double IntervalHours { get; set; } = 24;

    /// <summary>Seconds to wait after start before the first scheduled check, so a restart does not hit every site at once.</summary>
    [Range(0, 86400)]
    public double StartDelaySeconds { get; set; } = 300;

    /// <summary>Seconds one request may take before it counts as a timeout.</summary>
    [Range(0.1, 300)]
    public double TimeoutSeconds { get; set; } = 15;

    /// <summary>Minimum seconds between two requests to the same host.</summary>
    [Range(0, 3600)]
    public double PerHostIntervalSeconds { get; set; } = 2;

    /// <summary>Extra attempts after a timeout, connection failure or 5xx answer.</summary>
    [Range(0, 5)]
    public int Retries { get; set; } = 2;

    /// <summary>Seconds before the first retry (doubles each time).</summary>
    [Range(0, 600)]
    public double RetryDelaySeconds { get; set; } = 5;

    /// <summary>Redirects followed before a chain counts as broken.</summary>
    [Range(1, 20)]
    public int MaxRedirects { get; set; } = 5;

    /// <summary>Hosts checked at the same time.</summary>
    [Range(1, 32)]
    public int ParallelHosts { get; set; } = 4;

    /// <summary>User-Agent sent with every check, so site owners can tell what is calling.</summary>
    [Required]
    public string UserAgent { get; set; } = "NetTroubleCms-LinkCheck/1.0";
}
