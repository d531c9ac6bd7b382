using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using NetTroubleCms.Web.Features.Guide;
using NetTroubleCms.Web.Infrastructure;

namespace NetTroubleCms.Web.Features.Api.Hsds;

/// <summary>
/// <c>/api/hsds/v3</c>: the standard HSDS 3.0 API of Open Referral's openapi.json (root, services, organizations,
/// service_at_locations), paged as the specification says. Every body is valid against the compiled HSDS schemas.
/// </summary>
public static class HsdsEndpoints
{
    /// <summary>The documented prefix.</summary>
    public const string Prefix = "/hsds/v3";

    /// <summary>Maps the routes under <paramref name="api"/> (the <c>/api</c> group).</summary>
    public static RouteGroupBuilder MapHsds(this RouteGroupBuilder api)
    {
        var group = api.MapGroup(Prefix).WithTags("HSDS 3.0").ProducesValidationProblem();
        group.MapGet("/", Root).WithName("GetHsdsRoot").WithSummary("About this HSDS API (version, profile, OpenAPI document)");
        group.MapGet("/services", ServicesAsync).WithName("ListHsdsServices")
            .WithSummary("Paged services with their one-to-one fields and organization (service_list)");
        group.MapGet("/services/{id}", ServiceAsync).WithName("GetHsdsService")
            .WithSummary("One fully nested service (service_with_definitions): phones, contacts, schedules, locations, assured_date");
        group.MapGet("/organizations", OrganizationsAsync).WithName("ListHsdsOrganizations").WithSummary("Paged organizations (organization_list)");
        group.MapGet("/organizations/{id}", OrganizationAsync).WithName("GetHsdsOrganization").WithSummary("One organization with its service");
        group.MapGet("/service_at_locations", ServiceAtLocationsAsync).WithName("ListHsdsServiceAtLocations")
            .WithSummary("Paged service_at_locations: the web forms, chats and social media accounts (virtual locations) and desks (physical)");
        group.MapGet("/service_at_locations/{id}", ServiceAtLocationAsync).WithName("GetHsdsServiceAtLocation")
            .WithSummary("One service_at_location with its location");
        return group;
    }

    private static Ok<JsonObject> Root(HttpContext http) => TypedResults.Ok(new JsonObject
    {
        ["version"] = "3.0",
        ["profile"] = "https://docs.openreferral.org/en/latest/hsds/",
        ["openapi_url"] = $"{SiteBase(http)}/openapi/v1.json",
    });

    private static async Task<Results<Ok<JsonObject>, ValidationProblem>> ServicesAsync(
        HttpContext http,
        [Description("Full-text search in name, description and alternate name.")] string? search,
        [Description("Page number, from 1.")] int? page,
        [Description("Items per page.")] int? per_page,
        [Description("Only the services of this organization id.")] string? organization_id,
        [Description("Only services modified on or after this date-time.")] string? modified_after,
        [Description("true: fully nested services instead of the one-to-one fields.")] bool? full,
        [Description("ja-JP (default), en or ja-x-easy.")] string? culture)
    {
        var errors = new Dictionary<string, string[]>();
        DateTime? after = null;
        if (modified_after is not null)
        {
            if (DateTimeOffset.TryParse(modified_after, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d))
            {
                after = d.UtcDateTime;
            }
            else
            {
                errors["modified_after"] = ["modified_after must be an ISO 8601 date-time."];
            }
        }

        if (await MapperAsync(http, culture, errors) is not { } mapper || !TryPaging(http, page, per_page, errors, out var p, out var size))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var agencies = mapper.Agencies
            .Where(a => organization_id is null || string.Equals(HsdsMapper.Uuid("organization", a.Id), organization_id, StringComparison.OrdinalIgnoreCase))
            .Where(a => after is null || mapper.Modified(a) >= after)
            .Where(a => ApiRequest.Matches(search, [a.Title, a.Badge, a.Description, a.Tagline, a.Operator]))
            .ToList();
        return TypedResults.Ok(Page(agencies, p, size, a => full == true ? mapper.Service(a) : mapper.ServiceSummary(a)));
    }

