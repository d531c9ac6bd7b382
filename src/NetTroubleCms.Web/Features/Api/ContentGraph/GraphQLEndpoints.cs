using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using GraphQL;
using GraphQL.Execution;
using GraphQL.SystemTextJson;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Rules.Custom;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using NetTroubleCms.Content.Snapshot;
using NetTroubleCms.Web.Features.Site;
using NetTroubleCms.Web.Infrastructure;

namespace NetTroubleCms.Web.Features.Api.ContentGraph;

/// <summary>
/// <c>/api/graphql</c>: Orchard Core's GraphQL query shape over the published snapshot. Parsed and validated
/// documents are cached by query text, answers by (query, operation, variables) per snapshot, Apollo's automatic
/// persisted queries are accepted, and GETs carry a strong ETag (snapshot, query hash, operation, variables).
/// </summary>
public static partial class GraphQLEndpoints
{
    private const string JsonContentType = "application/json; charset=utf-8";

    /// <summary>Registers the executer with its document cache, the serializer, the schema cache and the answer caches.</summary>
    public static IServiceCollection AddGraphQLApi(this IServiceCollection services)
    {
        services.AddSingleton<GraphQLDocumentCache>();
        services.AddSingleton<IDocumentExecuter>(sp => new DocumentExecuter(
            new GraphQLDocumentBuilder(), new DocumentValidator(), new DefaultExecutionStrategySelector(), [sp.GetRequiredService<GraphQLDocumentCache>()]));
        // Japanese text stays readable in responses instead of \u escapes.
        services.AddSingleton(new GraphQLSerializer(o => o.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All)));
        services.AddSingleton<ContentSchemaCache>();
        services.AddSingleton<ValidationRules>();
        services.AddSingleton<PersistedQueryStore>();
        services.AddSingleton<GraphQLResultCache>();
        return services;
    }

    /// <summary>Maps GET and POST <c>/graphql</c> under <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapGraphQL(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/graphql").WithTags("GraphQL");
        // Cast: a handler taking only HttpContext would otherwise bind as a RequestDelegate and drop the IResult.
        group.MapGet("/", (Func<HttpContext, Task<IResult>>)GetAsync)
            .WithOwnValidator()
            .WithName("GraphQLGet")
            .WithSummary("Run a GraphQL query (GET)")
            .WithDescription("""
                Orchard Core's query shape: `agency`, `channel`, `decisionNode`, `guide` list fields with `where`, `orderBy`, `first`, `skip`, `status`
                (PUBLISHED only), and `contentItem(contentItemId:)`. Example:
                `{ agency(where: { displayText_contains: "相談" }, first: 5) { contentItemId displayText badge website { url } channels { contentItems { ... on Channel { kind value } } } autoroutePart { path } } }`.
                Automatic persisted queries: `?extensions={"persistedQuery":{"version":1,"sha256Hash":"<sha-256 of the query>"}}&variables=…`
                runs a query registered before (POST it once with `query` and the same `extensions`); an unknown hash answers the error `PersistedQueryNotFound`.
                Answers carry a strong ETag and `If-None-Match` answers 304.
                Depth and complexity are limited; a query over the limit answers 400 with an error.
                """)
            .Produces<JsonObject>(StatusCodes.Status200OK, "application/json")
            .Produces(StatusCodes.Status304NotModified)
            .Produces<JsonObject>(StatusCodes.Status400BadRequest, "application/json");
        group.MapPost("/", (Func<HttpContext, Task<IResult>>)PostAsync)
            .WithName("GraphQLPost")
            .WithSummary("Run a GraphQL query (POST)")
            .WithDescription("Body `application/json` `{ query, variables, operationName, extensions }`, or `application/graphql` with the query as the body. `extensions.persistedQuery` with `query` registers an automatic persisted query (the hash must be the query's SHA-256).")
            .Accepts<JsonObject>("application/json", "application/graphql")
            .Produces<JsonObject>(StatusCodes.Status200OK, "application/json")
            .Produces<JsonObject>(StatusCodes.Status400BadRequest, "application/json");
        return group;
    }

    private static Task<IResult> GetAsync(HttpContext http)
    {
        GraphQLHttpRequest request;
        try
        {
            request = GraphQLRequestReader.FromQueryString(http.Request.Query);
        }
        catch (GraphQLRequestException ex)
        {
            return Task.FromResult<IResult>(BadRequest(ex.Message));
        }

        return ExecuteAsync(http, request, get: true);
    }

    private static async Task<IResult> PostAsync(HttpContext http)
    {
        // Orchard: a POST whose query string carries the query is handled like the GET, whatever its body.
        if (!string.IsNullOrEmpty(http.Request.Query["query"]))
        {
            try
            {
                return await ExecuteAsync(http, GraphQLRequestReader.FromQueryString(http.Request.Query), get: false);
            }
            catch (GraphQLRequestException ex)
            {
                return BadRequest(ex.Message);
            }
        }

        // Read in place: splitting and lower-casing the header allocated on every POST.
        var contentType = http.Request.ContentType.AsSpan();
        var mediaType = (contentType.IndexOf(';') is var semicolon and >= 0 ? contentType[..semicolon] : contentType).Trim();
        var json = mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);
        if (!json && !mediaType.Equals("application/graphql", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                detail: "Send application/json or application/graphql.");
        }

        GraphQLHttpRequest? request;
        try
        {
            request = await GraphQLRequestReader.FromBodyAsync(http.Request, json);
        }
        catch (GraphQLRequestException ex)
        {
            return BadRequest(ex.Message);
        }

        return request is null
            ? BadRequest($"The request body is larger than {GraphQLRequestReader.MaxBodyBytes} bytes.")
            : await ExecuteAsync(http, request, get: false);
    }

    private static async Task<IResult> ExecuteAsync(HttpContext http, GraphQLHttpRequest request, bool get)
    {
        var services = http.RequestServices;
        var query = request.Query;
        string? hash = null;
        if (request.Persisted is { } persisted)
        {
            if (persisted.Version != 1)
            {
                return new GraphQLErrorResult(StatusCodes.Status400BadRequest, "Unsupported persisted query version; only version 1 exists.", "PERSISTED_QUERY_UNSUPPORTED_VERSION");
            }

            hash = persisted.Sha256Hash;
            if (query is not null && PersistedQueryStore.HashOf(query) != hash)
            {
                return new GraphQLErrorResult(StatusCodes.Status400BadRequest, "provided sha does not match query", "PERSISTED_QUERY_HASH_MISMATCH");
            }
        }
        else if (string.IsNullOrWhiteSpace(query))
        {
            return BadRequest("A query is required.");
        }

        var snapshot = await http.GetPublishedSnapshotAsync();
        string? etag = null;
        if (get)
        {
            if (PublicCaching.HasCredentials(http))
            {
                // Same rule as every public GET: a response to a request with credentials never lands in a shared cache.
                http.Response.Headers.CacheControl = PublicCaching.PrivateCacheControl;
            }
            else
            {
                // The query hash names the query whether it was sent in full or by hash, so both forms share one tag.
                etag = PublicCaching.StrongETag(
                    "graphql", snapshot.ETag, hash ?? PersistedQueryStore.HashOf(query!), request.OperationName ?? "", request.Variables ?? "",
                    Compression.PreferredEncoding(http.Request));
                PublicCaching.AddVary(http.Response);
                if (PublicCaching.Matches(http.Request, etag))
                {
                    http.Response.Headers.ETag = etag;
                    http.Response.Headers.CacheControl = PublicCaching.PublicCacheControl;
                    return TypedResults.StatusCode(StatusCodes.Status304NotModified);
                }
            }
        }

        var store = services.GetRequiredService<PersistedQueryStore>();
        if (hash is not null)
        {
            if (query is not null)
            {
                store.Add(hash, query);
            }
            else if (!store.TryGet(hash, out query))
            {
                // Apollo clients recognise this message and send the query with its hash again.
                return new GraphQLErrorResult(StatusCodes.Status200OK, "PersistedQueryNotFound", "PERSISTED_QUERY_NOT_FOUND");
            }
        }

        var theme = services.GetRequiredService<ThemeRenderer>().Generation;
        var results = services.GetRequiredService<GraphQLResultCache>();
        var key = GraphQLResultCache.KeyOf(snapshot, theme, query!, request.OperationName, request.Variables);
        if (results.TryGet(snapshot, key, out var cached))
        {
            return new GraphQLAnswer(StatusCodes.Status200OK, etag, cached, null, null);
        }

        Inputs? inputs = null;
        var serializer = services.GetRequiredService<GraphQLSerializer>();
        if (request.Variables is { } variables)
        {
            try
            {
                inputs = serializer.Deserialize<Inputs>(variables);
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or NotSupportedException)
            {
                return BadRequest("variables is not valid JSON.");
            }
        }

        var options = services.GetRequiredService<IOptions<ApiOptions>>().Value;
        var schema = services.GetRequiredService<ContentSchemaCache>().Get(snapshot, options);
        var rules = services.GetRequiredService<ValidationRules>();
        var result = await services.GetRequiredService<IDocumentExecuter>().ExecuteAsync(o =>
        {
            o.Schema = schema;
            o.Query = query;
            o.Variables = inputs;
            o.OperationName = request.OperationName;
            o.UserContext = new ContentGraphContext(snapshot, options) { RawVariables = inputs, BaseUrl = SiteSeo.BaseUrl(http) };
            o.RequestServices = services;
            o.CancellationToken = http.RequestAborted;
            o.ValidationRules = rules.All;
            o.CachedDocumentValidationRules = rules.OnCachedDocuments;
        });

        if (result.Errors is { Count: > 0 })
        {
            ExplainHiddenTypes(result, snapshot, options);
        }

        // Errors before execution (syntax, validation, limits) are the caller's fault; errors during it come with partial data.
        var status = result.Executed ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
        var keep = result.Executed && result.Errors is not { Count: > 0 } ? (Action<byte[]>)(bytes => results.Add(key, bytes)) : null;
        return new GraphQLAnswer(status, status == StatusCodes.Status200OK ? etag : null, null, result, keep);
    }

    /// <summary>
    /// "Cannot query field 'blogPost'" says nothing about why when BlogPost is a defined type: say that only the types
    /// listed in Cms:Api:PublicTypes are served, so a site importing Orchard recipes knows what to configure.
    /// </summary>
    private static void ExplainHiddenTypes(ExecutionResult result, PublishedSnapshot snapshot, ApiOptions options)
    {
        var errors = new ExecutionErrors();
        var changed = false;
        foreach (var error in result.Errors!)
        {
            var match = UnknownQueryField().Match(error.Message);
            var type = match.Success ? snapshot.Definitions.ContentTypes.FirstOrDefault(t => ContentSchemaBuilder.Camel(t.Name) == match.Groups["f"].Value) : null;
            if (type is null || ContentApiEndpoints.IsPublicType(options, type.Name))
            {
                errors.Add(error);
                continue;
            }

            var explained = new ValidationError($"{error.Message} {type.Name} is a content type of this site, but the API serves only the types listed in Cms:Api:PublicTypes (now: {string.Join(", ", options.ReadableTypes)}); add {type.Name} there to query it.")
            {
                Code = error.Code,
                Number = (error as ValidationError)?.Number,
            };
            foreach (var location in error.Locations ?? [])
            {
                explained.AddLocation(location);
            }

            errors.Add(explained);
            changed = true;
        }

        if (changed)
        {
            result.Errors = errors;
        }
    }

    [GeneratedRegex("^Cannot query field '(?<f>\\w+)' on type 'Query'")]
    private static partial Regex UnknownQueryField();

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad GraphQL request", detail: detail);

    /// <summary>
    /// A GraphQL answer: cached bytes written as they are, or a fresh result streamed through the serializer (and
    /// copied for the cache when <c>keep</c> is given and it is small enough).
    /// </summary>
    private sealed class GraphQLAnswer(int status, string? etag, byte[]? bytes, ExecutionResult? result, Action<byte[]>? keep) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            var response = http.Response;
            response.StatusCode = status;
            response.ContentType = JsonContentType;
            if (etag is not null)
            {
                response.Headers.ETag = etag;
                response.Headers.CacheControl = PublicCaching.PublicCacheControl;
            }
            else if (HttpMethods.IsGet(http.Request.Method) && !response.Headers.ContainsKey(HeaderNames.CacheControl))
            {
                response.Headers.CacheControl = "no-store";
            }

            if (bytes is not null)
            {
                response.ContentLength = bytes.Length;
                await response.Body.WriteAsync(bytes, http.RequestAborted);
                return;
            }

            var serializer = http.RequestServices.GetRequiredService<GraphQLSerializer>();
            if (keep is null)
            {
                await serializer.WriteAsync(response.Body, result, http.RequestAborted);
                return;
            }

            var limit = http.RequestServices.GetRequiredService<GraphQLResultCache>().MaxEntryBytes;
            using var copy = new CapturingStream(response.Body, limit);
            await serializer.WriteAsync(copy, result, http.RequestAborted);
            if (copy.Captured is { } captured)
            {
                keep(captured);
            }
        }
    }

    /// <summary>A GraphQL-shaped error (<c>{ errors: [{ message, extensions: { code } }] }</c>) that clients such as Apollo's act on; never cached.</summary>
    private sealed class GraphQLErrorResult(int status, string message, string code) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            http.Response.ContentType = JsonContentType;
            http.Response.Headers.CacheControl = "no-store";
            http.Response.Headers.Remove(HeaderNames.ETag);
            var result = new ExecutionResult { Executed = false };
            result.AddError(new ExecutionError(message) { Code = code });
            await http.RequestServices.GetRequiredService<GraphQLSerializer>().WriteAsync(http.Response.Body, result, http.RequestAborted);
        }
    }

    /// <summary>
    /// The validation rules, built once: every core rule plus the depth and complexity limits for a new document,
    /// only the limits for a cached one (they read variables, such as a <c>first</c> given as a variable).
    /// </summary>
    private sealed class ValidationRules
    {
        public ValidationRules(IOptions<ApiOptions> options)
        {
            var limits = new ComplexityValidationRule(new ComplexityOptions
            {
                MaxDepth = options.Value.GraphQL.MaxDepth,
                MaxComplexity = options.Value.GraphQL.MaxComplexity,
            });
            All = [.. DocumentValidator.CoreRules, limits];
            OnCachedDocuments = [limits];
        }

        public IValidationRule[] All { get; }

        public IValidationRule[] OnCachedDocuments { get; }
    }

    /// <summary>
    /// The schema for the current definitions: rebuilt only when the definitions or public types change, not on every
    /// publish (the snapshot, and with it the definitions object, is replaced on each publish).
    /// </summary>
    private sealed class ContentSchemaCache(NetTroubleCms.Content.Fields.FieldTypes fieldTypes)
    {
        private readonly Lock _gate = new();
        private volatile Entry? _current;

        public ISchema Get(PublishedSnapshot snapshot, ApiOptions options)
        {
            // Same snapshot (the common case): no need to serialize the definitions to compare them.
            if (_current is { } fast && ReferenceEquals(fast.Definitions, snapshot.Definitions) && ReferenceEquals(fast.Queries, snapshot.SavedQueries) && ReferenceEquals(fast.Options, options))
            {
                return fast.Schema;
            }

            var key = System.Text.Json.JsonSerializer.Serialize(snapshot.Definitions, NetTroubleCms.Content.ContentJson.Compact)
                + "|" + string.Join(',', options.ReadableTypes) + "|" + options.GraphQL.DefaultFirst + "|" + options.GraphQL.MaxFirst
                + "|" + string.Join('|', snapshot.SavedQueries.Select(q => q.ToJson().ToJsonString()));
            lock (_gate)
            {
                var schema = _current is { } current && current.Key == key ? current.Schema : new ContentSchemaBuilder(snapshot.Definitions, options, snapshot.SavedQueries, fieldTypes).Build();
                _current = new Entry(snapshot.Definitions, snapshot.SavedQueries, options, key, schema);
                return schema;
            }
        }

        // A reference type, so readers outside the lock always see a whole entry.
        private sealed record Entry(object Definitions, object Queries, ApiOptions Options, string Key, ISchema Schema);
    }
}
