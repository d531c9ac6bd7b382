using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using NetTroubleCms.Content;
using NetTroubleCms.Web.Features.Admin.Permissions;
using NetTroubleCms.Web.Features.Audit;

namespace NetTroubleCms.Web.Features.Admin.Pages.Audit;

/// <summary>One audit entry with its snapshot, read-only.</summary>
[RequirePermission(CmsPermissions.ViewAuditTrail)]
public sealed class AuditDetailModel(AuditTrail trail) : AdminPageModel
{
    /// <summary>The entry.</summary>
    public AuditEvent? Event { get; private set; }

    /// <summary>The snapshot, indented.</summary>
    public string? Pretty { get; private set; }

    /// <summary>Shows.</summary>
    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        Event = await trail.GetAsync(id, cancellationToken);
        if (Event is null)
        {
            return NotFound();
        }

        try
        {
            Pretty = Event.Snapshot is null ? null : JsonNode.Parse(Event.Snapshot)?.ToJsonString(ContentJson.Options);
        }
        catch (JsonException)
        {
            Pretty = Event.Snapshot;
        }

        return Page();
    }
}
