using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using GraphQL;
using GraphQL.DI;
using GraphQL.Types;
using GraphQLParser.AST;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using NetTroubleCms.Content.Snapshot;

namespace NetTroubleCms.Web.Features.Api.ContentGraph;

/// <summary>
/// Parsed and validated documents by query text, plugged into GraphQL.NET's execution pipeline
/// (<see cref="IConfigureExecution"/>): a query seen before skips the parser and the static validation rules and runs
/// only <see cref="ExecutionOptions.CachedDocumentValidationRules"/> (the limits, which depend on variables). A document
/// is valid only for the schema it was checked against, so the schema is part of the key; the size limit is the total
/// length of the cached query texts.
/// </summary>
public sealed class GraphQLDocumentCache(IOptions<ApiOptions> options) : IConfigureExecution, IDisposable
{
    private readonly MemoryCache _documents = new(new MemoryCacheOptions { SizeLimit = options.Value.GraphQL.DocumentCacheChars });

    /// <inheritdoc />
    public float SortOrder => 200;

    /// <inheritdoc />
    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        if (options.Document is not null || options.Query is not { } query || options.Schema is not { } schema)
        {
            return await next(options);
        }

        var key = new DocumentKey(schema, query);
        if (_documents.TryGetValue(key, out GraphQLDocument? document) && document is not null)
        {
            options.Document = document;
            options.ValidationRules = options.CachedDocumentValidationRules ?? [];
            return await next(options);
        }

        var result = await next(options);
        // Executed means the document passed validation; a document that failed is not worth keeping.
        if (result.Executed && result.Document is not null)
        {
            _documents.Set(key, result.Document, new MemoryCacheEntryOptions { Size = Math.Max(1, query.Length) });
        }

        return result;
    }

    /// <inheritdoc />
    public void Dispose() => _documents.Dispose();

    private sealed record DocumentKey(ISchema Schema, string Query);
}

/// <summary>
/// Automatic persisted queries (Apollo's convention): a client registers a query under its SHA-256 hash by sending
/// both, then sends only the hash (also as a cacheable GET). The hash is checked against the text, so nobody can park a
/// different query under a known hash. Kept in memory, bounded by total query length: a client that meets
/// <c>PersistedQueryNotFound</c> (restart, eviction, another instance) sends the query again.
/// </summary>
public sealed class PersistedQueryStore(IOptions<ApiOptions> options) : IDisposable
{
    private readonly MemoryCache _queries = new(new MemoryCacheOptions { SizeLimit = options.Value.GraphQL.PersistedQueryChars });

    /// <summary>Lower-case hex SHA-256 of the query's UTF-8 bytes, as Apollo clients compute it.</summary>
    public static string HashOf(string query) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(query)));

    /// <summary>The query registered under <paramref name="hash"/>.</summary>
    public bool TryGet(string hash, [NotNullWhen(true)] out string? query) => _queries.TryGetValue(hash, out query) && query is not null;

    /// <summary>Registers <paramref name="query"/>; the caller has checked that <paramref name="hash"/> is its hash.</summary>
    public void Add(string hash, string query) =>
        _queries.Set(hash, query, new MemoryCacheEntryOptions { Size = Math.Max(1, query.Length) });

    /// <inheritdoc />
    public void Dispose() => _queries.Dispose();
}

/// <summary>
/// Serialized answers of successful queries for one published state: identical (query, operation, variables) on the
/// same snapshot give identical bytes, so they are computed once. Keys carry the snapshot's content hash, and the
/// first request that sees a newer snapshot empties the cache, so nothing from before a publish is served after it.
/// Bounded by total bytes; one answer larger than a sixteenth of the budget is streamed but not kept.
/// </summary>
public sealed class GraphQLResultCache(IOptions<ApiOptions> options) : IDisposable
{
    private readonly MemoryCache _results = new(new MemoryCacheOptions { SizeLimit = options.Value.GraphQL.ResultCacheBytes });
    private readonly Lock _gate = new();
    private PublishedSnapshot? _latest;

    /// <summary>Largest answer kept, in bytes.</summary>
    public int MaxEntryBytes { get; } = (int)Math.Min(int.MaxValue, options.Value.GraphQL.ResultCacheBytes / 16);

    /// <summary>The key of one answer on <paramref name="snapshot"/>.</summary>
    // The parts side by side rather than joined: joining copied the whole query text (up to 64 Ki characters) per request.
    public static ResultKey KeyOf(PublishedSnapshot snapshot, int themeGeneration, string query, string? operationName, string? variables) =>
        new(snapshot.ETag, themeGeneration, operationName ?? "", variables ?? "", query);

    /// <summary>The bytes of an earlier identical answer on this snapshot.</summary>
    public bool TryGet(PublishedSnapshot snapshot, ResultKey key, [NotNullWhen(true)] out byte[]? bytes)
    {
        Observe(snapshot);
        return _results.TryGetValue(key, out bytes) && bytes is not null;
    }

    /// <summary>Keeps the bytes of a successful answer.</summary>
    public void Add(ResultKey key, byte[] bytes)
    {
        if (bytes.Length <= MaxEntryBytes)
        {
            _results.Set(key, bytes, new MemoryCacheEntryOptions { Size = Math.Max(1, bytes.Length) });
        }
    }

    /// <inheritdoc />
    public void Dispose() => _results.Dispose();

    /// <summary>What makes two answers identical: the published state, the theme, and the request as sent.</summary>
    public sealed record ResultKey(string SnapshotETag, int ThemeGeneration, string OperationName, string Variables, string Query);

    // A request that still holds the previous snapshot (it was taken just before the swap) must not empty the cache
    // again, so only a snapshot built later than the last one seen counts as a replacement.
    private void Observe(PublishedSnapshot snapshot)
    {
        var latest = Volatile.Read(ref _latest);
        if (ReferenceEquals(latest, snapshot) || (latest is not null && latest.BuiltUtc > snapshot.BuiltUtc))
        {
            return;
        }

        lock (_gate)
        {
            latest = _latest;
            if (ReferenceEquals(latest, snapshot) || (latest is not null && latest.BuiltUtc > snapshot.BuiltUtc))
            {
                return;
            }

            var replaced = latest is not null && latest.ETag != snapshot.ETag;
            Volatile.Write(ref _latest, snapshot);
            if (replaced)
            {
                _results.Compact(1.0);
            }
        }
    }
}

/// <summary>
/// Passes writes through to the response and keeps a copy while it stays under a limit, so an answer is streamed to
/// the client and, when small enough, kept for the next identical request without serializing it twice.
/// </summary>
public sealed class CapturingStream(Stream inner, int limit) : Stream
{
    private MemoryStream? _copy = new();

    /// <summary>The bytes written, or null when they went over the limit.</summary>
    public byte[]? Captured => _copy?.ToArray();

    /// <inheritdoc />
    public override bool CanRead => false;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <inheritdoc />
    public override void Flush() => inner.Flush();

    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count)
    {
        Copy(buffer.AsSpan(offset, count));
        inner.Write(buffer, offset, count);
    }

    /// <inheritdoc />
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Copy(buffer.Span);
        await inner.WriteAsync(buffer, cancellationToken);
    }

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        // The response body belongs to the server; only the copy is ours.
        if (disposing)
        {
            _copy?.Dispose();
            _copy = null;
        }

        base.Dispose(disposing);
    }

    private void Copy(ReadOnlySpan<byte> bytes)
    {
        if (_copy is null)
        {
            return;
        }

        if (_copy.Length + bytes.Length > limit)
        {
            _copy.Dispose();
            _copy = null;
            return;
        }

        _copy.Write(bytes);
    }
}
