using Microsoft.EntityFrameworkCore;
using NetTroubleCms.Content.Snapshot;
using NetTroubleCms.Web.Infrastructure.Storage;

namespace NetTroubleCms.Web.Features.Links;

/// <summary>A stored result with the published items that show the URL.</summary>
public sealed record LinkReportRow(LinkCheckResult Result, IReadOnlyList<LinkOccurrence> Occurrences)
{
    /// <summary>True when the dashboard offers "use the new address": a permanent redirect to a working page.</summary>
    public bool CanUseNewAddress => Result.State == LinkState.Moved && Result.FinalUrl is not null && Occurrences.Count > 0;
}

/// <summary>What the dashboard shows of the link checks.</summary>
public sealed record LinkReportSummary(int Checked, DateTime? LastCheckedUtc, IReadOnlyList<LinkReportRow> Broken, IReadOnlyList<LinkReportRow> Moved);

/// <summary>Reads the stored results for URLs still in published content.</summary>
public sealed class LinkReport(CmsDbContext db, PublishedSnapshotProvider snapshots)
{
    /// <summary>Broken links and permanent redirects, each with where it appears.</summary>
    public async Task<LinkReportSummary> LoadAsync(CancellationToken cancellationToken = default)
    {
        var links = PublishedLinks.Collect(await snapshots.GetAsync(cancellationToken));
        var rows = await db.Set<LinkCheckResult>().AsNoTracking().ToListAsync(cancellationToken);
        var current = rows.Where(r => links.ContainsKey(r.Url)).ToList();
        LinkReportRow Row(LinkCheckResult r) => new(r, links[r.Url]);
        return new LinkReportSummary(
            current.Count,
            current.Count == 0 ? null : current.Max(r => r.CheckedUtc),
            [.. current.Where(r => r.State == LinkState.Broken).OrderBy(r => r.Url, StringComparer.Ordinal).Select(Row)],
            [.. current.Where(r => r.State == LinkState.Moved).OrderBy(r => r.Url, StringComparer.Ordinal).Select(Row)]);
    }
}
