using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Media;
using NetTroubleCms.Content.Recipes;
using SkiaSharp;

namespace NetTroubleCms.Web.Tests;

/// <summary>
/// Media end to end: files arrive with a recipe, are served at /media with the same bytes, leave in an export
/// package and arrive in another site; uploads are checked; nothing is ever served as a page.
/// </summary>
public sealed class MediaTests : IDisposable
{
    private readonly CmsApplication _app = new();

    public static readonly byte[] Photo = Jpeg(800, 600, 1);

    public static readonly byte[] Slide = Png(300, 200, 2);

    public static string PhotoRecipe => $$"""
        { "steps": [
            { "name": "ContentDefinition",
              "ContentTypes": [ { "Name": "Photo", "DisplayName": "写真",
                  "Settings": { "ContentTypeSettings": { "Creatable": true, "Listable": true, "Draftable": true, "Versionable": true } },
                  "ContentTypePartDefinitionRecords": [ { "PartName": "TitlePart", "Name": "TitlePart" }, { "PartName": "Photo", "Name": "Photo" } ] } ],
              "ContentParts": [ { "Name": "Photo", "ContentPartFieldDefinitionRecords": [
                  { "FieldName": "MediaField", "Name": "Image", "Settings": { "ContentPartFieldSettings": { "DisplayName": "画像" }, "MediaFieldSettings": { "Multiple": true } } } ] } ] },
            { "name": "media", "Files": [
                { "TargetPath": "photos/春の写真.jpg", "Base64": "{{Convert.ToBase64String(Photo)}}" },
                { "TargetPath": "slides/b.png", "Base64": "{{Convert.ToBase64String(Slide)}}" } ] },
            { "name": "Content", "data": [ { "ContentItemId": "4f0k9xq2m7tz8vb1r6ndc3wyha", "ContentItemVersionId": "4f0k9xq2m7tz8vb1r6ndc3wyh0",
                "ContentType": "Photo", "DisplayText": "春", "Latest": true, "Published": true, "TitlePart": { "Title": "春" },
                "Photo": { "Image": { "Paths": [ "photos/春の写真.jpg", "slides/b.png" ], "MediaTexts": [ "桜", "" ] } } } ] } ] }
        """;

