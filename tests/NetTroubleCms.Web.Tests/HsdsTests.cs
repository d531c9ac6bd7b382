using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace NetTroubleCms.Web.Tests;

/// <summary>
/// Every HSDS response and the whole export, validated against Open Referral's compiled HSDS 3.0 schemas
/// (copied under Hsds/schema with their CC BY-SA 4.0 notice). The schemas carry no <c>$schema</c> and use
/// <c>definitions</c>, so they are read as draft 7; formats (uuid, uri, email, date-time) are asserted, not just noted.
/// </summary>
public sealed class HsdsTests : IClassFixture<HsdsTests.SeededSite>
{
    private static readonly EvaluationOptions Strict = new()
    {
        RequireFormatValidation = true,
        OutputFormat = OutputFormat.List,
    };

    private readonly HttpClient _client;

    public HsdsTests(SeededSite site) => _client = site.CreateClient();

    /// <summary>One seeded site shared by these read-only tests.</summary>
    public sealed class SeededSite : CmsApplication;

    private static JsonSchema Schema(string name, string? definition = null)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Hsds", "schema", name + ".json")))!.AsObject();
        if (definition is not null)
        {
            // A nested table of service_with_definitions as the root, keeping its definitions for the $refs.
            json = new JsonObject { ["$ref"] = $"#/definitions/{definition}", ["definitions"] = json["definitions"]!.DeepClone() };
        }

