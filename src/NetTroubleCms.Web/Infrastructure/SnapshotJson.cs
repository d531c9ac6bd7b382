using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using NetTroubleCms.Content.Snapshot;

namespace NetTroubleCms.Web.Infrastructure;

/// <summary>
/// Response bodies that are a pure function of the published snapshot and a few request values (the whole guide, the
/// HSDS document, CSV exports, agency list pages): built once per snapshot and key, then sent as bytes, with their
/// compressed forms made once too (<see cref="CachedBody"/>). They are dropped with their snapshot.
/// </summary>
public static class SnapshotBodies
{
    // Bounded per snapshot, so free-text queries cannot fill memory; past the bound bodies are built per request.
    private const int MaxBodiesPerSnapshot = 4096;
    private static readonly ConditionalWeakTable<PublishedSnapshot, ConcurrentDictionary<string, Lazy<Task<CachedBody>>>> Built = [];

    /// <summary>
    /// The body for <paramref name="key"/> in <paramref name="snapshot"/>: <paramref name="build"/> runs once, however
    /// many requests ask at the same time (they await the one build). <c>Shared</c> is false when the cache is full
    /// and the body was built for this request only.
    /// </summary>
    public static async ValueTask<(CachedBody Body, bool Shared)> GetAsync(PublishedSnapshot snapshot, string key, Func<CachedBody> build)
    {
        var bodies = Built.GetOrCreateValue(snapshot);
        if (!bodies.TryGetValue(key, out var entry))
        {
            if (bodies.Count >= MaxBodiesPerSnapshot)
            {
                return (build(), false);
            }

            // The build runs off the request thread, so requests waiting on it hold no thread.
            entry = bodies.GetOrAdd(key, _ => new Lazy<Task<CachedBody>>(() => Task.Run(build)));
        }

        try
        {
            return (await entry.Value, true);
        }
        catch
        {
            // A failed build is not kept: the next request tries again.
            bodies.TryRemove(new KeyValuePair<string, Lazy<Task<CachedBody>>>(key, entry));
            throw;
        }
    }
}

/// <summary>JSON answers kept per snapshot (see <see cref="SnapshotBodies"/>).</summary>
public static class SnapshotJson
{
    /// <summary>The media type of every JSON answer.</summary>
    public const string ContentType = "application/json; charset=utf-8";

    /// <summary>
    /// The answer for <paramref name="key"/> in <paramref name="snapshot"/>: <paramref name="build"/> runs and is
    /// serialised with the app's JSON options the first time only.
    /// </summary>
    public static async ValueTask<CachedJson<T>> GetAsync<T>(HttpContext http, PublishedSnapshot snapshot, string key, Func<T> build)
    {
        var options = Options(http);
        var (body, shared) = await SnapshotBodies.GetAsync(snapshot, key, () =>
        {
            // Serialised as it is written, in chunks: no second copy of a large answer is made.
            var buffer = new BodyBufferStream();
            JsonSerializer.Serialize(buffer, build(), options);
            return new CachedBody(buffer.ToBody(), ContentType);
        });
        return new CachedJson<T>(body, shared);
    }

    /// <summary>
    /// Like <see cref="GetAsync{T}"/> for a document written piece by piece with a <see cref="Utf8JsonWriter"/>
    /// (configured from the app's JSON options), so that no tree of the whole document exists at any time.
    /// </summary>
    public static async ValueTask<CachedJson<T>> WriteAsync<T>(HttpContext http, PublishedSnapshot snapshot, string key, Action<Utf8JsonWriter, JsonSerializerOptions> write)
    {
        var options = Options(http);
        var (body, shared) = await SnapshotBodies.GetAsync(snapshot, key, () =>
        {
            var buffer = new BodyBufferStream();
            using (var writer = new Utf8JsonWriter((System.Buffers.IBufferWriter<byte>)buffer, new JsonWriterOptions
            {
                Encoder = options.Encoder,
                Indented = options.WriteIndented,
                MaxDepth = options.MaxDepth,
            }))
            {
                write(writer, options);
            }

            return new CachedBody(buffer.ToBody(), ContentType);
        });
        return new CachedJson<T>(body, shared);
    }

    private static JsonSerializerOptions Options(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
}

/// <summary>A 200 JSON answer of type <typeparamref name="T"/> already serialised; described to OpenAPI as <typeparamref name="T"/>.</summary>
public sealed class CachedJson<T>(CachedBody body, bool shared) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, ICachedBodyResult
{
    /// <summary>The serialised answer.</summary>
    public CachedBody Body => body;

    /// <inheritdoc />
    public int? StatusCode => StatusCodes.Status200OK;

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext) =>
        // An answer built for this request only is not worth a slow encoding: the middleware compresses it on the fly.
        shared ? body.WriteAsync(httpContext) : body.WriteIdentityAsync(httpContext);

    /// <inheritdoc />
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "IEndpointMetadataProvider is a static interface member; the metadata depends on T.")]
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
}
