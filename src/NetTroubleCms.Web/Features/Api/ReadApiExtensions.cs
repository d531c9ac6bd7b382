using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using NetTroubleCms.Web.Features.Api.ContentGraph;
using NetTroubleCms.Web.Features.Api.Hsds;
using NetTroubleCms.Web.Features.ScaleOut;
using NetTroubleCms.Web.Infrastructure;
using Scalar.AspNetCore;

namespace NetTroubleCms.Web.Features.Api;

/// <summary>Wires the public read API: REST, Orchard's content API, GraphQL, OpenAPI, CORS and rate limiting.</summary>
public static class ReadApiExtensions
{
    /// <summary>Name of the CORS policy on every public API route.</summary>
    public const string CorsPolicy = "PublicApi";

    /// <summary>Name of the per-IP rate-limit policy on every public API route.</summary>
    public const string RateLimitPolicy = "PublicApi";

    /// <summary>Registers the read API's services.</summary>
    public static WebApplicationBuilder AddReadApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddCors(o => o.AddPolicy(CorsPolicy, p => p
            .AllowAnyOrigin()
            .WithMethods("GET", "HEAD", "POST")
            .AllowAnyHeader()
            .WithExposedHeaders(HeaderNames.ETag, HeaderNames.RetryAfter, HeaderNames.ContentLanguage)
            .SetPreflightMaxAge(TimeSpan.FromHours(1))));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(RateLimitPolicy, http =>
            {
                var limit = http.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.RateLimit;
                var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                // Counted across instances when Redis is configured (see IFixedWindowLimits).
                var limits = http.RequestServices.GetRequiredService<IFixedWindowLimits>();
                return RateLimitPartition.Get(client, c => limits.Create("api", c, limit.PermitLimit, TimeSpan.FromSeconds(limit.WindowSeconds)));
            });
            o.OnRejected = WriteTooManyRequestsAsync;
        });
        services.AddOpenApi("v1", o => o.AddDocumentTransformer(ApiDocumentation.DescribeAsync));
        services.AddGraphQLApi();
        return builder;
    }

    /// <summary>Maps every read API route; call before the site's catch-all route.</summary>
    public static WebApplication MapReadApi(this WebApplication app)
    {
        var api = app.MapGroup("/api")
            .RequireCors(CorsPolicy)
            .RequireRateLimiting(RateLimitPolicy)
            .WithPublicCaching();
        var v1 = api.MapGroup("/v1")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        v1.MapAgencies();
        v1.MapChannels();
        v1.MapGuide();
        v1.MapOpenData();
        api.MapOrchardContent();
        api.MapHsds();
        api.MapGraphQL();

        app.MapOpenApi().WithPublicCaching().RequireCors(CorsPolicy);
        app.MapScalarApiReference("/api/docs", o => o
            .WithTitle("NetTroubleCms public API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            // Self-contained: the bundled script only; no web fonts, telemetry or hosted agent from elsewhere.
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp());
        return app;
    }

    private static async ValueTask WriteTooManyRequestsAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? (int)Math.Ceiling(wait.TotalSeconds)
            : http.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.RateLimit.WindowSeconds;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers.CacheControl = "no-store";
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"This client sent too many requests. Retry after {retryAfter} seconds.",
            },
        });
    }
}
