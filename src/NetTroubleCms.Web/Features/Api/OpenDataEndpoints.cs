using System.ComponentModel;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Snapshot;
using NetTroubleCms.Web.Features.Guide;
using NetTroubleCms.Web.Infrastructure;
using NetTroubleCms.Web.Infrastructure.Hardening;

namespace NetTroubleCms.Web.Features.Api;

/// <summary><c>/api/v1/opendata</c>: the published guide as HSDS 3.0 JSON, CSV and an Orchard recipe.</summary>
public static class OpenDataEndpoints
{
    private static readonly string[] PublicSettings = ["SiteName", "Culture", "SupportedCultures", "HomeRoute", "TimeZoneId"];

    /// <summary>Maps the open data routes under <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapOpenData(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/opendata").WithTags("Open data");
        group.MapGet("/hsds.json", HsdsAsync)
            .WithName("GetHsds")
            .WithSummary("Agencies as Open Referral HSDS 3.0 JSON")
            .WithDescription("The whole guide in one document: organizations (each valid against HSDS 3.0 organization_list) and fully nested services (each valid against service_with_definitions), the same objects the HSDS API under /api/hsds/v3 serves. Channel kinds map as follows: 電話 → phones; Webサイト → service url; メール → service email and a contact; Webフォーム, チャット and SNS → virtual locations with url, through service_at_locations; 対面 → physical locations; hours → schedules. assured_date is the agency's last verification date (the oldest of its channels'). Properties without a value are left out, never null.");
        group.MapGet("/agencies.csv", AgenciesCsvAsync)
            .WithName("GetAgenciesCsv")
            .WithSummary("Agencies as CSV (UTF-8 with BOM)")
            .WithDescription("One row per agency; opens in Excel without garbling Japanese text.")
            .Produces<string>(StatusCodes.Status200OK, "text/csv");
        group.MapGet("/channels.csv", ChannelsCsvAsync)
            .WithName("GetChannelsCsv")
            .WithSummary("Contact channels as CSV (UTF-8 with BOM)")
            .WithDescription("One row per channel, with its agency's id and name.")
            .Produces<string>(StatusCodes.Status200OK, "text/csv");
        group.MapGet("/recipe.json", RecipeAsync)
            .WithName("GetPublishedRecipe")
            .WithSummary("The published guide as an Orchard Core recipe")
            .WithDescription("ContentDefinition, Content and Settings steps built from the published content of the public types, in the format Orchard Core and NetTroubleCms import. Another prefecture can start its own guide from it.");
        return group;
    }

    private static async Task<Results<CachedJson<JsonObject>, ValidationProblem>> HsdsAsync(
        HttpContext http,
        [Description("ja-JP (default), en or ja-x-easy: the language of names and descriptions.")] string? culture)
    {
        if (!ApiRequest.TryResolveCulture(culture, http.Request, out var c, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (snapshot, guide) = await ApiRequest.GuideAsync(http, c);
        var siteBase = SiteBase(http);
        // One document per snapshot, language and public address, written once and then sent as bytes. It is written
        // one agency at a time: only one organization or service exists as a tree at any moment, never the whole list.
        return await SnapshotJson.WriteAsync<JsonObject>(http, snapshot, string.Join('\n', "hsds", guide.Culture, siteBase), (writer, options) =>
        {
            var hsds = new Hsds.HsdsMapper(snapshot, guide, siteBase);
            writer.WriteStartObject();
            writer.WriteString("hsds_version", "3.0");
            writer.WriteString("language", guide.Culture);
            writer.WriteStartArray("organizations");
            foreach (var agency in guide.Agencies)
            {
                hsds.Organization(agency).WriteTo(writer, options);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("services");
            foreach (var agency in guide.Agencies)
            {
                hsds.Service(agency).WriteTo(writer, options);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private static async Task<Results<CachedBodyResult, ValidationProblem>> AgenciesCsvAsync(
        HttpContext http,
        [Description("ja-JP (default), en or ja-x-easy.")] string? culture)
    {
        if (!ApiRequest.TryResolveCulture(culture, http.Request, out var c, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (snapshot, guide) = await ApiRequest.GuideAsync(http, c);
        // Written once per snapshot and language, row by row into the cached body (no copy of the whole file).
        var (body, shared) = await SnapshotBodies.GetAsync(snapshot, "agencies.csv\n" + guide.Culture, () =>
        {
            using var csv = new Csv("id", "title", "operator", "badge", "tagline", "description", "note", "website_url", "path", "phones", "culture", "is_fallback");
            foreach (var a in guide.Agencies)
            {
                csv.Row(a.Id, a.Title, a.Operator, a.Badge, a.Tagline, a.Description, a.Note, a.WebsiteUrl, a.Path,
                    string.Join(" / ", a.Phones.Select(p => p.Value)), a.Culture, a.IsFallback ? "true" : "false");
            }

            return csv.ToBody($"agencies.{c}.csv");
        });
        return new CachedBodyResult(body, shared);
    }

    private static async Task<Results<CachedBodyResult, ValidationProblem>> ChannelsCsvAsync(
        HttpContext http,
        [Description("ja-JP (default), en or ja-x-easy.")] string? culture)
    {
        if (!ApiRequest.TryResolveCulture(culture, http.Request, out var c, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (snapshot, guide) = await ApiRequest.GuideAsync(http, c);
        var (body, shared) = await SnapshotBodies.GetAsync(snapshot, "channels.csv\n" + guide.Culture, () =>
        {
            using var csv = new Csv("id", "agency_id", "agency_title", "kind", "kind_key", "value", "label", "hours", "notes", "href", "is_navi_dial", "source_url", "last_verified", "culture", "is_fallback");
            foreach (var ch in guide.Agencies.SelectMany(a => a.ToChannels(snapshot)))
            {
                csv.Row(ch.Id, ch.AgencyId, ch.AgencyTitle, ch.Kind, ch.KindKey, ch.Value, ch.Label, ch.Hours, ch.Notes, ch.Href,
                    ch.IsNaviDial ? "true" : "false", ch.SourceUrl, ch.LastVerified, ch.Culture, ch.IsFallback ? "true" : "false");
            }

            return csv.ToBody($"channels.{c}.csv");
        });
        return new CachedBodyResult(body, shared);
    }

    private static async Task<Ok<JsonObject>> RecipeAsync(HttpContext http, IOptions<ApiOptions> options)
    {
        var snapshot = await http.GetPublishedSnapshotAsync();
        return TypedResults.Ok(BuildRecipe(snapshot, options.Value));
    }

    /// <summary>
    /// The recipe RecipeExporter would write, but from the published snapshot (never the database) and limited to the
    /// public types, the types nested in their bags, and the parts those types use.
    /// </summary>
    public static JsonObject BuildRecipe(PublishedSnapshot snapshot, ApiOptions options)
    {
        var defs = snapshot.Definitions;
        var typeNames = new HashSet<string>(options.ReadableTypes.Where(t => defs.GetType(t) is not null), StringComparer.Ordinal);
        foreach (var name in typeNames.ToList())
        {
            foreach (var bag in defs.GetType(name)!.ContentTypePartDefinitionRecords.Where(a => a.PartName == "BagPart"))
            {
                typeNames.UnionWith(bag.Settings.Bag("BagPartSettings").Strings("ContainedContentTypes").Where(t => defs.GetType(t) is not null));
            }
        }

        var types = defs.ContentTypes.Where(t => typeNames.Contains(t.Name)).ToList();
        var partNames = types.SelectMany(t => t.ContentTypePartDefinitionRecords.Select(a => a.PartName)).ToHashSet(StringComparer.Ordinal);
        var parts = defs.ContentParts.Where(p => partNames.Contains(p.Name)).ToList();
        var data = new JsonArray();
        foreach (var item in snapshot.Items.Where(i => ContentApiEndpoints.IsPublicType(options, i.ContentType)))
        {
            data.Add(ContentApiEndpoints.ToPublicJson(item));
        }

        var settings = new JsonObject { ["name"] = "Settings" };
        foreach (var key in PublicSettings)
        {
            if (snapshot.Settings[key] is { } value)
            {
                settings[key] = value.DeepClone();
            }
        }

        return new JsonObject
        {
            ["name"] = "net-trouble-guide-published",
            ["displayName"] = snapshot.Settings["SiteName"]?.DeepClone() ?? "",
            ["description"] = "Published content of the guide, exported from the public API.",
            ["author"] = "",
            ["website"] = "",
            ["version"] = snapshot.ETag,
            ["issetuprecipe"] = false,
            ["categories"] = new JsonArray(),
            ["tags"] = new JsonArray(),
            ["steps"] = new JsonArray
            {
                new JsonObject
                {
                    ["name"] = "ContentDefinition",
                    ["ContentTypes"] = JsonSerializer.SerializeToNode(types, ContentJson.Options),
                    ["ContentParts"] = JsonSerializer.SerializeToNode(parts, ContentJson.Options),
                },
                new JsonObject { ["name"] = "Content", ["data"] = data },
                settings,
            },
        };
    }

    private static string SiteBase(HttpContext http) => PublicOrigin.Of(http);

    /// <summary>RFC 4180 CSV with a BOM and CRLF line ends, as Excel expects.</summary>
    public sealed class Csv : IDisposable
    {
        private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
        {
            Injection = CsvInjection.Escape,
            WriteByteOrderMark = true,
        };

        private readonly BodyBufferStream _stream = new();
        private readonly CsvWriter _writer;

        /// <summary>Starts a file with its header row.</summary>
        public Csv(params string[] header)
        {
            _writer = CsvWriter.Create(_stream, Options, leaveOpen: true);
            _writer.WriteHeader(header);
        }

        /// <summary>Adds one record.</summary>
        public void Row(params string?[] values) => _writer.WriteRecord([.. values.Select(NeutraliseFullWidth)]);

        /// <summary>The file (BOM, header and records) as a cached body, downloaded as <paramref name="fileName"/>.</summary>
        public CachedBody ToBody(string fileName)
        {
            _writer.Flush();
            // The header a file result would send: attachment, with the name in both filename and filename*.
            var disposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("attachment");
            disposition.SetHttpFileName(fileName);
            return new CachedBody(_stream.ToBody(), "text/csv; charset=utf-8", disposition.ToString());
        }

        /// <inheritdoc />
        public void Dispose()
        {
            _writer.Dispose();
            _stream.Dispose();
        }

        /// <summary>Full-width formula starts get the same apostrophe CsvHelper puts before their ASCII forms.</summary>
        public static string? NeutraliseFullWidth(string? value) =>
            value is { Length: > 0 } && value[0] is '＝' or '＋' or '－' or '＠' ? "'" + value : value;
    }
}
