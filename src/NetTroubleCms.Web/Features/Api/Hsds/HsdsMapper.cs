using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Snapshot;
using NetTroubleCms.Web.Features.Guide;

namespace NetTroubleCms.Web.Features.Api.Hsds;

/// <summary>
/// The guide as Open Referral HSDS 3.0 objects. One agency is one organization offering one service. Channels map to
/// HSDS fields: 電話 → phones; Webサイト → service url; メール → service email and a contact; Webフォーム, チャット and
/// SNS → virtual locations (with url) reached through service_at_locations; 対面 → physical locations; hours →
/// schedules. assured_date is the agency's 最終確認日. A property without a value is left out, never null.
/// </summary>
public sealed class HsdsMapper(PublishedSnapshot snapshot, GuideModel guide, string siteBase)
{
    /// <summary>All services, in leaflet order.</summary>
    public IReadOnlyList<AgencyView> Agencies => guide.Agencies;

    /// <summary>The agency whose service, organization or service_at_location has <paramref name="uuid"/>.</summary>
    public AgencyView? FindByUuid(string table, string uuid) =>
        guide.Agencies.FirstOrDefault(a => string.Equals(Uuid(table, a.Id), uuid, StringComparison.OrdinalIgnoreCase));

    /// <summary>The agency and channel index of a service_at_location id.</summary>
    public (AgencyView Agency, int Channel)? FindServiceAtLocation(string uuid)
    {
        foreach (var agency in guide.Agencies)
        {
            for (var i = 0; i < agency.Channels.Count; i++)
            {
                if (IsLocation(agency.Channels[i]) && string.Equals(Uuid("service_at_location", ChannelKey(agency, i)), uuid, StringComparison.OrdinalIgnoreCase))
                {
                    return (agency, i);
                }
            }
        }

        return null;
    }

    /// <summary>Last modification of the agency's published version.</summary>
    public DateTime? Modified(AgencyView agency) => snapshot.Get(agency.Id)?.ModifiedUtc;

    /// <summary>An organization with only its own fields (organization_list).</summary>
    public JsonObject Organization(AgencyView agency) => Compact(new JsonObject
    {
        ["id"] = Uuid("organization", agency.Id),
        ["name"] = agency.Title,
        ["alternate_name"] = agency.Operator,
        ["description"] = agency.Tagline ?? agency.Description ?? agency.Title,
        ["website"] = WebUrl(agency.WebsiteUrl),
        ["uri"] = agency.Path is null ? null : $"{siteBase}/{agency.Path}",
    });

    /// <summary>An organization with its service (for <c>/organizations/{id}</c>).</summary>
    public JsonObject OrganizationWithServices(AgencyView agency, bool fullService)
    {
        var organization = Organization(agency);
        organization["services"] = new JsonArray(fullService ? Service(agency) : ServiceSummary(agency));
        organization["phones"] = Phones(agency, service: false);
        return organization;
    }

    /// <summary>A service with its one-to-one fields and its organization (service_list).</summary>
    public JsonObject ServiceSummary(AgencyView agency)
    {
        var service = ServiceFields(agency);
        service["organization"] = Organization(agency);
        return service;
    }

    /// <summary>A fully nested service (service_with_definitions).</summary>
    public JsonObject Service(AgencyView agency)
    {
        var service = ServiceFields(agency);
        service["organization"] = Organization(agency);
        service["phones"] = Phones(agency, service: true);
        service["contacts"] = Contacts(agency);
        service["schedules"] = Schedules(agency);
        service["service_at_locations"] = new JsonArray([.. ServiceAtLocations(agency).Select(s => (JsonNode)s)]);
        // The agencies work in Japanese whatever language the text is shown in.
        service["languages"] = new JsonArray(new JsonObject { ["id"] = Uuid("language", agency.Id), ["service_id"] = Uuid("service", agency.Id), ["name"] = "Japanese", ["code"] = "ja" });
        return service;
    }

    /// <summary>service_at_location rows (virtual and physical locations) of an agency, each with its location.</summary>
    public IEnumerable<JsonObject> ServiceAtLocations(AgencyView agency)
    {
        for (var i = 0; i < agency.Channels.Count; i++)
        {
            if (IsLocation(agency.Channels[i]))
            {
                yield return ServiceAtLocation(agency, i);
            }
        }
    }

    /// <summary>One service_at_location with its location.</summary>
    public JsonObject ServiceAtLocation(AgencyView agency, int index)
    {
        var channel = agency.Channels[index];
        var key = ChannelKey(agency, index);
        var physical = channel.KindKey == ChannelKinds.InPerson.Key;
        var location = Compact(new JsonObject
        {
            ["id"] = Uuid("location", key),
            ["location_type"] = physical ? "physical" : "virtual",
            ["url"] = physical ? null : WebUrl(channel.Value),
            ["organization_id"] = Uuid("organization", agency.Id),
            ["name"] = $"{channel.Kind}: {channel.Label ?? channel.Value}",
            ["description"] = Join(physical ? channel.Value : null, channel.Notes),
        });
        return Compact(new JsonObject
        {
            ["id"] = Uuid("service_at_location", key),
            ["service_id"] = Uuid("service", agency.Id),
            ["location_id"] = location["id"]!.ToString(),
            ["description"] = channel.Hours is null ? null : $"{channel.Kind}: {channel.Hours}",
            ["location"] = location,
        });
    }

