using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using NetTroubleCms.Web.Infrastructure;

namespace NetTroubleCms.Web.Features.Recipes;

/// <summary>
/// Recipe packages uploaded for a dry run, kept in the data folder until the same user applies them (or for a few
/// hours). A package can be far larger than a form field, so unlike a JSON recipe it does not travel back with the
/// apply form; the page carries only a random token, which is useless to anyone but the uploader.
/// </summary>
public sealed partial class PendingRecipePackages(IOptions<CmsOptions> options, IWebHostEnvironment environment, TimeProvider clock)
{
    /// <summary>How long an uploaded package waits to be applied.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(6);

    private string Folder => Path.Combine(options.Value.ResolveDataDirectory(environment.ContentRootPath), "recipe-uploads");

    /// <summary>Stores <paramref name="content"/> for <paramref name="userId"/> and returns its token.</summary>
    public async Task<string> SaveAsync(Stream content, string userId, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        RemoveExpired();
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await using (var file = new FileStream(PackagePath(token), FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
        {
            await content.CopyToAsync(file, cancellationToken);
        }

        await File.WriteAllTextAsync(OwnerPath(token), Owner(userId), cancellationToken);
        return token;
    }

    /// <summary>The package file for a token, when it exists, belongs to <paramref name="userId"/> and has not expired.</summary>
    public string? Find(string? token, string userId)
    {
        if (token is null || !Token().IsMatch(token))
        {
            return null;
        }

        var package = new FileInfo(PackagePath(token));
        var owner = OwnerPath(token);
        if (!package.Exists || !File.Exists(owner) || clock.GetUtcNow() - package.LastWriteTimeUtc > Lifetime)
        {
            return null;
        }

        return CryptographicOperations.FixedTimeEquals(File.ReadAllBytes(owner), System.Text.Encoding.ASCII.GetBytes(Owner(userId))) ? package.FullName : null;
    }

    /// <summary>Removes a package once applied.</summary>
    public void Delete(string token)
    {
        if (Token().IsMatch(token))
        {
            File.Delete(PackagePath(token));
            File.Delete(OwnerPath(token));
        }
    }

    private void RemoveExpired()
    {
        foreach (var file in new DirectoryInfo(Folder).EnumerateFiles())
        {
            if (clock.GetUtcNow() - file.LastWriteTimeUtc > Lifetime)
            {
                try
                {
                    file.Delete();
                }
                catch (IOException)
                {
                    // Being read by an apply right now; the next upload tries again.
                }
            }
        }
    }

    // Stored hashed: the folder then names no user.
    private static string Owner(string userId) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(userId)));

    private string PackagePath(string token) => Path.Combine(Folder, token + ".zip");

    private string OwnerPath(string token) => Path.Combine(Folder, token + ".owner");

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex Token();
}
