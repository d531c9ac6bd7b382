using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using NetTroubleCms.Web.Infrastructure.Hardening;

namespace NetTroubleCms.Web.Features.Api;

/// <summary>Title, overview and examples of the OpenAPI document served at <c>/openapi/v1.json</c>.</summary>
public static class ApiDocumentation
{
    private const string Overview = """
        Read-only public API of the guide 「ネットのトラブル、一人で悩んでいませんか？」: which agency helps with which
        internet trouble, and how to reach it. Anonymous, published content only.

        * **JSON**: field names are camelCase and described on each schema. `/api/content/{id}` alone keeps Orchard Core's
          PascalCase item JSON.
        * **Cultures**: `culture=ja-JP` (default), `en`, `ja-x-easy` (やさしい日本語). Without the parameter, `Accept-Language`
          decides. Items without a translation are returned in Japanese with `isFallback: true`.
        * **Paging**: lists answer `{ items, totalItems, page, pageSize }`; `page` starts at 1, `pageSize` is at most 100.
        * **Errors**: RFC 9457 problem details (`application/problem+json`): 400 for bad parameters, 404, 429.
        * **Caching**: every GET has a strong `ETag`; send it back in `If-None-Match` for a `304`. `Cache-Control: public,
          max-age=60, stale-while-revalidate=300`. A new ETag appears the moment something is published.
        * **Rate limit**: per client IP; over the limit the answer is `429` with `Retry-After` in seconds.
        * **CORS**: any origin may call the API from a browser.
        * **GraphQL**: `/api/graphql` (GET or POST) in Orchard Core's query shape; see the GraphQL tag.
        * **Open data**: HSDS 3.0 JSON, CSV (UTF-8 with BOM) and an Orchard recipe of the published content.

        Example: agencies reachable by phone, in English: `GET /api/v1/agencies?kind=phone&culture=en`.
        The whole guide in one call: `GET /api/v1/guide?culture=en`. A guide too big for one answer (about 56 KB) answers
        `complete: false` with its texts and the index of entry situations; each situation's tree comes in pages from
        `GET /api/v1/guide/situations/{key}` (follow `next`).
        """;

    /// <summary>Fills in the document's title and overview, and adds examples to the main operations.</summary>
    public static Task DescribeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "NetTroubleCms public API",
            Version = "v1",
            Description = Overview,
        };
        // The generator would name the request's Host header as the server; the configured public address is the truth.
        document.Servers = [new OpenApiServer { Url = context.ApplicationServices.GetRequiredService<PublicOrigin>().BaseUrl + "/" }];
        foreach (var path in document.Paths)
        {
            foreach (var (_, operation) in path.Value.Operations ?? [])
            {
                AddExamples(operation);
            }
        }

        return Task.CompletedTask;
    }

    private static void AddExamples(OpenApiOperation operation)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            parameter.Example = parameter.Name switch
            {
                "culture" => JsonValue.Create("en"),
                "kind" => JsonValue.Create("phone"),
                "q" => JsonValue.Create(operation.OperationId == "ListNodes" ? "誹謗中傷" : "法テラス"),
                "type" when operation.OperationId == "ListNodes" => JsonValue.Create("entry"),
                "idOrPath" => JsonValue.Create(operation.OperationId == "GetNode" ? "trouble" : "jinken"),
                "key" when operation.OperationId == "GetGuideSituation" => JsonValue.Create("trouble"),
                "contentItemId" => JsonValue.Create("vgbqy5dng0x2mv30pgxc035kpx"),
                "query" => JsonValue.Create("{ agency(first: 3) { contentItemId displayText badge website { url } } }"),
                _ => parameter.Example,
            };
        }

        var example = operation.OperationId switch
        {
            "ListAgencies" => JsonNode.Parse("""
                { "items": [ { "id": "cc2n6nwsqwp3bbmsmq5mfcb4x2", "title": "法テラス (Houterasu — Japan Legal Support Center)", "badge": null,
                  "websiteUrl": "http://www.houterasu.or.jp", "path": "en/agencies/houterasu",
                  "channels": [ { "agencyId": "cc2n6nwsqwp3bbmsmq5mfcb4x2", "kind": "電話", "kindKey": "phone", "value": "0570-078374", "href": "tel:0570078374", "isNaviDial": true } ],
                  "culture": "en", "isFallback": false } ],
                  "totalItems": 2, "page": 1, "pageSize": 20 }
                """),
            "GetOrchardContentItem" => JsonNode.Parse("""
                { "ContentItemId": "vgbqy5dng0x2mv30pgxc035kpx", "ContentItemVersionId": "aa9pkxqn529bhst9h93yakpj2j", "ContentType": "Agency",
                  "DisplayText": "心のSOS まもろうよこころ", "Latest": true, "Published": true,
                  "TitlePart": { "Title": "心のSOS まもろうよこころ" },
                  "Agency": { "Website": { "Url": "http://www.mhlw.go.jp/mamorouyokokoro", "Text": "www.mhlw.go.jp/mamorouyokokoro" } },
                  "AutoroutePart": { "Path": "agencies/kokoro-no-sos" } }
                """),
            _ => null,
        };
        if (example is not null && operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content is { } content)
        {
            foreach (var media in content.Values)
            {
                media.Example = example;
            }
        }
    }
}
