using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using NetTroubleCms.Content.Snapshot;

namespace NetTroubleCms.Web.Infrastructure;

/// <summary>
/// HTTP caching for public GETs rendered from the published snapshot: a strong ETag per snapshot and request variant,
/// <c>304 Not Modified</c> on a matching <c>If-None-Match</c>, and shared-cache headers. Requests that carry
/// credentials are never cached, so a signed-in editor's response can never be served to someone else.
/// </summary>
public static class PublicCaching
{
    /// <summary>Cache-Control for public responses: short freshness, then served stale while a cache revalidates.</summary>
    public const string PublicCacheControl = "public, max-age=60, stale-while-revalidate=300";

    /// <summary>Cache-Control for anything tied to a user.</summary>
    public const string PrivateCacheControl = "private, no-store";

    private static readonly object SnapshotKey = new();

    // Vary of a public response that has none yet, as one value set: three Appends would copy the list three times.
    private static readonly Microsoft.Extensions.Primitives.StringValues PublicVary = new(["Accept-Language", "Origin", "Accept-Encoding"]);

    // ETags per snapshot and request variant: the tag is a SHA-256 over the variant, the same for every request of
    // that variant until the next publication, so it is hashed once and looked up afterwards. Bounded like the page
    // cache, so odd paths and query strings cannot fill memory (past the bound the tag is hashed per request).
    private const int MaxCachedETagsPerSnapshot = 8192;
    private static readonly ConditionalWeakTable<PublishedSnapshot, ConcurrentDictionary<Variant, string>> ETags = [];

    /// <summary>Adds ETag, 304 and Cache-Control handling to GET and HEAD requests of these endpoints.</summary>
    public static TBuilder WithPublicCaching<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.AddEndpointFilter(new PublicCachingFilter());

    /// <summary>
    /// Marks endpoints inside a <see cref="WithPublicCaching{TBuilder}"/> group that validate their GETs themselves
    /// (their representation is not named by path and query string alone); the group's filter leaves them alone.
    /// </summary>
    public static TBuilder WithOwnValidator<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(OwnValidator.Instance);

    /// <summary>
    /// The snapshot this request reads: fetched once and kept for the request, so the ETag and the body always come
    /// from the same published state even when something is published mid-request.
    /// </summary>
    public static async ValueTask<PublishedSnapshot> GetPublishedSnapshotAsync(this HttpContext http)
    {
        if (http.Items.TryGetValue(SnapshotKey, out var cached) && cached is PublishedSnapshot snapshot)
        {
            return snapshot;
        }

        snapshot = await http.RequestServices.GetRequiredService<PublishedSnapshotProvider>().GetAsync(http.RequestAborted);
        http.Items[SnapshotKey] = snapshot;
        return snapshot;
    }

