using System.Text.Json;

namespace NetTroubleCms.Web.Features.SiteData;

/// <summary>
/// <c>site.json</c> in the data folder: written once a site exists, outside the database on purpose. When the
/// database vanishes (deleted file, wrong volume, emptied schema) the marker is still there and start-up refuses to
/// seed a fresh site over the place where the real one lived, unless the operator says so.
/// </summary>
public sealed record SiteMarker(string SiteId, string Provider, DateTime CreatedUtc)
{
    /// <summary>File name inside the data folder.</summary>
    public const string FileName = "site.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Full path of the marker in <paramref name="dataDirectory"/>.</summary>
    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    /// <summary>The marker of <paramref name="dataDirectory"/>, or null when none was written there.</summary>
    public static SiteMarker? Read(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<SiteMarker>(File.ReadAllText(path), Json);
        }
        catch (JsonException)
        {
            // A damaged marker still says "a site was here": keep refusing, with an id nothing matches.
            return new SiteMarker("", "", DateTime.MinValue);
        }
    }

    /// <summary>Writes the marker atomically (temporary file, then rename), so a crash never leaves half a file.</summary>
    public void Write(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = PathIn(dataDirectory);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this, Json) + "\n");
        File.Move(temp, path, overwrite: true);
    }
}
