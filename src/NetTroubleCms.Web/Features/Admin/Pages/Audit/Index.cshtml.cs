using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Web.Features.Admin.Editors;
using NetTroubleCms.Web.Features.Admin.Permissions;
using NetTroubleCms.Web.Features.Audit;

namespace NetTroubleCms.Web.Features.Admin.Pages.Audit;

/// <summary>The audit log with filters (user, type, item, event, date range in Japan time).</summary>
[RequirePermission(CmsPermissions.ViewAuditTrail)]
public sealed class AuditIndexModel(AuditTrail trail, ContentDefinitionManager definitions) : AdminPageModel
{
    /// <summary>Rows per page.</summary>
    public const int PageSize = 50;

    /// <summary>User name contains.</summary>
    [BindProperty(SupportsGet = true)]
    public new string? User { get; set; }

    /// <summary>Content type.</summary>
    [BindProperty(SupportsGet = true)]
    public string? ContentType { get; set; }

    /// <summary>Item id.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Item { get; set; }

    /// <summary>Event name.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Name { get; set; }

    /// <summary>First day (yyyy-MM-dd, Japan).</summary>
    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    /// <summary>Last day (yyyy-MM-dd, Japan).</summary>
    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    /// <summary>1-based page.</summary>
    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    /// <summary>Entries of the page.</summary>
    public IReadOnlyList<AuditEvent> Rows { get; private set; } = [];

    /// <summary>Matching entries.</summary>
    public int Total { get; private set; }

    /// <summary>Event names for the filter.</summary>
    public IReadOnlyList<string> Names { get; private set; } = [];

    /// <summary>Types for the filter.</summary>
    public IReadOnlyList<string> Types { get; private set; } = [];

    /// <summary>The content definitions, for the types' display names.</summary>
    public ContentDefinitionDocument Definitions { get; private set; } = new();

    /// <summary>Link to another page with the same filters.</summary>
    public string PageUrl(int page) => "/admin/audit" + QueryString.Create(new Dictionary<string, string?>
    {
        ["user"] = User,
        ["contentType"] = ContentType,
        ["item"] = Item,
        ["name"] = Name,
        ["from"] = From,
        ["to"] = To,
        ["page"] = page.ToString(CultureInfo.InvariantCulture),
    }).ToUriComponent();

    /// <summary>Lists.</summary>
    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Max(1, PageNumber);
        Names = await trail.NamesAsync(cancellationToken);
        Definitions = await definitions.LoadAsync(cancellationToken);
        Types = [.. Definitions.ContentTypes.Select(t => t.Name)];
        (Rows, Total) = await trail.QueryAsync(new AuditQuery
        {
            User = User,
            ContentType = ContentType,
            ContentItemId = Item,
            Name = Name,
            FromUtc = Day(From),
            ToUtc = Day(To)?.AddDays(1),
            Skip = (PageNumber - 1) * PageSize,
            Take = PageSize,
        }, cancellationToken);
    }

    private static DateTime? Day(string? value) =>
        DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? ContentEditorService.FromEditorTime(d) : null;
}