    /// <summary>True when the request carries credentials of any kind (signed-in user, Authorization header, auth cookie).</summary>
    public static bool HasCredentials(HttpContext http)
    {
        // The user is read from the feature, not HttpContext.User: a request that nothing signed in (authentication
        // only runs for requests with credentials, see CredentialedAuthentication) would otherwise get an empty
        // principal allocated just to answer false.
        var headers = http.Request.Headers;
        if (headers.Authorization.Count > 0 || http.Features.Get<IHttpAuthenticationFeature>()?.User?.Identity?.IsAuthenticated == true)
        {
            return true;
        }

        // Without a Cookie header there is no auth cookie: the common anonymous request stops here.
        if (headers.Cookie.Count == 0)
        {
            return false;
        }

        // An expired or foreign auth cookie does not sign anybody in, but still marks a browser that has an account here.
        var cookies = http.RequestServices.GetService<IOptionsMonitor<CookieAuthenticationOptions>>();
        var name = cookies?.Get(IdentityConstants.ApplicationScheme).Cookie.Name;
        if (name is null)
        {
            return false;
        }

        foreach (var key in http.Request.Cookies.Keys)
        {
            if (key.StartsWith(name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The strong ETag of this request's variant (path, query, language and content coding) of <paramref name="snapshot"/>.</summary>
    public static string ETagFor(PublishedSnapshot snapshot, HttpRequest request)
    {
        var variant = new Variant(
            request.Path.Value ?? "",
            request.QueryString.Value ?? "",
            request.Headers.AcceptLanguage.ToString(),
            Compression.Negotiate(request));
        var tags = ETags.GetValue(snapshot, static _ => new ConcurrentDictionary<Variant, string>());
        if (tags.TryGetValue(variant, out var etag))
        {
            return etag;
        }

        etag = Hash(snapshot, variant);
        if (tags.Count < MaxCachedETagsPerSnapshot)
        {
            tags.TryAdd(variant, etag);
        }

        return etag;
    }

    private static string Hash(PublishedSnapshot snapshot, Variant variant)
    {
        var text = string.Join('\n', snapshot.ETag, variant.Path, variant.Query, variant.AcceptLanguage, Compression.Name(variant.Coding));
        return "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32] + "\"";
    }

    /// <summary>A strong ETag over <paramref name="parts"/> (the snapshot's hash should be one of them).</summary>
    public static string StrongETag(params ReadOnlySpan<string> parts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        foreach (var part in parts)
        {
            // Length-prefixed, so that ("ab", "c") and ("a", "bc") never share a tag.
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, part.Length);
            hash.AppendData(length);
            hash.AppendData(Encoding.UTF8.GetBytes(part));
        }

        return "\"" + Convert.ToHexStringLower(hash.GetHashAndReset())[..32] + "\"";
    }

    /// <summary>True when <c>If-None-Match</c> names <paramref name="etag"/> (or <c>*</c>).</summary>
    public static bool Matches(HttpRequest request, string etag)
    {
        foreach (var value in request.Headers.IfNoneMatch)
        {
            if (value is null)
            {
                continue;
            }

            foreach (var candidate in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                // If-None-Match uses the weak comparison (RFC 9110 13.1.2): a W/ prefix does not prevent a match.
                var tag = candidate.StartsWith("W/", StringComparison.Ordinal) ? candidate[2..] : candidate;
                if (tag == "*" || string.Equals(tag, etag, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Vary of public responses: the CORS origin and the content coding (and the language, for pages).</summary>
    public static void AddVary(HttpResponse response)
    {
        if (response.Headers.Vary.Count == 0)
        {
            response.Headers.Vary = PublicVary;
            return;
        }

        response.Headers.Append(HeaderNames.Vary, "Accept-Language");
        response.Headers.Append(HeaderNames.Vary, "Origin");
        response.Headers.Append(HeaderNames.Vary, "Accept-Encoding");
    }

    private sealed class PublicCachingFilter : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            var http = context.HttpContext;
            if ((!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
                || http.GetEndpoint()?.Metadata.GetMetadata<OwnValidator>() is not null)
            {
                return await next(context);
            }

            var response = http.Response;
            if (HasCredentials(http))
            {
                response.OnStarting(() =>
                {
                    response.Headers.CacheControl = PrivateCacheControl;
                    response.Headers.Remove(HeaderNames.ETag);
                    return Task.CompletedTask;
                });
                return await next(context);
            }

            var snapshot = await http.GetPublishedSnapshotAsync();
            var etag = ETagFor(snapshot, http.Request);
            AddVary(response);
            if (Matches(http.Request, etag))
            {
                response.Headers.ETag = etag;
                response.Headers.CacheControl = PublicCacheControl;
                return TypedResults.StatusCode(StatusCodes.Status304NotModified);
            }

            // The cache headers are decided once the handler has returned its result, which runs after this filter:
            // handlers under this filter return results rather than write the response themselves. One that did would
            // be sent without ETag and Cache-Control, which only makes it uncacheable.
            var result = await next(context);
            if (response.HasStarted)
            {
                return result;
            }

            if ((result is INestedHttpResult nested ? nested.Result : result) is ICachedBodyResult)
            {
                // A body kept per snapshot is always sent as 200: its headers are set now, without a callback.
                response.Headers.ETag = etag;
                response.Headers.CacheControl = PublicCacheControl;
                return result;
            }

            response.OnStarting(() =>
            {
                // Only a successful body is worth validating; errors such as 400 or 429 must not stick in a shared cache.
                if (response.StatusCode == StatusCodes.Status200OK)
                {
                    response.Headers.ETag = etag;
                    response.Headers.CacheControl = PublicCacheControl;
                }
                else if (response.StatusCode == StatusCodes.Status404NotFound)
                {
                    response.Headers.CacheControl = PublicCacheControl;
                }
                else
                {
                    response.Headers.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            });
            return result;
        }
    }

    private readonly record struct Variant(string Path, string Query, string AcceptLanguage, ContentCoding Coding);

    private sealed class OwnValidator
    {
        public static readonly OwnValidator Instance = new();
    }
}
