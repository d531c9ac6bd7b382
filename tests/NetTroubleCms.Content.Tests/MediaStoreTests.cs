using System.Text;
using NetTroubleCms.Content.Media;
using NetTroubleCms.Content.Tests.Infrastructure;

namespace NetTroubleCms.Content.Tests;

/// <summary>Media paths and the file-system store: every path stays inside the media folder.</summary>
public sealed class MediaStoreTests
{
    [Theory]
    [InlineData("a.jpg", "a.jpg")]
    [InlineData("about/team/1.jpg", "about/team/1.jpg")]
    [InlineData("写真/春 の 景色.png", "写真/春 の 景色.png")]
    // Decomposed (as macOS writes it) becomes composed: one spelling per name.
    [InlineData("\u304b\u3099.png", "\u304c.png")]
    public void Valid_paths_are_normalised(string path, string expected)
    {
        Assert.True(MediaPath.TryNormalize(path, out var normalized, out var problem), problem);
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("..")]
    [InlineData("../a.jpg")]
    [InlineData("a/../b.jpg")]
    [InlineData("./a.jpg")]
    [InlineData("/a.jpg")]
    [InlineData("a\\b.jpg")]
    [InlineData("C:/a.jpg")]
    [InlineData("a//b.jpg")]
    [InlineData("a/")]
    [InlineData("a\u0000.jpg")]
    [InlineData("a\n.jpg")]
    [InlineData("a.jpg.")]
    [InlineData("a/b.jpg ")]
    [InlineData(".~tmp.jpg")]
    [InlineData("a%2f..%2fb.jpg")]
    [InlineData("a?b.jpg")]
    public void Paths_that_could_escape_or_alias_are_refused(string path)
    {
        Assert.False(MediaPath.TryNormalize(path, out _, out var problem));
        Assert.False(string.IsNullOrEmpty(problem));
    }

    [Fact]
    public void Refusals_are_told_in_the_editor_language()
    {
        var before = System.Globalization.CultureInfo.CurrentUICulture;
        try
        {
            System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("ja");
            MediaPath.TryNormalize("../a.jpg", out _, out var japanese);
            System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("en");
            MediaPath.TryNormalize("../a.jpg", out _, out var english);

            Assert.Equal("パスに「..」は使えません（フォルダの外を指せません）。", japanese);
            Assert.Equal("“..” cannot be used in a path (it cannot point outside the folder).", english);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public void Folders_may_be_the_root_and_end_with_a_slash()
    {
        Assert.Equal("", MediaPath.NormalizeFolder(""));
        Assert.Equal("a/b", MediaPath.NormalizeFolder("a/b/"));
        Assert.Throws<MediaPathException>(() => MediaPath.NormalizeFolder("../a"));
        Assert.Equal("/media/a%20b/%E5%86%99.jpg", MediaPath.Url("a b/写.jpg"));
    }

    [Fact]
    public async Task Put_replaces_list_shows_delete_removes_empty_folders()
    {
        await using var engine = await TestEngine.CreateAsync();
        var store = engine.Media;

        var first = await store.PutAsync("a/b/c.txt", new MemoryStream(Encoding.UTF8.GetBytes("one")));
        var second = await store.PutAsync("a/b/c.txt", new MemoryStream(Encoding.UTF8.GetBytes("second")));
        await store.PutAsync("a/d.txt", new MemoryStream(Encoding.UTF8.GetBytes("d")));

        Assert.Equal(6, second.Length);
        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Equal("second", Encoding.UTF8.GetString((await MediaRecipes.ReadAsync(store, "a/b/c.txt"))!));
        var listing = await store.ListAsync("a");
        Assert.Equal(["a/b"], listing.Folders);
        Assert.Equal(["a/d.txt"], listing.Files.Select(f => f.Path));
        Assert.True(await store.DeleteAsync("a/b/c.txt"));
        Assert.False(await store.DeleteAsync("a/b/c.txt"));
        Assert.Empty((await store.ListAsync("a")).Folders);
        Assert.False(Directory.Exists(Path.Combine(engine.MediaFolder, "a", "b")));
        await Assert.ThrowsAsync<MediaPathException>(() => store.PutAsync("../x.txt", new MemoryStream([1])));
        await Assert.ThrowsAsync<MediaPathException>(() => store.OpenReadAsync("a/../../test.db"));
    }

    [Fact]
    public async Task Links_inside_the_media_folder_are_never_followed()
    {
        await using var engine = await TestEngine.CreateAsync();
        var outside = Path.Combine(engine.Folder, "outside");
        Directory.CreateDirectory(outside);
        await File.WriteAllTextAsync(Path.Combine(outside, "secret.txt"), "secret");
        Directory.CreateDirectory(engine.MediaFolder);
        Directory.CreateSymbolicLink(Path.Combine(engine.MediaFolder, "linked"), outside);
        File.CreateSymbolicLink(Path.Combine(engine.MediaFolder, "file-link.txt"), Path.Combine(outside, "secret.txt"));
        var store = engine.Media;

        Assert.Null(await store.OpenReadAsync("file-link.txt"));
        Assert.Null(await store.GetInfoAsync("file-link.txt"));
        await Assert.ThrowsAsync<MediaPathException>(() => store.OpenReadAsync("linked/secret.txt"));
        await Assert.ThrowsAsync<MediaPathException>(() => store.PutAsync("linked/new.txt", new MemoryStream([1])));
        var root = await store.ListAsync("");
        Assert.Empty(root.Folders);
        Assert.Empty(root.Files);
        Assert.False(File.Exists(Path.Combine(outside, "new.txt")));
    }
}