    private static async Task<Results<Ok<JsonObject>, NotFound, ValidationProblem>> ServiceAsync(HttpContext http, string id, string? culture)
    {
        var errors = new Dictionary<string, string[]>();
        if (await MapperAsync(http, culture, errors) is not { } mapper)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return mapper.FindByUuid("service", id) is { } agency ? TypedResults.Ok(mapper.Service(agency)) : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<JsonObject>, ValidationProblem>> OrganizationsAsync(
        HttpContext http, string? search, int? page, int? per_page, string? culture)
    {
        var errors = new Dictionary<string, string[]>();
        if (await MapperAsync(http, culture, errors) is not { } mapper || !TryPaging(http, page, per_page, errors, out var p, out var size))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var agencies = mapper.Agencies.Where(a => ApiRequest.Matches(search, [a.Title, a.Operator, a.Tagline, a.Description])).ToList();
        return TypedResults.Ok(Page(agencies, p, size, mapper.Organization));
    }

    private static async Task<Results<Ok<JsonObject>, NotFound, ValidationProblem>> OrganizationAsync(HttpContext http, string id, bool? full_service, string? culture)
    {
        var errors = new Dictionary<string, string[]>();
        if (await MapperAsync(http, culture, errors) is not { } mapper)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return mapper.FindByUuid("organization", id) is { } agency
            ? TypedResults.Ok(mapper.OrganizationWithServices(agency, full_service == true))
            : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<JsonObject>, ValidationProblem>> ServiceAtLocationsAsync(
        HttpContext http, string? search, int? page, int? per_page, string? organization_id, string? culture)
    {
        var errors = new Dictionary<string, string[]>();
        if (await MapperAsync(http, culture, errors) is not { } mapper || !TryPaging(http, page, per_page, errors, out var p, out var size))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var rows = mapper.Agencies
            .Where(a => organization_id is null || string.Equals(HsdsMapper.Uuid("organization", a.Id), organization_id, StringComparison.OrdinalIgnoreCase))
            .Where(a => ApiRequest.Matches(search, [a.Title, a.Description]))
            .SelectMany(a => a.Channels.Select((c, i) => (Agency: a, Channel: c, Index: i)))
            .Where(x => HsdsMapper.IsLocation(x.Channel))
            .ToList();
        return TypedResults.Ok(Page(rows, p, size, x => mapper.ServiceAtLocationSummary(x.Agency, x.Index)));
    }

    private static async Task<Results<Ok<JsonObject>, NotFound, ValidationProblem>> ServiceAtLocationAsync(HttpContext http, string id, string? culture)
    {
        var errors = new Dictionary<string, string[]>();
        if (await MapperAsync(http, culture, errors) is not { } mapper)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return mapper.FindServiceAtLocation(id) is { } found ? TypedResults.Ok(mapper.ServiceAtLocationSummary(found.Agency, found.Channel)) : TypedResults.NotFound();
    }

    /// <summary>The mapper for a request's culture, or null with <paramref name="errors"/> filled.</summary>
    public static async Task<HsdsMapper?> MapperAsync(HttpContext http, string? culture, Dictionary<string, string[]> errors)
    {
        if (!ApiRequest.TryResolveCulture(culture, http.Request, out var c, out var cultureErrors))
        {
            foreach (var (key, value) in cultureErrors)
            {
                errors[key] = value;
            }

            return null;
        }

        var (snapshot, guide) = await ApiRequest.GuideAsync(http, c);
        return new HsdsMapper(snapshot, guide, SiteBase(http));
    }

    private static bool TryPaging(HttpContext http, int? page, int? perPage, Dictionary<string, string[]> errors, out int p, out int size)
    {
        var ok = ApiRequest.TryPaging(page, perPage, ApiRequest.Options(http), errors, out p, out size);
        // The HSDS parameter is per_page; our shared check names it pageSize.
        if (errors.Remove("pageSize", out var message))
        {
            errors["per_page"] = [.. message.Select(m => m.Replace("pageSize", "per_page", StringComparison.Ordinal))];
        }

        return ok && errors.Count == 0;
    }

    // The Page object of HSDS's openapi.json, with the items under "contents".
    private static JsonObject Page<T>(IReadOnlyList<T> items, int page, int size, Func<T, JsonObject> map)
    {
        var pages = Math.Max(1, (int)Math.Ceiling(items.Count / (double)size));
        var contents = items.Skip((page - 1) * size).Take(size).Select(map).ToList();
        return new JsonObject
        {
            ["total_items"] = items.Count,
            ["total_pages"] = pages,
            ["page_number"] = page,
            ["size"] = contents.Count,
            ["first_page"] = page == 1,
            ["last_page"] = page >= pages,
            ["empty"] = contents.Count == 0,
            ["contents"] = new JsonArray([.. contents.Select(c => (JsonNode)c)]),
        };
    }

    private static string SiteBase(HttpContext http)
    {
        var configured = http.RequestServices.GetRequiredService<IOptions<CmsOptions>>().Value.PublicBaseUrl;
        return (string.IsNullOrEmpty(configured) ? $"{http.Request.Scheme}://{http.Request.Host}" : configured).TrimEnd('/');
    }
}
