using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using NetTroubleCms.Content.Snapshot;

namespace NetTroubleCms.Web.Infrastructure;

/// <summary>
/// JSON answers that are a pure function of the published snapshot and a few request values (the whole guide, the HSDS
/// document): serialised once per snapshot and key, then written as bytes, as rendered pages are. They are dropped with
/// their snapshot.
/// </summary>
public static class SnapshotJson
{
    // Bounded per snapshot, so free-text queries cannot fill memory; past the bound answers are serialised per request.
    private const int MaxAnswersPerSnapshot = 4096;
    private static readonly ConditionalWeakTable<PublishedSnapshot, ConcurrentDictionary<string, byte[]>> Serialised = [];

    /// <summary>
    /// The answer for <paramref name="key"/> in <paramref name="snapshot"/>: <paramref name="build"/> runs and is
    /// serialised with the app's JSON options the first time only.
    /// </summary>
    public static CachedJson<T> Get<T>(HttpContext http, PublishedSnapshot snapshot, string key, Func<T> build)
    {
        var answers = Serialised.GetOrCreateValue(snapshot);
        if (answers.TryGetValue(key, out var bytes))
        {
            return new CachedJson<T>(bytes);
        }

        var options = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        bytes = JsonSerializer.SerializeToUtf8Bytes(build(), options);
        if (answers.Count < MaxAnswersPerSnapshot)
        {
            answers.TryAdd(key, bytes);
        }

        return new CachedJson<T>(bytes);
    }
}

/// <summary>A 200 JSON answer of type <typeparamref name="T"/> already serialised; described to OpenAPI as <typeparamref name="T"/>.</summary>
public sealed class CachedJson<T>(byte[] utf8) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult
{
    /// <inheritdoc />
    public int? StatusCode => StatusCodes.Status200OK;

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        httpContext.Response.ContentLength = utf8.Length;
        return httpContext.Response.Body.WriteAsync(utf8).AsTask();
    }

    /// <inheritdoc />
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "IEndpointMetadataProvider is a static interface member; the metadata depends on T.")]
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
}
