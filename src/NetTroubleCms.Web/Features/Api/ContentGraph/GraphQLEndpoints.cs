using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using GraphQL;
using GraphQL.SystemTextJson;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Rules.Custom;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using NetTroubleCms.Content.Snapshot;
using NetTroubleCms.Web.Features.Site;
using NetTroubleCms.Web.Infrastructure;

namespace NetTroubleCms.Web.Features.Api.ContentGraph;

/// <summary><c>/api/graphql</c>: Orchard Core's GraphQL query shape over the published snapshot.</summary>
public static class GraphQLEndpoints
{
    private const int MaxBodyChars = 64 * 1024;

    /// <summary>Registers the executer, serializer and schema cache.</summary>
    public static IServiceCollection AddGraphQLApi(this IServiceCollection services)
    {
        services.AddSingleton<IDocumentExecuter, DocumentExecuter>();
        // Japanese text stays readable in responses instead of \u escapes.
        services.AddSingleton(new GraphQLSerializer(o => o.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All)));
        services.AddSingleton<ContentSchemaCache>();
        return services;
    }

    /// <summary>Maps GET and POST <c>/graphql</c> under <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapGraphQL(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/graphql").WithTags("GraphQL");
        group.MapGet("/", GetAsync)
            .WithName("GraphQLGet")
            .WithSummary("Run a GraphQL query (GET)")
            .WithDescription("""
                Orchard Core's query shape: `agency`, `channel`, `decisionNode`, `guide` list fields with `where`, `orderBy`, `first`, `skip`, `status`
                (PUBLISHED only), and `contentItem(contentItemId:)`. Example:
                `{ agency(where: { displayText_contains: "相談" }, first: 5) { contentItemId displayText badge website { url } channels { contentItems { ... on Channel { kind value } } } autoroutePart { path } } }`.
                Depth and complexity are limited; a query over the limit answers 400 with an error.
                """)
            .Produces<JsonObject>(StatusCodes.Status200OK, "application/json")
            .Produces<JsonObject>(StatusCodes.Status400BadRequest, "application/json");
        group.MapPost("/", PostAsync)
            .WithName("GraphQLPost")
            .WithSummary("Run a GraphQL query (POST)")
            .WithDescription("Body `application/json` `{ query, variables, operationName }`, or `application/graphql` with the query as the body.")
            .Accepts<JsonObject>("application/json", "application/graphql")
            .Produces<JsonObject>(StatusCodes.Status200OK, "application/json")
            .Produces<JsonObject>(StatusCodes.Status400BadRequest, "application/json");
        return group;
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetAsync(HttpContext http, string? query, string? variables, string? operationName, GraphQLSerializer serializer)
    {
        Inputs? inputs;
        try
        {
            inputs = string.IsNullOrEmpty(variables) ? null : serializer.Deserialize<Inputs>(variables);
        }
        catch (System.Text.Json.JsonException)
        {
            return BadRequest("variables is not valid JSON.");
        }

        return await ExecuteAsync(http, new GraphQLRequest { Query = query, Variables = inputs, OperationName = operationName });
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> PostAsync(HttpContext http, GraphQLSerializer serializer)
    {
        var body = await ReadBodyAsync(http.Request);
        if (body is null)
        {
            return BadRequest($"The request body is larger than {MaxBodyChars} characters.");
        }

        var mediaType = http.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        switch (mediaType)
        {
            case "application/graphql":
                return await ExecuteAsync(http, new GraphQLRequest { Query = body, OperationName = http.Request.Query["operationName"] });
            case "application/json":
                GraphQLRequest? request;
                try
                {
                    request = serializer.Deserialize<GraphQLRequest>(body);
                }
                catch (System.Text.Json.JsonException)
                {
                    return BadRequest("The body is not valid JSON.");
                }

                return request is null ? BadRequest("The body must be a JSON object { query, variables, operationName }.") : await ExecuteAsync(http, request);
            default:
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status415UnsupportedMediaType,
                    title: "Unsupported media type",
                    detail: "Send application/json or application/graphql.");
        }
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> ExecuteAsync(HttpContext http, GraphQLRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Query))
        {
            return BadRequest("A query is required.");
        }

        var services = http.RequestServices;
        var options = services.GetRequiredService<IOptions<ApiOptions>>().Value;
        var snapshot = await http.GetPublishedSnapshotAsync();
        var schema = services.GetRequiredService<ContentSchemaCache>().Get(snapshot, options);
        var result = await services.GetRequiredService<IDocumentExecuter>().ExecuteAsync(o =>
        {
            o.Schema = schema;
            o.Query = request.Query;
            o.Variables = request.Variables;
            o.OperationName = request.OperationName;
            o.UserContext = new ContentGraphContext(snapshot, options) { RawVariables = request.Variables, BaseUrl = SiteSeo.BaseUrl(http) };
            o.RequestServices = services;
            o.CancellationToken = http.RequestAborted;
            o.ValidationRules = DocumentValidator.CoreRules.Append(new ComplexityValidationRule(new ComplexityOptions
            {
                MaxDepth = options.GraphQL.MaxDepth,
                MaxComplexity = options.GraphQL.MaxComplexity,
            }));
        });
        var json = services.GetRequiredService<GraphQLSerializer>().Serialize(result);
        if (result.Errors is { Count: > 0 })
        {
            json = ExplainHiddenTypes(json, snapshot, options);
        }

        // Errors before execution (syntax, validation, limits) are the caller's fault; errors during it come with partial data.
        var status = result.Executed ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
        return TypedResults.Content(json, "application/json", Encoding.UTF8, status);
    }

    /// <summary>
    /// "Cannot query field 'blogPost'" says nothing about why when BlogPost is a defined type: say that only the types
    /// listed in Cms:Api:PublicTypes are served, so a site importing Orchard recipes knows what to configure.
    /// </summary>
    private static string ExplainHiddenTypes(string json, PublishedSnapshot snapshot, ApiOptions options)
    {
        if (JsonNode.Parse(json) is not JsonObject root || root["errors"] is not JsonArray errors)
        {
            return json;
        }

        var changed = false;
        foreach (var error in errors.OfType<JsonObject>())
        {
            var message = error["message"]?.ToString() ?? "";
            var match = System.Text.RegularExpressions.Regex.Match(message, "^Cannot query field '(?<f>\\w+)' on type 'Query'");
            if (!match.Success)
            {
                continue;
            }

            var field = match.Groups["f"].Value;
            var type = snapshot.Definitions.ContentTypes.FirstOrDefault(t => ContentSchemaBuilder.Camel(t.Name) == field);
            if (type is not null && !ContentApiEndpoints.IsPublicType(options, type.Name))
            {
                error["message"] = $"{message} {type.Name} is a content type of this site, but the API serves only the types listed in Cms:Api:PublicTypes (now: {string.Join(", ", options.ReadableTypes)}); add {type.Name} there to query it.";
                changed = true;
            }
        }

        return changed ? root.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) }) : json;
    }

    private static async Task<string?> ReadBodyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = new char[MaxBodyChars + 1];
        var total = 0;
        int read;
        while (total <= MaxBodyChars && (read = await reader.ReadAsync(buffer.AsMemory(total, buffer.Length - total), request.HttpContext.RequestAborted)) > 0)
        {
            total += read;
        }

        return total > MaxBodyChars ? null : new string(buffer, 0, total);
    }

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad GraphQL request", detail: detail);

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
