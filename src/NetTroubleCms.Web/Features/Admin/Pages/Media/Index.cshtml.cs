using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using NetTroubleCms.Content.Media;
using NetTroubleCms.Web.Features.Admin.Permissions;
using NetTroubleCms.Web.Features.Admin.Resources;
using NetTroubleCms.Web.Features.Audit;
using NetTroubleCms.Web.Features.Media;

namespace NetTroubleCms.Web.Features.Admin.Pages.Media;

/// <summary>The media library: folders and files, upload (checked by type, size and content) and delete.</summary>
[RequirePermission(CmsPermissions.ManageMediaContent)]
public sealed class MediaIndexModel(IMediaStore store, MediaLibrary library, AuditTrail audit, IStringLocalizer<AdminText> t) : AdminPageModel
{
    /// <summary>The folder shown (empty for the top).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Folder { get; set; }

    /// <summary>Its content.</summary>
    public MediaListing Listing { get; private set; } = new("", [], []);

    /// <summary>Problems with the last upload, one per refused file.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Largest upload, for the hint.</summary>
    public long MaxUploadBytes => library.MaxUploadBytes;

    /// <summary>Shows the folder.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ? Page() : NotFound();

    /// <summary>Uploads files into the folder (or a new folder inside it).</summary>
    public async Task<IActionResult> OnPostUploadAsync(List<IFormFile> files, string? subfolder, bool overwrite, CancellationToken cancellationToken)
    {
        if (!MediaPath.TryNormalize(Folder ?? "", out var folder, out _, folder: true))
        {
            return NotFound();
        }

        if (!string.IsNullOrWhiteSpace(subfolder))
        {
            if (!MediaPath.TryNormalize(subfolder.Trim(), out var sub, out var problem, folder: true))
            {
                Errors.Add(t["フォルダ名が使えません: {0}", problem!]);
            }
            else
            {
                folder = MediaPath.Combine(folder, sub);
            }
        }

        if (files.Count == 0)
        {
            Errors.Add(t["ファイルを選んでください。"]);
        }

        var saved = new List<MediaFileInfo>();
        foreach (var file in Errors.Count == 0 ? files : [])
        {
            await using var content = file.OpenReadStream();
            var result = await library.UploadAsync(folder, file.FileName, content, overwrite, cancellationToken);
            if (result.Saved is { } info)
            {
                saved.Add(info);
                await AuditAsync("MediaUploaded", info.Path, info.Length, cancellationToken);
            }
            else
            {
                // Engine and library messages are keyed by their Japanese text; the resources translate them.
                Errors.Add(t[result.Problem!, [.. result.Arguments.Select(a => a is string s ? (object)t[s].Value : a)]]);
            }
        }

        if (Errors.Count > 0)
        {
            Folder = folder;
            await LoadAsync(cancellationToken);
            if (saved.Count > 0)
            {
                StatusMessage = t["{0} 件をアップロードしました。", saved.Count];
            }

            return Page();
        }

        StatusMessage = t["{0} 件をアップロードしました。", saved.Count];
        return Redirect(FolderUrl(folder));
    }

    /// <summary>Deletes one file.</summary>
    public async Task<IActionResult> OnPostDeleteAsync(string path, CancellationToken cancellationToken)
    {
        if (!MediaPath.TryNormalize(path, out var normalized, out _))
        {
            return NotFound();
        }

        var info = await store.GetInfoAsync(normalized, cancellationToken);
        if (info is null || !await store.DeleteAsync(normalized, cancellationToken))
        {
            return NotFound();
        }

        await AuditAsync("MediaDeleted", normalized, info.Length, cancellationToken);
        StatusMessage = t["「{0}」を削除しました。", normalized];
        // The folder may be gone with its last file; its nearest remaining parent is shown then.
        var folder = MediaPath.FolderOf(normalized);
        while (folder.Length > 0 && (await store.ListAsync(folder, cancellationToken)) is { Folders.Count: 0, Files.Count: 0 })
        {
            folder = MediaPath.FolderOf(folder);
        }

        return Redirect(FolderUrl(folder));
    }

    /// <summary>The page of a folder.</summary>
    public static string FolderUrl(string folder) => folder.Length == 0 ? "/admin/media" : "/admin/media?folder=" + Uri.EscapeDataString(folder);

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        if (!MediaPath.TryNormalize(Folder ?? "", out var folder, out _, folder: true))
        {
            return false;
        }

        Folder = folder;
        Listing = await store.ListAsync(folder, cancellationToken);
        return true;
    }

    private Task AuditAsync(string name, string path, long length, CancellationToken cancellationToken) =>
        audit.AddAsync(new AuditEvent
        {
            Category = "Media",
            Name = name,
            DisplayText = path,
            UserId = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value,
            UserName = User.Identity?.Name,
            Snapshot = new JsonObject { ["Path"] = path, ["Length"] = length }.ToJsonString(),
        }, cancellationToken);
}
