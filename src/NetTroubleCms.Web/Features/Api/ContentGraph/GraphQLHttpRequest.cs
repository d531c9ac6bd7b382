using System.Buffers;
using System.Text;
using System.Text.Json;

namespace NetTroubleCms.Web.Features.Api.ContentGraph;

/// <summary>
/// One GraphQL request as sent over HTTP: the query (absent when only a persisted query's hash is sent), the
/// operation, the variables as their raw JSON text (part of cache keys and ETags; parsed only when the query runs) and
/// Apollo's <c>extensions.persistedQuery</c>.
/// </summary>
public sealed record GraphQLHttpRequest(string? Query, string? OperationName, string? Variables, PersistedQueryReference? Persisted);

/// <summary>Apollo's <c>extensions.persistedQuery</c>: <c>{ "version": 1, "sha256Hash": "…" }</c>.</summary>
public sealed record PersistedQueryReference(int Version, string Sha256Hash);

/// <summary>A request that cannot be read; the message says why.</summary>
public sealed class GraphQLRequestException(string message) : Exception(message);

/// <summary>Reads <see cref="GraphQLHttpRequest"/> from GET parameters and POST bodies without buffering more than the body.</summary>
public static class GraphQLRequestReader
{
    /// <summary>Largest POST body accepted: 64 Ki characters even when every one takes three UTF-8 bytes.</summary>
    public const int MaxBodyBytes = 3 * 64 * 1024;

    /// <summary>From <c>?query=&amp;variables=&amp;operationName=&amp;extensions=</c>.</summary>
    public static GraphQLHttpRequest FromQueryString(IQueryCollection query)
    {
        var variables = (string?)query["variables"];
        if (!string.IsNullOrEmpty(variables))
        {
            variables = RawObject(variables, "variables");
        }

        var extensions = (string?)query["extensions"];
        PersistedQueryReference? persisted = null;
        if (!string.IsNullOrEmpty(extensions))
        {
            try
            {
                using var document = JsonDocument.Parse(extensions);
                persisted = Persisted(document.RootElement);
            }
            catch (JsonException)
            {
                throw new GraphQLRequestException("extensions is not valid JSON.");
            }
        }

        return new GraphQLHttpRequest(Empty(query["query"]), Empty(query["operationName"]), variables is null or "" or "{}" ? null : variables, persisted);
    }

    /// <summary>From a POST body; null when the body is larger than <see cref="MaxBodyBytes"/>.</summary>
    public static async Task<GraphQLHttpRequest?> FromBodyAsync(HttpRequest request, bool json)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        // A pooled buffer sized by Content-Length when given: no per-request allocation beyond the strings kept.
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(MaxBodyBytes + 1, Math.Max(request.ContentLength ?? 4096, 256)));
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > MaxBodyBytes)
                    {
                        return null;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(MaxBodyBytes + 1, buffer.Length * 2));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), request.HttpContext.RequestAborted);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            if (length > MaxBodyBytes)
            {
                return null;
            }

            return json
                ? FromJson(buffer.AsMemory(0, length))
                : new GraphQLHttpRequest(Encoding.UTF8.GetString(buffer, 0, length), Empty(request.Query["operationName"]), null, null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static GraphQLHttpRequest FromJson(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw new GraphQLRequestException("The body is not valid JSON.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new GraphQLRequestException("The body must be a JSON object { query, variables, operationName, extensions }.");
            }

            string? query = null, operationName = null, variables = null;
            PersistedQueryReference? persisted = null;
            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "query":
                        query = String(property.Value, "query");
                        break;
                    case "operationName":
                        operationName = String(property.Value, "operationName");
                        break;
                    case "variables":
                        variables = property.Value.ValueKind switch
                        {
                            JsonValueKind.Null => null,
                            JsonValueKind.Object => property.Value.GetRawText(),
                            _ => throw new GraphQLRequestException("variables must be a JSON object."),
                        };
                        break;
                    case "extensions":
                        persisted = Persisted(property.Value);
                        break;
                }
            }

            return new GraphQLHttpRequest(Empty(query), Empty(operationName), variables is "{}" ? null : variables, persisted);
        }
    }

    private static PersistedQueryReference? Persisted(JsonElement extensions)
    {
        if (extensions.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (extensions.ValueKind != JsonValueKind.Object)
        {
            throw new GraphQLRequestException("extensions must be a JSON object.");
        }

        if (!extensions.TryGetProperty("persistedQuery", out var persisted) || persisted.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (persisted.ValueKind != JsonValueKind.Object
            || !persisted.TryGetProperty("sha256Hash", out var hash) || hash.ValueKind != JsonValueKind.String
            || hash.GetString() is not { Length: 64 } text || !text.All(char.IsAsciiHexDigit))
        {
            throw new GraphQLRequestException("extensions.persistedQuery must be { \"version\": 1, \"sha256Hash\": \"<64 hex digits>\" }.");
        }

        var version = persisted.TryGetProperty("version", out var v) && v.TryGetInt32(out var number) ? number : 0;
        return new PersistedQueryReference(version, text.ToLowerInvariant());
    }

    // Variables must be an object; its text is kept as sent after this check.
    private static string? RawObject(string json, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.Object => json,
                _ => throw new GraphQLRequestException($"{name} must be a JSON object."),
            };
        }
        catch (JsonException)
        {
            throw new GraphQLRequestException($"{name} is not valid JSON.");
        }
    }

    private static string? String(JsonElement value, string name) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        _ => throw new GraphQLRequestException($"{name} must be a string."),
    };

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