    [Fact]
    public async Task Recipe_media_is_served_exported_as_a_package_and_arrives_in_another_site_with_the_same_bytes()
    {
        var result = await ImportAsync(_app, PhotoRecipe);
        Assert.True(result.Complete);
        using var anonymous = _app.CreateClient();

        using var photo = await anonymous.GetAsync("/media/photos/" + Uri.EscapeDataString("春の写真.jpg"));
        Assert.Equal(HttpStatusCode.OK, photo.StatusCode);
        Assert.Equal(Photo, await photo.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/jpeg", photo.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", photo.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.NotNull(photo.Headers.ETag);
        Assert.NotNull(photo.Content.Headers.LastModified);
        using (var again = new HttpRequestMessage(HttpMethod.Get, photo.RequestMessage!.RequestUri))
        {
            again.Headers.IfNoneMatch.Add(photo.Headers.ETag!);
            using var notModified = await anonymous.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        }

        // A resized copy in one of the fixed widths; any other width is refused, so requests cannot multiply work.
        using (var small = await anonymous.GetAsync("/media/photos/" + Uri.EscapeDataString("春の写真.jpg") + "?width=320"))
        {
            Assert.Equal(HttpStatusCode.OK, small.StatusCode);
            using var decoded = SKBitmap.Decode(await small.Content.ReadAsByteArrayAsync());
            Assert.Equal((320, 240), (decoded.Width, decoded.Height));
            Assert.NotEqual(photo.Headers.ETag!.Tag, small.Headers.ETag!.Tag);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.GetAsync("/media/slides/b.png?width=321")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.GetAsync("/media/slides/b.png?width=abc")).StatusCode);
        Assert.True(Directory.EnumerateFiles(Path.Combine(_app.DataDirectory, "media-cache"), "*.jpg", SearchOption.AllDirectories).Any());

        using var admin = await AdminClient.SignInAsync(_app);
        var recipes = await admin.GetPageAsync("/admin/recipes");
        using var export = await admin.SubmitAsync(recipes, "main form[action*='handler=Export']", new() { ["scope"] = "types", ["types"] = "Photo", ["format"] = "zip" });
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/zip", export.Content.Headers.ContentType!.MediaType);
        var zip = await export.Content.ReadAsByteArrayAsync();
        using (var archive = new ZipArchive(new MemoryStream(zip)))
        {
            Assert.Equal(["Media/photos/春の写真.jpg", "Media/slides/b.png", "Recipe.json"], archive.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        }

        using var other = new CmsApplication();
        using var otherAdmin = await AdminClient.SignInAsync(other);
        var page = await otherAdmin.GetPageAsync("/admin/recipes");
        using var dryRun = await PostFileAsync(otherAdmin, page, zip, "site.zip");
        var report = await AdminClient.ParseAsync(await dryRun.Content.ReadAsStringAsync(), "/admin/recipes");
        Assert.Contains("メディア ファイル 2 件", report.Body!.TextContent, StringComparison.Ordinal);
        Assert.False(await other.InScopeAsync(sp => sp.GetRequiredService<IMediaStore>().ExistsAsync("slides/b.png")));
        using var applied = await otherAdmin.SubmitAsync(report, "main form[action*='handler=Apply']", []);
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);

        using var otherClient = other.CreateClient();
        Assert.Equal(Photo, await otherClient.GetByteArrayAsync("/media/photos/" + Uri.EscapeDataString("春の写真.jpg")));
        Assert.Equal(Slide, await otherClient.GetByteArrayAsync("/media/slides/b.png"));
        var item = await other.InScopeAsync(sp => sp.GetRequiredService<ContentManager>().GetAsync("4f0k9xq2m7tz8vb1r6ndc3wyha"));
        Assert.Equal("桜", item!.Content["Photo"]!["Image"]!["MediaTexts"]![0]!.GetValue<string>());
        // The token was used up: applying the same package again is refused.
        using var again2 = await otherAdmin.SubmitAsync(report, "main form[action*='handler=Apply']", []);
        Assert.Contains("確認したパッケージが見つかりません", await again2.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("page.html", "<html><script>alert(1)</script></html>")]
    [InlineData("logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>")]
    [InlineData("run.js", "alert(1)")]
    [InlineData("noext", "<html><script>alert(1)</script></html>")]
    public async Task Html_svg_and_scripts_brought_by_a_recipe_are_never_served_inline(string name, string body)
    {
        await ImportAsync(_app, $$"""{ "steps": [ { "name": "media", "Files": [ { "TargetPath": "files/{{name}}", "Base64": "{{Convert.ToBase64String(Encoding.UTF8.GetBytes(body))}}" } ] } ] }""");
        using var client = _app.CreateClient();

        using var response = await client.GetAsync("/media/files/" + name);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("sandbox", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pdf_is_a_download_and_paths_outside_the_store_are_not_found()
    {
        await ImportAsync(_app, $$"""{ "steps": [ { "name": "media", "Files": [ { "TargetPath": "docs/leaflet.pdf", "Base64": "{{Convert.ToBase64String(Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF"))}}" } ] } ] }""");
        using var client = _app.CreateClient();

        using var pdf = await client.GetAsync("/media/docs/leaflet.pdf");

        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", pdf.Content.Headers.ContentDisposition!.DispositionType);
        foreach (var url in new[] { "/media/..%2Fcms.db", "/media/%2E%2E/cms.db", "/media/docs/..%2F..%2Fcms.db", "/media/docs%5C..%5C..%5Ccms.db", "/media/", "/media/docs" })
        {
            using var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url}: {response.StatusCode}");
        }
    }

    [Fact]
    public async Task Uploads_are_checked_by_type_content_size_and_name()
    {
        using var app = new CmsApplication().With("Cms:Media:MaxUploadBytes", "20000");
        using var admin = await AdminClient.SignInAsync(app);
        var page = await admin.GetPageAsync("/admin/media");
        var text = Encoding.UTF8.GetBytes("this is not an image at all");

        var good = await UploadAsync(admin, page, ("ok.png", Png(40, 30, 3)));
        var disguised = await UploadAsync(admin, page, ("disguised.png", text));
        var wrongKind = await UploadAsync(admin, page, ("actually-jpeg.png", Jpeg(40, 30, 4)));
        var truncated = await UploadAsync(admin, page, ("cut.jpg", Jpeg(200, 150, 5)[..2000]));
        var html = await UploadAsync(admin, page, ("page.html", Encoding.UTF8.GetBytes("<script>alert(1)</script>")));
        var big = await UploadAsync(admin, page, ("big.png", Png(400, 400, 6)));
        var escape = await UploadAsync(admin, page, ("evil.png", Png(10, 10, 7)), subfolder: "../outside");
        var fakePdf = await UploadAsync(admin, page, ("doc.pdf", text));

        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var store = app.Services.GetRequiredService<IMediaStore>();
        Assert.Equal(["ok.png"], (await store.ListAllAsync()).Select(f => f.Path));
        Assert.Contains("画像として読み取れません", disguised.Body, StringComparison.Ordinal);
        Assert.Contains("拡張子と中身の画像形式が一致しません", wrongKind.Body, StringComparison.Ordinal);
        Assert.Contains("画像が壊れているか、途中で切れています", truncated.Body, StringComparison.Ordinal);
        Assert.Contains("この種類のファイルはアップロードできません", html.Body, StringComparison.Ordinal);
        Assert.Contains("ファイルが大きすぎます", big.Body, StringComparison.Ordinal);
        Assert.Contains("フォルダ名が使えません", escape.Body, StringComparison.Ordinal);
        Assert.Contains("PDF として読み取れません", fakePdf.Body, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(app.DataDirectory, "outside", "evil.png")));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.GetAsync("/admin/media?folder=..%2F..")).StatusCode);

