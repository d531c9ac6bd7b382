using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NetTroubleCms.Web.Infrastructure.Storage;

namespace NetTroubleCms.Web.Features.Users;

/// <summary>A user as the users page lists it.</summary>
public sealed record UserRow(string Id, string UserName, string? Email, bool IsDisabled, bool IsLockedOut, IReadOnlyList<string> Roles);

/// <summary>User management for administrators: create, disable, reset password, assign roles.</summary>
public sealed class UserAdminService(UserManager<CmsUser> users, RoleManager<IdentityRole> roles, TimeProvider clock)
{
    /// <summary>Every user with roles.</summary>
    public async Task<IReadOnlyList<UserRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        var all = await users.Users.OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        var rows = new List<UserRow>();
        foreach (var user in all)
        {
            rows.Add(await RowAsync(user));
        }

        return rows;
    }

    /// <summary>One user.</summary>
    public async Task<UserRow?> GetAsync(string id) => await users.FindByIdAsync(id) is { } user ? await RowAsync(user) : null;

    /// <summary>Every role name.</summary>
    public async Task<IReadOnlyList<string>> RoleNamesAsync(CancellationToken cancellationToken = default) =>
        await roles.Roles.Select(r => r.Name!).OrderBy(n => n).ToListAsync(cancellationToken);

    /// <summary>Creates a user with a password and roles.</summary>
    public async Task<IdentityResult> CreateAsync(string userName, string? email, string password, IEnumerable<string> roleNames)
    {
        var user = new CmsUser { UserName = userName, Email = string.IsNullOrWhiteSpace(email) ? null : email, EmailConfirmed = true };
        var result = await users.CreateAsync(user, password);
        return result.Succeeded ? await users.AddToRolesAsync(user, roleNames) : result;
    }

    /// <summary>Replaces a user's roles.</summary>
    public async Task<IdentityResult> SetRolesAsync(string id, IEnumerable<string> roleNames)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return IdentityResult.Failed(new IdentityError { Description = "ユーザーが見つかりません。" });
        }

        var current = await users.GetRolesAsync(user);
        var wanted = roleNames.ToHashSet(StringComparer.Ordinal);
        var removed = await users.RemoveFromRolesAsync(user, current.Where(r => !wanted.Contains(r)));
        if (!removed.Succeeded)
        {
            return removed;
        }

        var result = await users.AddToRolesAsync(user, wanted.Where(r => !current.Contains(r)));
        // A new security stamp makes the user's existing sign-in pick up the new roles.
        return result.Succeeded ? await users.UpdateSecurityStampAsync(user) : result;
    }

    /// <summary>Disables or re-enables a user; a disabled user is signed out everywhere.</summary>
    public async Task<IdentityResult> SetDisabledAsync(string id, bool disabled)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return IdentityResult.Failed(new IdentityError { Description = "ユーザーが見つかりません。" });
        }

        user.IsDisabled = disabled;
        user.LockoutEnd = disabled ? DateTimeOffset.MaxValue : null;
        if (!disabled)
        {
            await users.ResetAccessFailedCountAsync(user);
        }

        var result = await users.UpdateAsync(user);
        return result.Succeeded ? await users.UpdateSecurityStampAsync(user) : result;
    }

    /// <summary>Sets a new password chosen by the administrator.</summary>
    public async Task<IdentityResult> ResetPasswordAsync(string id, string password)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return IdentityResult.Failed(new IdentityError { Description = "ユーザーが見つかりません。" });
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, password);
        if (result.Succeeded && !user.IsDisabled)
        {
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
        }

        return result;
    }

    private async Task<UserRow> RowAsync(CmsUser user) => new(
        user.Id,
        user.UserName ?? "",
        user.Email,
        user.IsDisabled,
        user.LockoutEnd is { } end && end > clock.GetUtcNow(),
        [.. await users.GetRolesAsync(user)]);
}
