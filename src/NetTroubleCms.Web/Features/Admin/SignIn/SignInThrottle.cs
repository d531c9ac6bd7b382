using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using NetTroubleCms.Web.Features.Admin.Resources;
using NetTroubleCms.Web.Features.ScaleOut;
using NetTroubleCms.Web.Infrastructure.Storage;

namespace NetTroubleCms.Web.Features.Admin.SignIn;

/// <summary>Limits on sign-in attempts (<c>Cms:SignIn</c>); both answer 429 before Identity's lockout (5 failures) is reached.</summary>
public sealed class SignInThrottleOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Cms:SignIn";

    /// <summary>Sign-in posts one client address may send per window.</summary>
    [Range(1, 100_000)]
    public int PerIpPermitLimit { get; set; } = 20;

    /// <summary>Window of the per-address limit, in seconds.</summary>
    [Range(1, 86_400)]
    public int PerIpWindowSeconds { get; set; } = 300;

    /// <summary>Sign-in attempts per user name and window; below the lockout threshold so a stranger cannot lock an account.</summary>
    [Range(1, 100_000)]
    public int PerAccountPermitLimit { get; set; } = 4;

    /// <summary>Window of the per-account limit, in seconds.</summary>
    [Range(1, 86_400)]
    public int PerAccountWindowSeconds { get; set; } = 900;
}

/// <summary>
/// Per-account counter of sign-in attempts. The per-address limit is the rate-limiter middleware's
/// (<see cref="PerIpPolicy"/>); this one needs the posted user name, so the page asks it. Both count through
/// <see cref="IFixedWindowLimits"/>: in memory, or in Redis when it is configured, so that attempts spread over
/// several instances add up.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    /// <summary>Name of the per-address rate-limit policy on <c>/admin/login</c>.</summary>
    public const string PerIpPolicy = "AdminSignIn";

    private readonly PartitionedRateLimiter<string> _accounts;

    /// <summary>Creates the limiter from the options.</summary>
    public SignInThrottle(IOptions<SignInThrottleOptions> options, IFixedWindowLimits limits)
    {
        var o = options.Value;
        _accounts = PartitionedRateLimiter.Create<string, string>(name => RateLimitPartition.Get(name, n =>
            limits.Create("signin-account", n, o.PerAccountPermitLimit, TimeSpan.FromSeconds(o.PerAccountWindowSeconds))));
    }

    /// <summary>Takes one attempt for <paramref name="userName"/>; null when allowed, else the seconds to wait.</summary>
    public async Task<int?> TryAttemptAsync(string userName, CancellationToken cancellationToken = default)
    {
        // Unknown names are counted too, so the answer does not tell which names exist.
        using var lease = await _accounts.AcquireAsync(userName.Trim().ToUpperInvariant(), cancellationToken: cancellationToken);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 60;
    }

    /// <inheritdoc />
    public void Dispose() => _accounts.Dispose();

    /// <summary>The message shown with a 429, in the admin's language.</summary>
    public static string TooManyMessage(IStringLocalizer<AdminText> t, int seconds) =>
        t["ログインの試行が多すぎます。{0} 秒後にもう一度お試しください。", seconds];

    /// <summary>Registers the throttle and the per-address policy.</summary>
    public static IServiceCollection AddSignInThrottle(IServiceCollection services)
    {
        services.AddOptions<SignInThrottleOptions>().BindConfiguration(SignInThrottleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SignInThrottle>();
        services.AddRateLimiter(o => o.AddPolicy<string, PerAddressPolicy>(PerIpPolicy));
        return services;
    }

    /// <summary>
    /// Sign-in posts per client address (after forwarded headers, so behind a known proxy it is the reader's address).
    /// Showing the form is not limited.
    /// </summary>
    private sealed class PerAddressPolicy(IOptions<SignInThrottleOptions> options, IFixedWindowLimits limits) : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (context, token) =>
        {
            var http = context.HttpContext;
            var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
                : options.Value.PerIpWindowSeconds;
            // The rate limiter runs before request localization: read the admin's language cookie here.
            var culture = CookieRequestCultureProvider.ParseCookieValue(http.Request.Cookies[CookieRequestCultureProvider.DefaultCookieName] ?? "")?.UICultures.FirstOrDefault().Value;
            var previous = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = culture == "en" ? new CultureInfo("en") : new CultureInfo("ja");
            try
            {
                var t = http.RequestServices.GetRequiredService<IStringLocalizer<AdminText>>();
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                http.Response.Headers.CacheControl = "no-store";
                http.Response.ContentType = "text/plain; charset=utf-8";
                await http.Response.WriteAsync(TooManyMessage(t, seconds), token);
            }
            finally
            {
                CultureInfo.CurrentUICulture = previous;
            }
        };

        public RateLimitPartition<string> GetPartition(HttpContext httpContext)
        {
            if (!HttpMethods.IsPost(httpContext.Request.Method))
            {
                return RateLimitPartition.GetNoLimiter("form");
            }

            var o = options.Value;
            return RateLimitPartition.Get(httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown", address =>
                limits.Create("signin-address", address, o.PerIpPermitLimit, TimeSpan.FromSeconds(o.PerIpWindowSeconds)));
        }
    }
}

/// <summary>
/// A password hash to check against when there is no real one, so every failed sign-in costs the same time. It is a
/// singleton (hashing once is the point) and Identity's hasher is scoped, so it keeps its own hasher built from the
/// same options: same algorithm, same iteration count.
/// </summary>
public sealed class DummyPasswordHash(IOptions<PasswordHasherOptions> options)
{
    private static readonly CmsUser Nobody = new() { UserName = "nobody" };
    private readonly PasswordHasher<CmsUser> _hasher = new(options);
    private readonly Lazy<string> _hash = new(() => new PasswordHasher<CmsUser>(options).HashPassword(Nobody, Guid.NewGuid().ToString("n")));

    /// <summary>Runs one verification against a throw-away hash (the result is always a failure).</summary>
    public void Verify(string password) => _hasher.VerifyHashedPassword(Nobody, _hash.Value, password);
}