        // The same name again is refused unless replacing was asked for.
        var twice = await UploadAsync(admin, page, ("ok.png", Png(40, 30, 8)));
        Assert.Contains("同じ名前のファイルがあります", twice.Body, StringComparison.Ordinal);
        var replaced = await UploadAsync(admin, page, ("ok.png", Png(40, 30, 8)), overwrite: true);
        Assert.Equal(HttpStatusCode.Redirect, replaced.StatusCode);
        using var served = app.CreateClient();
        Assert.Equal(Png(40, 30, 8), await served.GetByteArrayAsync("/media/ok.png"));
    }

    [Fact]
    public async Task The_library_lists_uploads_in_folders_and_deletes_them()
    {
        using var admin = await AdminClient.SignInAsync(_app);
        var page = await admin.GetPageAsync("/admin/media");

        var upload = await UploadAsync(admin, page, ("a.webp", WebP(64, 48, 9)), subfolder: "季節/春");
        var top = await admin.GetPageAsync("/admin/media");
        var folder = await admin.GetPageAsync("/admin/media?folder=" + Uri.EscapeDataString("季節/春"));

        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        Assert.Contains(top.QuerySelectorAll("main a"), a => a.TextContent == "季節/");
        var thumb = folder.QuerySelector("main img.thumb")!;
        Assert.Equal("/media/%E5%AD%A3%E7%AF%80/%E6%98%A5/a.webp?width=160", thumb.GetAttribute("src"));
        using var deleted = await admin.SubmitAsync(folder, "main form[action*='handler=Delete']", []);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        // The emptied folders went with their last file.
        Assert.Equal("/admin/media", deleted.Headers.Location!.OriginalString);
        Assert.Empty(await _app.Services.GetRequiredService<IMediaStore>().ListAllAsync());
    }

    [Fact]
    public async Task Editors_manage_media_and_authors_do_not()
    {
        await AdminClient.CreateUserAsync(_app, "author-media", "Author");
        await AdminClient.CreateUserAsync(_app, "editor-media", "Editor");
        using var author = await AdminClient.SignInAsync(_app, "author-media", "Strong-Pass-1234!");
        using var editor = await AdminClient.SignInAsync(_app, "editor-media", "Strong-Pass-1234!");

        using var denied = await author.Http.GetAsync("/admin/media");
        var allowed = await editor.GetPageAsync("/admin/media");

        Assert.True(denied.StatusCode is HttpStatusCode.Forbidden || denied.Headers.Location?.OriginalString.StartsWith("/admin/denied", StringComparison.Ordinal) == true, denied.StatusCode.ToString());
        Assert.NotNull(allowed.QuerySelector("main form[action*='handler=Upload']"));
    }

    [Fact]
    public async Task The_media_field_editor_offers_the_library_and_saves_the_choice()
    {
        await ImportAsync(_app, PhotoRecipe);
        using var admin = await AdminClient.SignInAsync(_app);

        var create = await admin.GetPageAsync("/admin/contents/new/Photo");
        var choices = create.QuerySelectorAll("main input[name='Photo.Image.Add']").Select(i => i.GetAttribute("value")).ToList();
        Assert.Equal(["photos/春の写真.jpg", "slides/b.png"], choices.Order(StringComparer.Ordinal));
        Assert.Equal(2, create.QuerySelectorAll("main details img.thumb").Length);
        using var saved = await admin.SubmitAsync(create, "main form", new() { ["TitlePart.Title"] = "夏" }, extra: [new("Photo.Image.Add", "slides/b.png"), new("command", "save")]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var id = saved.Headers.Location!.OriginalString.Split('/')[3];
        var item = await _app.InScopeAsync(sp => sp.GetRequiredService<ContentManager>().GetAsync(id, NetTroubleCms.Content.Storage.VersionFilter.Latest));
        Assert.Equal(["slides/b.png"], item!.Content["Photo"]!["Image"]!["Paths"]!.AsArray().Select(p => p!.GetValue<string>()));

        // Editing: the chosen file shows with its thumbnail; unticking it and writing an alternative text for a new one.
        var edit = await admin.GetPageAsync($"/admin/contents/{id}/edit");
        Assert.Equal("slides/b.png", edit.QuerySelector("main input[name='Photo.Image.Paths[0]']")!.GetAttribute("value"));
        Assert.NotNull(edit.QuerySelector("main ul.media-choices img.thumb"));
        using var changed = await admin.SubmitAsync(edit, "main form", new() { ["Photo.Image.Texts[0]"] = "青い図" }, extra: [new("Photo.Image.Add", "photos/春の写真.jpg"), new("command", "save")]);
        var after = await _app.InScopeAsync(sp => sp.GetRequiredService<ContentManager>().GetAsync(id, NetTroubleCms.Content.Storage.VersionFilter.Latest));
        var image = after!.Content["Photo"]!["Image"]!;
        Assert.Equal(["slides/b.png", "photos/春の写真.jpg"], image["Paths"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(["青い図", ""], image["MediaTexts"]!.AsArray().Select(p => p!.GetValue<string>()));
    }

    public void Dispose() => _app.Dispose();

    private static Task<RecipeImportResult> ImportAsync(CmsApplication app, string recipe) =>
        app.InScopeAsync(sp => sp.GetRequiredService<RecipeExecutor>().ImportAsync(recipe, null));

    private static async Task<(HttpStatusCode StatusCode, string Body)> UploadAsync(AdminClient admin, IHtmlDocument page, (string Name, byte[] Bytes) file, string? subfolder = null, bool overwrite = false)
    {
        var form = page.QuerySelector("main form[action*='handler=Upload']")!;
        using var content = new MultipartFormDataContent();
        foreach (var (key, value) in AdminClient.Fields(form).Where(f => f.Key is not "files" and not "subfolder" and not "overwrite"))
        {
            content.Add(new StringContent(value), key);
        }

        if (subfolder is not null)
        {
            content.Add(new StringContent(subfolder), "subfolder");
        }

        if (overwrite)
        {
            content.Add(new StringContent("true"), "overwrite");
        }

        var bytes = new ByteArrayContent(file.Bytes);
        bytes.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(bytes, "files", file.Name);
        using var response = await admin.Http.PostAsync(form.GetAttribute("action"), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<HttpResponseMessage> PostFileAsync(AdminClient admin, IHtmlDocument page, byte[] file, string name)
    {
        var form = page.QuerySelector("main form[action*='handler=DryRun']")!;
        using var content = new MultipartFormDataContent();
        foreach (var (key, value) in AdminClient.Fields(form).Where(f => f.Key != "file"))
        {
            content.Add(new StringContent(value), key);
        }

        content.Add(new ByteArrayContent(file), "file", name);
        return await admin.Http.PostAsync(form.GetAttribute("action"), content);
    }

    public static byte[] Png(int width, int height, int seed) => Encode(width, height, seed, SKEncodedImageFormat.Png);

    public static byte[] Jpeg(int width, int height, int seed) => Encode(width, height, seed, SKEncodedImageFormat.Jpeg);

    public static byte[] WebP(int width, int height, int seed) => Encode(width, height, seed, SKEncodedImageFormat.Webp);

    // Noise, so the encoded size grows with the picture (the size-limit test needs a big file).
    private static byte[] Encode(int width, int height, int seed, SKEncodedImageFormat format)
    {
        var random = new Random(seed);
        using var bitmap = new SKBitmap(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
            }
        }

        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }
}
