using System.ComponentModel;
using CsvHelper;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
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
            .WithDescription("HSDS 3.0 tables as JSON arrays (snake_case, as the standard names them): organizations, services, phones, schedules, languages, urls, locations, service_at_locations. Ids are UUIDs derived from our content item ids. Channel kinds map as follows: 電話 → phones (type voice); メール → service email; Webサイト → service url and urls; Webフォーム, チャット and SNS → urls (label names the kind); 対面 → locations (physical) and service_at_locations; hours → schedules (description). languages lists the languages the agency works in (Japanese), not the translation shown.");
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

    private static async Task<Results<Ok<JsonObject>, ValidationProblem>> HsdsAsync(
        HttpContext http,
        [Description("ja-JP (default), en or ja-x-easy: the language of names and descriptions.")] string? culture)
    {
        if (!ApiRequest.TryResolveCulture(culture, http.Request, out var c, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (snapshot, guide) = await ApiRequest.GuideAsync(http, c);
        return TypedResults.Ok(Hsds.Build(snapshot, guide, SiteBase(http)));
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem>> AgenciesCsvAsync(
        HttpContext http,
        [Description("ja-JP (default), en or ja-x-easy.")] string? culture)
    {
        if (!ApiRequest.TryResolveCulture(culture, http.Request, out var c, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (_, guide) = await ApiRequest.GuideAsync(http, c);
        using var csv = new Csv("id", "title", "operator", "badge", "tagline", "description", "note", "website_url", "path", "phones", "culture", "is_fallback");
        foreach (var a in guide.Agencies)
        {
            csv.Row(a.Id, a.Title, a.Operator, a.Badge, a.Tagline, a.Description, a.Note, a.WebsiteUrl, a.Path,
                string.Join(" / ", a.Phones.Select(p => p.Value)), a.Culture, a.IsFallback ? "true" : "false");
        }

        return TypedResults.File(csv.ToBytes(), "text/csv; charset=utf-8", $"agencies.{c}.csv");
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem>> ChannelsCsvAsync(
        HttpContext http,
        [Description("ja-JP (default), en or ja-x-easy.")] string? culture)
    {
        if (!ApiRequest.TryResolveCulture(culture, http.Request, out var c, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (snapshot, guide) = await ApiRequest.GuideAsync(http, c);
        using var csv = new Csv("id", "agency_id", "agency_title", "kind", "kind_key", "value", "label", "hours", "notes", "href", "is_navi_dial", "source_url", "last_verified", "culture", "is_fallback");
        foreach (var ch in guide.Agencies.SelectMany(a => a.ToChannels(snapshot)))
        {
            csv.Row(ch.Id, ch.AgencyId, ch.AgencyTitle, ch.Kind, ch.KindKey, ch.Value, ch.Label, ch.Hours, ch.Notes, ch.Href,
                ch.IsNaviDial ? "true" : "false", ch.SourceUrl, ch.LastVerified, ch.Culture, ch.IsFallback ? "true" : "false");
        }

        return TypedResults.File(csv.ToBytes(), "text/csv; charset=utf-8", $"channels.{c}.csv");
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

    /// <summary>HSDS 3.0 tables built from the guide model.</summary>
    private static class Hsds
    {
        public static JsonObject Build(PublishedSnapshot snapshot, GuideModel guide, string siteBase)
        {
            JsonArray organizations = [], services = [], phones = [], schedules = [], languages = [], urls = [], locations = [], serviceAtLocations = [];
            foreach (var agency in guide.Agencies)
            {
                var orgId = Uuid("organization", agency.Id);
                var serviceId = Uuid("service", agency.Id);
                organizations.Add(new JsonObject
                {
                    ["id"] = orgId,
                    ["name"] = agency.Title,
                    ["alternate_name"] = agency.Badge,
                    ["description"] = agency.Tagline ?? agency.Description ?? agency.Title,
                    ["website"] = agency.WebsiteUrl,
                    ["uri"] = agency.Path is null ? null : $"{siteBase}/{agency.Path}",
                    ["parent_organization_id"] = null,
                });
                var channels = agency.ToChannels(snapshot);
                var service = new JsonObject
                {
                    ["id"] = serviceId,
                    ["organization_id"] = orgId,
                    ["name"] = agency.Title,
                    ["alternate_name"] = agency.Badge,
                    ["description"] = agency.Description ?? agency.Tagline ?? agency.Title,
                    ["url"] = channels.FirstOrDefault(ch => ch.KindKey == "website")?.Value ?? agency.WebsiteUrl,
                    ["email"] = channels.FirstOrDefault(ch => ch.KindKey == "email")?.Value,
                    ["status"] = "active",
                    ["alert"] = agency.Note,
                    ["last_modified"] = ContentItem.FormatDate(snapshot.Get(agency.Id)?.ModifiedUtc),
                };
                services.Add(service);

                // The agencies work in Japanese; a translated text says nothing about the language they answer in.
                languages.Add(new JsonObject { ["id"] = Uuid("language", agency.Id), ["service_id"] = serviceId, ["name"] = "Japanese", ["code"] = "ja", ["note"] = null });
                foreach (var (ch, index) in channels.Select((ch, i) => (ch, i)))
                {
                    var key = ch.Id ?? $"{agency.Id}/{index}";
                    switch (ch.KindKey)
                    {
                        case "phone":
                            phones.Add(new JsonObject
                            {
                                ["id"] = Uuid("phone", key),
                                ["service_id"] = serviceId,
                                ["organization_id"] = orgId,
                                ["number"] = ch.Value,
                                ["type"] = "voice",
                                ["description"] = Join(ch.Label, ch.Notes, ch.IsNaviDial ? "NaviDial (0570): charged, not reachable from some plans" : null),
                            });
                            break;
                        case "in-person":
                            var locationId = Uuid("location", key);
                            locations.Add(new JsonObject
                            {
                                ["id"] = locationId,
                                ["location_type"] = "physical",
                                ["organization_id"] = orgId,
                                ["name"] = ch.Label ?? agency.Title,
                                ["description"] = Join(ch.Value, ch.Notes),
                            });
                            serviceAtLocations.Add(new JsonObject { ["id"] = Uuid("service_at_location", key), ["service_id"] = serviceId, ["location_id"] = locationId });
                            break;
                        case "email":
                            break;
                        default:
                            if (Uri.TryCreate(ch.Value, UriKind.Absolute, out _))
                            {
                                urls.Add(new JsonObject
                                {
                                    ["id"] = Uuid("url", key),
                                    ["label"] = ch.Label is null ? ch.Kind : $"{ch.Kind}: {ch.Label}",
                                    ["url"] = ch.Value,
                                    ["organization_id"] = orgId,
                                    ["service_id"] = serviceId,
                                });
                            }

                            break;
                    }

                    if (ch.Hours is not null)
                    {
                        schedules.Add(new JsonObject
                        {
                            ["id"] = Uuid("schedule", key),
                            ["service_id"] = serviceId,
                            ["description"] = $"{ch.Kind} {ch.Value}: {ch.Hours}",
                            ["attending_type"] = ch.KindKey == "in-person" ? "in_person" : ch.KindKey == "phone" ? "phone" : "online",
                            ["timezone"] = 9,
                        });
                    }
                }
            }

            return new JsonObject
            {
                ["hsds_version"] = "3.0",
                ["language"] = guide.Culture,
                ["organizations"] = organizations,
                ["services"] = services,
                ["phones"] = phones,
                ["schedules"] = schedules,
                ["languages"] = languages,
                ["urls"] = urls,
                ["locations"] = locations,
                ["service_at_locations"] = serviceAtLocations,
            };
        }

        private static string? Join(params string?[] parts) => parts.Where(p => !string.IsNullOrEmpty(p)).ToList() is { Count: > 0 } l ? string.Join(" / ", l) : null;

        // HSDS ids are UUIDs: derive stable ones (version 8, name-based) from our ids so exports diff cleanly over time.
        private static string Uuid(string table, string id)
        {
            var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"ntcms:{table}:{id}"))[..16];
            bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
            bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
            return new Guid(bytes, bigEndian: true).ToString();
        }
    }

    /// <summary>
    /// RFC 4180 CSV with a BOM and CRLF line ends, as Excel expects, written by CsvHelper. A cell that a spreadsheet
    /// would run as a formula (= + - @, tab or CR first) gets a leading apostrophe; so do the full-width ＝ ＋ － ＠,
    /// which Japanese spreadsheets also read as formula starts and CsvHelper's ASCII-only list does not cover.
    /// </summary>
    public sealed class Csv : IDisposable
    {
        private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
        {
            Injection = CsvInjection.Escape,
            WriteByteOrderMark = true,
        };

        private readonly MemoryStream _stream = new();
        private readonly CsvWriter _writer;

        /// <summary>Starts a file with its header row.</summary>
        public Csv(params string[] header)
        {
            _writer = CsvWriter.Create(_stream, Options, leaveOpen: true);
            _writer.WriteHeader(header);
        }

        /// <summary>Adds one record.</summary>
        public void Row(params string?[] values) => _writer.WriteRecord([.. values.Select(NeutraliseFullWidth)]);

        /// <summary>The file: BOM, header and records.</summary>
        public byte[] ToBytes()
        {
            _writer.Flush();
            return _stream.ToArray();
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