    /// <summary>The service part of a service_at_location list row.</summary>
    public JsonObject ServiceAtLocationSummary(AgencyView agency, int index)
    {
        var row = ServiceAtLocation(agency, index);
        row["service"] = ServiceSummary(agency);
        return row;
    }

    /// <summary>Indexes of the channels that become locations.</summary>
    public static bool IsLocation(ChannelView channel) =>
        channel.KindKey == ChannelKinds.InPerson.Key || (!HasOwnTable(channel) && WebUrl(channel.Value) is not null);

    // Phones, e-mail addresses and the website have HSDS fields of their own; other channels with a URL are virtual locations.
    private static bool HasOwnTable(ChannelView channel) =>
        channel.KindKey == ChannelKinds.Phone.Key || channel.KindKey == ChannelKinds.Email.Key || channel.KindKey == ChannelKinds.Website.Key;

    /// <summary>A stable UUID for one of our ids in one HSDS table (name-based, version 8).</summary>
    public static string Uuid(string table, string id)
    {
        // HSDS ids are UUIDs: derive stable ones from our ids so exports diff cleanly over time.
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"ntcms:{table}:{id}"))[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString();
    }

    private JsonObject ServiceFields(AgencyView agency)
    {
        var website = agency.Channels.FirstOrDefault(c => c.KindKey == ChannelKinds.Website.Key)?.Value ?? agency.WebsiteUrl;
        var email = agency.Channels.FirstOrDefault(c => c.KindKey == ChannelKinds.Email.Key)?.Value;
        return Compact(new JsonObject
        {
            ["id"] = Uuid("service", agency.Id),
            ["organization_id"] = Uuid("organization", agency.Id),
            ["name"] = agency.Title,
            ["alternate_name"] = agency.Badge,
            ["description"] = agency.Description ?? agency.Tagline ?? agency.Title,
            ["url"] = WebUrl(website),
            ["email"] = Email(email),
            ["status"] = "active",
            ["alert"] = agency.Note,
            ["assured_date"] = agency.LastVerified,
            ["last_modified"] = ContentItem.FormatDate(Modified(agency)),
        });
    }

    private JsonArray Phones(AgencyView agency, bool service)
    {
        var phones = new JsonArray();
        for (var i = 0; i < agency.Channels.Count; i++)
        {
            var channel = agency.Channels[i];
            if (channel.KindKey != ChannelKinds.Phone.Key)
            {
                continue;
            }

            phones.Add(Compact(new JsonObject
            {
                ["id"] = Uuid("phone", ChannelKey(agency, i)),
                [service ? "service_id" : "organization_id"] = Uuid(service ? "service" : "organization", agency.Id),
                ["number"] = channel.Value,
                ["type"] = "voice",
                ["description"] = Join(channel.Label, channel.Hours, channel.Notes, channel.IsNaviDial ? "NaviDial (0570): charged, not reachable from some plans" : null),
            }));
        }

        return phones;
    }

    private JsonArray Contacts(AgencyView agency)
    {
        var contacts = new JsonArray();
        for (var i = 0; i < agency.Channels.Count; i++)
        {
            var channel = agency.Channels[i];
            if (channel.KindKey == ChannelKinds.Email.Key && Email(channel.Value) is { } email)
            {
                contacts.Add(Compact(new JsonObject
                {
                    ["id"] = Uuid("contact", ChannelKey(agency, i)),
                    ["service_id"] = Uuid("service", agency.Id),
                    ["name"] = channel.Label ?? agency.Title,
                    ["email"] = email,
                }));
            }
        }

        return contacts;
    }

    private JsonArray Schedules(AgencyView agency)
    {
        var schedules = new JsonArray();
        for (var i = 0; i < agency.Channels.Count; i++)
        {
            var channel = agency.Channels[i];
            if (channel.Hours is not null)
            {
                schedules.Add(new JsonObject
                {
                    ["id"] = Uuid("schedule", ChannelKey(agency, i)),
                    ["service_id"] = Uuid("service", agency.Id),
                    ["description"] = $"{channel.Kind} {channel.Value}: {channel.Hours}",
                    ["attending_type"] = channel.KindInfo.HsdsAttendingType,
                    // Japan Standard Time, UTC+9 all year.
                    ["timezone"] = 9,
                });
            }
        }

        return schedules;
    }

    private string ChannelKey(AgencyView agency, int index)
    {
        // The bag item's id when there is one, so a reordered bag keeps its UUIDs.
        var bag = snapshot.Get(agency.Id)?.Part("Channels")?["ContentItems"] as JsonArray;
        return bag is not null && index < bag.Count && bag[index]?["ContentItemId"]?.ToString() is { Length: > 0 } id ? id : $"{agency.Id}/{index}";
    }

    private static string? WebUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri.AbsoluteUri : null;

    private static string? Email(string? value) =>
        MailAddress.TryCreate(value, out var address) && address.Address == value ? value : null;

    private static string? Join(params string?[] parts) => parts.Where(p => !string.IsNullOrEmpty(p)).ToList() is { Count: > 0 } l ? string.Join(" / ", l) : null;

    private static JsonObject Compact(JsonObject obj)
    {
        foreach (var key in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            obj.Remove(key);
        }

        return obj;
    }
}
