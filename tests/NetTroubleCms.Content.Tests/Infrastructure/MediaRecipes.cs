using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace NetTroubleCms.Content.Tests.Infrastructure;

/// <summary>A type with media fields (one on the item, one on its bag items) and recipes that carry files for them.</summary>
public static class MediaRecipes
{
    public const string PhotoId = "4p3s1h9kq0ev7w2zt5xbm8cnry";

    public const string SlideId = "46sz0w7m4r2gj8k3qv9xbh1ydf";

    public const string PhotoPath = "photos/a.jpg";

    // Japanese and a blank: names as editors give them must survive the trip.
    public const string SlidePath = "slides/日本語 b.png";

    /// <summary>Bytes that stand for a file: what matters is that they come back the same.</summary>
    public static byte[] Bytes(int seed, int length = 3000)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public const string Definitions = """
        { "name": "ContentDefinition",
          "ContentTypes": [
            { "Name": "Photo", "DisplayName": "Photo",
              "ContentTypePartDefinitionRecords": [
                { "PartName": "TitlePart", "Name": "TitlePart" },
                { "PartName": "Photo", "Name": "Photo" },
                { "PartName": "BagPart", "Name": "Gallery", "Settings": { "BagPartSettings": { "ContainedContentTypes": [ "Slide" ] } } } ] },
            { "Name": "Slide", "DisplayName": "Slide", "ContentTypePartDefinitionRecords": [ { "PartName": "Slide", "Name": "Slide" } ] } ],
          "ContentParts": [
            { "Name": "Photo", "ContentPartFieldDefinitionRecords": [ { "FieldName": "MediaField", "Name": "Image" } ] },
            { "Name": "Slide", "ContentPartFieldDefinitionRecords": [ { "FieldName": "MediaField", "Name": "Picture" } ] } ] }
        """;

    public static readonly string Content = $$"""
        { "name": "Content", "data": [ {
            "ContentItemId": "{{PhotoId}}", "ContentItemVersionId": "4p3s1h9kq0ev7w2zt5xbm8cnr0", "ContentType": "Photo",
            "DisplayText": "Photo", "Latest": true, "Published": true,
            "TitlePart": { "Title": "Photo" },
            "Photo": { "Image": { "Paths": [ "{{PhotoPath}}" ], "MediaTexts": [ "A photo" ] } },
            "Gallery": { "ContentItems": [ { "ContentItemId": "{{SlideId}}", "ContentType": "Slide", "Slide": { "Picture": { "Paths": [ "{{SlidePath}}" ], "MediaTexts": [ "" ] } } } ] } } ] }
        """;

    /// <summary>Definitions, a media step with both files inline, then the content that names them.</summary>
    public static string WithInlineMedia() => $$"""
        { "steps": [
            {{Definitions}},
            { "name": "media", "Files": [
                { "TargetPath": "{{PhotoPath}}", "Base64": "{{Convert.ToBase64String(Bytes(1))}}" },
                { "TargetPath": "{{SlidePath}}", "Base64": "{{Convert.ToBase64String(Bytes(2))}}" } ] },
            {{Content}} ] }
        """;

    /// <summary>A zip of the given names and contents.</summary>
    public static byte[] Zip(params (string Name, byte[] Bytes)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in entries)
            {
                using var stream = archive.CreateEntry(name).Open();
                stream.Write(bytes);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>The entries of a zip, by name.</summary>
    public static Dictionary<string, byte[]> Unzip(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>The bytes a store holds at <paramref name="path"/>, or null.</summary>
    public static async Task<byte[]?> ReadAsync(Media.IMediaStore store, string path)
    {
        await using var stream = await store.OpenReadAsync(path);
        if (stream is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    public static JsonObject Recipe(string json) => RecipeJson.Parse(json);
}