        return JsonSchema.FromText(json.ToJsonString(), new BuildOptions { Dialect = Dialect.Draft07, SchemaRegistry = new SchemaRegistry() });
    }

    private static void AssertValid(JsonSchema schema, JsonNode? instance, string what)
    {
        var result = schema.Evaluate(JsonDocument.Parse(instance!.ToJsonString()).RootElement, Strict);
        var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key} {e.Value}")).ToList();
        Assert.True(result.IsValid, $"{what} is not valid HSDS 3.0:\n{string.Join("\n", errors.Take(20))}");
    }

    private static void AssertPage(JsonObject page, int expectedTotal)
    {
        Assert.Equal(expectedTotal, page["total_items"]!.GetValue<int>());
        Assert.Equal(page["contents"]!.AsArray().Count, page["size"]!.GetValue<int>());
        Assert.True(page["first_page"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ServiceListAndEveryFullServiceAreValid()
    {
        var list = await _client.GetFromJsonAsync<JsonObject>("/api/hsds/v3/services?per_page=50");

        AssertPage(list!, 8);
        var schema = Schema("service_list");
        var full = Schema("service_with_definitions");
        foreach (var row in list!["contents"]!.AsArray())
        {
            AssertValid(schema, row, $"service_list row {row!["name"]}");
            var service = await _client.GetFromJsonAsync<JsonObject>($"/api/hsds/v3/services/{row["id"]}");
            AssertValid(full, service, $"service {row["name"]}");
        }

        var fullList = await _client.GetFromJsonAsync<JsonObject>("/api/hsds/v3/services?full=true");
        Assert.All(fullList!["contents"]!.AsArray(), s => AssertValid(full, s, $"full service {s!["name"]}"));
    }

    [Fact]
    public async Task ServicesCarryPhonesUrlsAndLanguagesFromTheChannels()
    {
        var list = await _client.GetFromJsonAsync<JsonObject>("/api/hsds/v3/services?search=法テラス");
        var id = list!["contents"]!.AsArray().Single()!["id"]!.ToString();

        var service = await _client.GetFromJsonAsync<JsonObject>($"/api/hsds/v3/services/{id}");

        Assert.Equal("0570-078374", service!["phones"]!.AsArray().Single()!["number"]!.ToString());
        Assert.StartsWith("http://www.houterasu.or.jp", service["url"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal("ja", service["languages"]![0]!["code"]!.ToString());
        // The seed verifies nothing: no date is invented.
        Assert.Null(service["assured_date"]);
    }

    [Fact]
    public async Task OrganizationsAndServiceAtLocationsAreValid()
    {
        var organizations = await _client.GetFromJsonAsync<JsonObject>("/api/hsds/v3/organizations");
        AssertPage(organizations!, 8);
        var schema = Schema("organization_list");
        var nested = Schema("service_with_definitions", "organization");
        foreach (var row in organizations!["contents"]!.AsArray())
        {
            AssertValid(schema, row, $"organization_list row {row!["name"]}");
            var organization = await _client.GetFromJsonAsync<JsonObject>($"/api/hsds/v3/organizations/{row["id"]}?full_service=true");
            AssertValid(nested, organization, $"organization {row["name"]}");
            Assert.Single(organization!["services"]!.AsArray());
        }

        var locations = await _client.GetFromJsonAsync<JsonObject>("/api/hsds/v3/service_at_locations");
        var rows = locations!["contents"]!.AsArray();
        Assert.Equal(rows.Count, locations["total_items"]!.GetValue<int>());
        var sal = Schema("service_at_location_list");
        foreach (var row in rows)
        {
            AssertValid(sal, row, "service_at_location_list row");
            Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/hsds/v3/service_at_locations/{row!["id"]}")).StatusCode);
        }
    }

    [Fact]
    public async Task OnlineChannelsBecomeValidVirtualLocations()
    {
        await using var server = await Samples.SampleLinkServer.StartAsync();
        await using var app = Samples.SampleLinkSite.CreateApp();
        await Samples.SampleLinkSite.SeedAsync(app, server);
        var client = app.CreateClient();

        var page = await client.GetFromJsonAsync<JsonObject>("/api/hsds/v3/service_at_locations?per_page=100");

        // Each sample agency has a web form, an SNS account and a chat: six virtual locations.
        AssertPage(page!, 6);
        var list = Schema("service_at_location_list");
        var full = Schema("service_with_definitions");
        string[] expectedUrls = [.. new[] { "/missing", "/error", "/slow", "/head-refused", "/loop" }.Select(p => server.Http + p), server.Https + "/ok"];
        foreach (var row in page!["contents"]!.AsArray())
        {
            AssertValid(list, row, "service_at_location_list row");
            Assert.Equal("virtual", row!["location"]!["location_type"]!.ToString());
            Assert.Contains(row["location"]!["url"]!.ToString(), expectedUrls);
            var one = await client.GetFromJsonAsync<JsonObject>($"/api/hsds/v3/service_at_locations/{row["id"]}");
            Assert.Equal(row["id"]!.ToString(), one!["id"]!.ToString());
        }

        var services = await client.GetFromJsonAsync<JsonObject>("/api/hsds/v3/services?full=true");
        Assert.All(services!["contents"]!.AsArray(), s =>
        {
            AssertValid(full, s, $"sample service {s!["name"]}");
            Assert.Equal(3, s!["service_at_locations"]!.AsArray().Count);
        });
    }

    [Fact]
    public async Task WholeExportIsValidInEveryCulture()
    {
        var organization = Schema("organization_list");
        var service = Schema("service_with_definitions");
        foreach (var culture in new[] { "ja-JP", "en", "ja-x-easy" })
        {
            var export = await _client.GetFromJsonAsync<JsonObject>($"/api/v1/opendata/hsds.json?culture={culture}");

            Assert.Equal(8, export!["organizations"]!.AsArray().Count);
            Assert.Equal(8, export["services"]!.AsArray().Count);
            Assert.All(export["organizations"]!.AsArray(), o => AssertValid(organization, o, $"{culture} organization {o!["name"]}"));
            Assert.All(export["services"]!.AsArray(), s => AssertValid(service, s, $"{culture} service {s!["name"]}"));
            Assert.Null(export["urls"]);
        }
    }

    [Fact]
    public async Task PagingFollowsTheSpecificationAndRefusesNonsense()
    {
        var second = await _client.GetFromJsonAsync<JsonObject>("/api/hsds/v3/services?page=2&per_page=3");

        Assert.Equal(2, second!["page_number"]!.GetValue<int>());
        Assert.Equal(3, second["total_pages"]!.GetValue<int>());
        Assert.Equal(3, second["size"]!.GetValue<int>());
        Assert.False(second["first_page"]!.GetValue<bool>());
        Assert.False(second["last_page"]!.GetValue<bool>());
        var bad = await _client.GetAsync("/api/hsds/v3/services?per_page=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("per_page", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/hsds/v3/services/{Guid.NewGuid()}")).StatusCode);
        var root = await _client.GetFromJsonAsync<JsonObject>("/api/hsds/v3/");
        Assert.Equal("3.0", root!["version"]!.ToString());
    }

    [Fact]
    public void TheValidatorRejectsWhatTheOldExportDid()
    {
        // The old export wrote nulls for absent strings and non-UUID ids; the schemas must catch both.
        var schema = Schema("service_with_definitions");
        var good = new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["name"] = "x", ["status"] = "active" };
        var badId = (JsonObject)good.DeepClone();
        badId["id"] = "not-a-uuid";
        var nullEmail = (JsonObject)good.DeepClone();
        nullEmail["email"] = null;

        bool Valid(JsonObject o) => schema.Evaluate(JsonDocument.Parse(o.ToJsonString()).RootElement, Strict).IsValid;

        Assert.True(Valid(good));
        Assert.False(Valid(badId));
        Assert.False(Valid(nullEmail));
    }
}
