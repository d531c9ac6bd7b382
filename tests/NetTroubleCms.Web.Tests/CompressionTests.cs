using System.Diagnostics.Metrics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NetTroubleCms.Web.Features.Api;
using NetTroubleCms.Web.Infrastructure;

namespace NetTroubleCms.Web.Tests;

/// <summary>
/// Content codings of public responses: bodies cached per snapshot (pages, the guide, HSDS, CSV) and the theme's
/// stylesheet are compressed once per coding and sent with exact lengths, their own ETags and Vary; q-values decide.
/// </summary>
public sealed class CompressionTests : IAsyncLifetime, IDisposable
{
    private static readonly string[] CachedPaths =
    [
        "/", "/chart", "/en/agencies", "/api/v1/guide", "/api/v1/agencies?culture=en", "/api/v1/opendata/hsds.json",
        "/api/v1/opendata/agencies.csv", "/api/v1/opendata/channels.csv?culture=en", "/theme/site.css",
    ];

    private readonly CmsApplication _app = new();
    private readonly MeterListener _listener = new();
    private HttpClient _client = null!;
    private long _encodings;

    public Task InitializeAsync()
    {
        _client = _app.CreateClient();
        // Only this app's meter: other test classes run their own apps in the same process at the same time.
        var meters = _app.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name == CompressionTelemetry.EncodingsName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _encodings, value));
        _listener.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _listener.Dispose();
        _client.Dispose();
        await _app.DisposeAsync();
    }

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Encoded_bodies_decode_to_the_identity_body_with_exact_lengths_vary_and_an_etag_per_coding()
    {
        foreach (var path in CachedPaths)
        {
            using var plain = await GetAsync(path, null);
            using var identity = await GetAsync(path, "identity");
            using var brotli = await GetAsync(path, "br");
            using var gzip = await GetAsync(path, "gzip");
            var body = await plain.Content.ReadAsByteArrayAsync();

            foreach (var (response, coding) in new[] { (plain, ""), (identity, ""), (brotli, "br"), (gzip, "gzip") })
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var bytes = await response.Content.ReadAsByteArrayAsync();
                Assert.Equal(bytes.Length, response.Content.Headers.ContentLength);
                Assert.Equal(coding.Length == 0 ? [] : [coding], response.Content.Headers.ContentEncoding);
                Assert.Contains("Accept-Encoding", response.Headers.Vary);
                Assert.NotNull(response.Headers.ETag);
                Assert.Equal(body, Decode(bytes, coding));
            }

            Assert.True((await brotli.Content.ReadAsByteArrayAsync()).Length < body.Length * 0.7, $"{path} shrinks with br");
            Assert.Equal(plain.Headers.ETag, identity.Headers.ETag);
            Assert.Equal(3, new[] { plain.Headers.ETag, brotli.Headers.ETag, gzip.Headers.ETag }.Select(e => e!.Tag).Distinct().Count());

            // Each ETag revalidates its own coding only.
            Assert.Equal(HttpStatusCode.NotModified, (await GetAsync(path, "br", brotli.Headers.ETag!.Tag)).StatusCode);
            Assert.Equal(HttpStatusCode.NotModified, (await GetAsync(path, "gzip", gzip.Headers.ETag!.Tag)).StatusCode);
            Assert.Equal(HttpStatusCode.NotModified, (await GetAsync(path, null, plain.Headers.ETag!.Tag)).StatusCode);
            using var other = await GetAsync(path, "gzip", brotli.Headers.ETag!.Tag);
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
            Assert.Equal(body, Decode(await other.Content.ReadAsByteArrayAsync(), "gzip"));
        }
    }

    [Fact]
    public async Task Head_answers_the_headers_of_get_for_each_coding()
    {
        foreach (var coding in new[] { "br", "gzip", "identity" })
        {
            using var get = await GetAsync("/api/v1/guide", coding);
            using var request = new HttpRequestMessage(HttpMethod.Head, "/api/v1/guide");
            request.Headers.TryAddWithoutValidation("Accept-Encoding", coding);
            using var head = await _client.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
            Assert.Equal(get.Content.Headers.ContentLength, head.Content.Headers.ContentLength);
            Assert.Equal(get.Content.Headers.ContentEncoding, head.Content.Headers.ContentEncoding);
            Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        }
    }

    [Fact]
    public async Task A_body_is_encoded_once_per_coding_and_again_only_for_a_new_snapshot()
    {
        // A directory search of its own, so no other test of this class has asked for this page before.
        var path = "/agencies?q=" + Uri.EscapeDataString("相談");
        var start = Interlocked.Read(ref _encodings);

        using var first = await GetAsync(path, "br");
        Assert.Equal(start + 1, Interlocked.Read(ref _encodings));
        using var second = await GetAsync(path, "br");
        using var head = await SendAsync(HttpMethod.Head, path, "br");
        Assert.Equal(start + 1, Interlocked.Read(ref _encodings));
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync());

        using var gzip = await GetAsync(path, "gzip");
        using var gzipAgain = await GetAsync(path, "gzip");
        Assert.Equal(start + 2, Interlocked.Read(ref _encodings));

        // Publishing makes a new snapshot: the page and its encodings are made again, from the new content.
        var file = Path.Combine(_app.DataDirectory, "one-sample.recipe.json");
        await File.WriteAllTextAsync(file, OneSampleAgencyRecipe());
        Assert.Equal(1, (await _app.ImportRecipeAsync(file)).Created);
        using var after = await GetAsync(path, "br");
        using var plainAfter = await GetAsync(path, null);
        Assert.Equal(start + 3, Interlocked.Read(ref _encodings));
        var html = Encoding.UTF8.GetString(Decode(await after.Content.ReadAsByteArrayAsync(), "br"));
        Assert.Contains("サンプル相談窓口 圧縮確認", html, StringComparison.Ordinal);
        Assert.Equal(await plainAfter.Content.ReadAsStringAsync(), html);
        Assert.NotEqual(first.Headers.ETag, after.Headers.ETag);
    }

    [Theory]
    [InlineData("br;q=0, gzip", "gzip")]
    [InlineData("br;q=0, *", "gzip")]
    [InlineData("gzip;q=0, *;q=0.5", "br")]
    [InlineData("identity", "")]
    [InlineData("identity;q=1, *;q=0", "")]
    [InlineData("gzip;q=0.5, br;q=0.8", "br")]
    [InlineData("gzip, br;q=0.5", "gzip")]
    [InlineData("gzip;q=0.5, identity", "")]
    [InlineData("br;q=0, gzip;q=0", "")]
    [InlineData("*", "br")]
    [InlineData("deflate, x-gzip", "gzip")]
    [InlineData("BR;Q=1.0", "br")]
    [InlineData("br;q=2, gzip", "gzip")]
    [InlineData("br;q=abc, gzip;q=0.1", "gzip")]
    [InlineData("gzip, deflate, br, zstd", "br")]
    [InlineData("", "")]
    public async Task Q_values_decide_the_coding_for_cached_and_per_request_bodies_alike(string accept, string expected)
    {
        Assert.Equal(expected, Compression.PreferredEncoding(RequestWith(accept)));

        // A cached page, the stylesheet, and an answer the middleware compresses per request (one agency).
        var agency = (await _client.GetFromJsonAsync<PageResponse<AgencyResponse>>("/api/v1/agencies"))!.Items[0].Id;
        foreach (var path in new[] { "/guide", "/theme/site.css", "/api/v1/agencies/" + agency })
        {
            using var response = await GetAsync(path, accept);
            using var plain = await GetAsync(path, null);
            Assert.Equal(expected.Length == 0 ? [] : [expected], response.Content.Headers.ContentEncoding);
            Assert.Equal(await plain.Content.ReadAsByteArrayAsync(), Decode(await response.Content.ReadAsByteArrayAsync(), expected));
            Assert.Equal(expected.Length == 0, Equals(plain.Headers.ETag, response.Headers.ETag));
        }
    }

    [Fact]
    public async Task Agencies_csv_lists_the_guide_agencies_field_by_field()
    {
        var guide = (await _client.GetFromJsonAsync<GuideResponse>("/api/v1/guide"))!;
        using var response = await GetAsync("/api/v1/opendata/agencies.csv", "br");
        var csv = Decode(await response.Content.ReadAsByteArrayAsync(), "br");

        Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("agencies.ja-JP.csv", response.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal(Encoding.UTF8.GetPreamble(), csv[..3]);
        var rows = Rows(Encoding.UTF8.GetString(csv[3..]));
        Assert.Equal(["id", "title", "operator", "badge", "tagline", "description", "note", "website_url", "path", "phones", "culture", "is_fallback"], rows[0]);
        Assert.Equal(guide.Agencies.Count, rows.Count - 1);
        Assert.All(guide.Agencies.Zip(rows.Skip(1)), pair =>
        {
            var (a, row) = pair;
            var phones = string.Join(" / ", a.Channels.Where(c => c.KindKey == "phone").Select(c => c.Value));
            Assert.Equal(
                new[] { a.Id, a.Title, a.Operator, a.Badge, a.Tagline, a.Description, a.Note, a.WebsiteUrl, a.Path, phones, a.Culture, a.IsFallback ? "true" : "false" }.Select(Cell),
                row);
        });
    }

    [Fact]
    public async Task Channels_csv_lists_every_channel_of_the_guide_field_by_field()
    {
        var guide = (await _client.GetFromJsonAsync<GuideResponse>("/api/v1/guide?culture=en"))!;
        var rows = Rows(Encoding.UTF8.GetString(await _client.GetByteArrayAsync("/api/v1/opendata/channels.csv?culture=en"))[1..]);

        var channels = guide.Agencies.SelectMany(a => a.Channels).ToList();
        Assert.NotEmpty(channels);
        Assert.Equal(channels.Count, rows.Count - 1);
        Assert.All(channels.Zip(rows.Skip(1)), pair =>
        {
            var (c, row) = pair;
            Assert.Equal(
                new[] { c.Id, c.AgencyId, c.AgencyTitle, c.Kind, c.KindKey, c.Value, c.Label, c.Hours, c.Notes, c.Href, c.IsNaviDial ? "true" : "false", c.SourceUrl, c.LastVerified, c.Culture, c.IsFallback ? "true" : "false" }.Select(Cell),
                row);
        });
    }

    [Theory]
    [InlineData("ja-JP")]
    [InlineData("en")]
    public async Task Hsds_document_is_the_json_of_the_hsds_api_objects_serialised_as_before(string culture)
    {
        var document = await _client.GetByteArrayAsync($"/api/v1/opendata/hsds.json?culture={culture}");
        var organizations = (await _client.GetFromJsonAsync<JsonObject>($"/api/hsds/v3/organizations?per_page=100&culture={culture}"))!;
        var services = (await _client.GetFromJsonAsync<JsonObject>($"/api/hsds/v3/services?full=true&per_page=100&culture={culture}"))!;

        // The tree the document used to be built as, serialised the way it used to be (the app's JSON options): the
        // bytes must be the same.
        var expected = new JsonObject
        {
            ["hsds_version"] = "3.0",
            ["language"] = culture,
            ["organizations"] = organizations["contents"]!.DeepClone(),
            ["services"] = services["contents"]!.DeepClone(),
        };
        Assert.Equal(8, expected["services"]!.AsArray().Count);
        var options = _app.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        Assert.Equal(JsonSerializer.Serialize(expected, options), Encoding.UTF8.GetString(document));
    }

    private Task<HttpResponseMessage> GetAsync(string path, string? acceptEncoding, string? ifNoneMatch = null) =>
        SendAsync(HttpMethod.Get, path, acceptEncoding, ifNoneMatch);

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? acceptEncoding, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return _client.SendAsync(request);
    }

    private static byte[] Decode(byte[] bytes, string coding)
    {
        if (coding.Length == 0)
        {
            return bytes;
        }

        using Stream decoder = coding == "br"
            ? new BrotliStream(new MemoryStream(bytes), CompressionMode.Decompress)
            : new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }

    private static HttpRequest RequestWith(string acceptEncoding)
    {
        var http = new DefaultHttpContext();
        http.Request.Path = "/";
        if (acceptEncoding.Length > 0)
        {
            http.Request.Headers.AcceptEncoding = acceptEncoding;
        }

        return http.Request;
    }

    // A cell as the export writes it: empty for a missing value, and an apostrophe before what a spreadsheet would run.
    private static string Cell(string? value) =>
        value is { Length: > 0 } && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : OpenDataEndpoints.Csv.NeutraliseFullWidth(value) ?? "";

    // RFC 4180: quoted cells may hold commas, quotes (doubled) and line breaks; records end with CRLF.
    private static List<string[]> Rows(string csv) => CsvText.Rows(csv);

    private static string OneSampleAgencyRecipe() => new JsonObject
    {
        ["steps"] = new JsonArray(new JsonObject
        {
            ["name"] = "Content",
            ["data"] = new JsonArray(new JsonObject
            {
                ["ContentItemId"] = "samplecompressagency000001",
                ["ContentItemVersionId"] = "samplecompressagencyv00001",
                ["ContentType"] = "Agency",
                ["DisplayText"] = "サンプル相談窓口 圧縮確認",
                ["Latest"] = true,
                ["Published"] = true,
                ["TitlePart"] = new JsonObject { ["Title"] = "サンプル相談窓口 圧縮確認" },
                ["Agency"] = new JsonObject
                {
                    ["Description"] = new JsonObject { ["Text"] = "圧縮の確認用に作った架空の窓口です。" },
                    ["SortOrder"] = new JsonObject { ["Value"] = 9000 },
                },
                ["AutoroutePart"] = new JsonObject { ["Path"] = "agencies/sample-compress" },
                ["LocalizationPart"] = new JsonObject { ["LocalizationSet"] = "samplecompressagencyset001", ["Culture"] = "ja-JP" },
            }),
        }),
    }.ToJsonString();
}
