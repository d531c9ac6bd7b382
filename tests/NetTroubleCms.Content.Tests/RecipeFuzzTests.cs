using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using NetTroubleCms.Content.Recipes;
using NetTroubleCms.Content.Tests.Infrastructure;

namespace NetTroubleCms.Content.Tests;

/// <summary>
/// Hostile recipes through the real executor, seeded so a failure can be replayed: each one is either imported or
/// refused with a RecipeException naming the problem, never anything else, and a refused one leaves every table
/// byte for byte as it was (a hash of the whole database is compared).
/// </summary>
public sealed class RecipeFuzzTests
{
    private const int Seed = 20261202;
    private const int Cases = 1000;
    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(5);

    private static readonly string[] HostileStrings =
    [
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "/\\evil.example", "../../admin/users",
        "admin/users", "api/v1/agencies", "", " ", "\0", "\u202Eevil", "=1+1", "＝1+1", new string('あ', 70_000), "{{ 7*7 }}", "{% raw %}",
        "[js: while(true){}]", "[js: 'x'.repeat(100000000)]", "[js: (function f(){ return f(); })()]", "[js: uuid()]",
        "[js: variables('nope')]", "[js: parameters('AdminUserId')]", "[file: text('../../../../etc/passwd')]", "[file: text('/etc/passwd')]",
        "[js: base64('not base64 ###')]", "[js: gzip('x')]", "[js: html('<script>x</script>')]", "[js:", "]", "%00", "\uD800",
        "4f0k9xq2m7tz8vb1r6ndc3wyha", "Article", "NoSuchType", "ContentDefinition", "Content", "Settings",
    ];

    [Fact]
    public async Task A_thousand_hostile_recipes_are_imported_or_refused_cleanly_and_a_refusal_writes_nothing()
    {
        await using var engine = await TestEngine.CreateAsync();
        await engine.ImportAsync(TestRecipes.ArticleDefinition);
        await engine.ImportAsync(TestRecipes.SampleContent);
        // The sample recipes use comments and trailing commas, as Orchard recipes may.
        var lenient = new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true };
        var baseRecipes = new[] { JsonNode.Parse(TestRecipes.ArticleDefinition, null, lenient)!, JsonNode.Parse(TestRecipes.SampleContent, null, lenient)! };
        var random = new Random(Seed);
        var hash = DatabaseHash(engine.Folder);
        int refused = 0, imported = 0;
        var slowest = TimeSpan.Zero;
        var total = Stopwatch.StartNew();

        for (var i = 0; i < Cases; i++)
        {
            var (text, mustFail) = Mutate(baseRecipes[random.Next(baseRecipes.Length)].DeepClone(), random);
            var watch = Stopwatch.StartNew();
            var import = engine.ImportAsync(text);
            var finished = await Task.WhenAny(import, Task.Delay(PerCase));
            Assert.True(finished == import, $"case {i} (seed {Seed}) took longer than {PerCase.TotalSeconds} s:\n{Short(text)}");
            slowest = watch.Elapsed > slowest ? watch.Elapsed : slowest;
            try
            {
                await import;
                Assert.False(mustFail, $"case {i} (seed {Seed}) should have been refused:\n{Short(text)}");
                imported++;
                hash = DatabaseHash(engine.Folder);
            }
            catch (RecipeException ex)
            {
                // The executor wraps anything unexpected as 予期しないエラー: that is a bug the fuzzer found.
                Assert.False(ex.Reason.StartsWith("予期しないエラー", StringComparison.Ordinal), $"case {i} (seed {Seed}): {ex.Reason} {ex.InnerException}\n{Short(text)}");
                refused++;
                var after = DatabaseHash(engine.Folder);
                Assert.True(hash == after, $"case {i} (seed {Seed}) was refused ({ex.Reason}) but changed the database:\n{Short(text)}");
            }
        }

        Assert.True(refused > Cases / 2, $"only {refused} of {Cases} refused: the mutations are too gentle");
        Console.WriteLine($"Recipe fuzz: {Cases} cases, {refused} refused, {imported} imported, slowest {slowest.TotalMilliseconds:F0} ms, total {total.Elapsed.TotalSeconds:F1} s");
    }

    private static (string Text, bool MustFail) Mutate(JsonNode recipe, Random random)
    {
        var hostile = HostileStrings[random.Next(HostileStrings.Length)];
        switch (random.Next(8))
        {
            case 0:
                // Valid steps first, then a step that must fail: the earlier steps must be rolled back.
                // A new item (which would be written) followed by one without an id (which is refused).
                var freshId = "4fuzz" + random.Next(100_000_000).ToString("D9", System.Globalization.CultureInfo.InvariantCulture) + "abcdefghjkmn"[..12];
                recipe["steps"]!.AsArray().Add(new JsonObject
                {
                    ["name"] = "Content",
                    ["data"] = new JsonArray(
                        new JsonObject { ["ContentItemId"] = freshId, ["ContentType"] = "Article", ["DisplayText"] = hostile.Length > 100 ? "x" : hostile, ["Published"] = true, ["Latest"] = true },
                        new JsonObject { ["ContentType"] = "Article" }),
                });
                return (recipe.ToJsonString(), true);
            case 1:
                // Broken JSON text at a random point.
                var text = recipe.ToJsonString();
                return (text[..random.Next(1, text.Length - 1)], true);
            case 2:
                recipe["steps"]!.AsArray().Add(new JsonObject { ["name"] = hostile, ["data"] = JsonValue.Create(hostile) });
                break;
            case 3:
                var depth = new JsonObject();
                var node = depth;
                for (var d = 0; d < 200; d++)
                {
                    var child = new JsonObject();
                    node["n"] = child;
                    node = child;
                }

                recipe["steps"]!.AsArray().Add(new JsonObject { ["name"] = "Content", ["data"] = new JsonArray(depth) });
                return (recipe.ToJsonString(), true);
            default:
                // Replace one to three random values anywhere in the recipe with a hostile string, number, array, null or object.
                for (var n = random.Next(1, 4); n > 0; n--)
                {
                    var leaves = Leaves(recipe).ToList();
                    var (parent, key) = leaves[random.Next(leaves.Count)];
                    JsonNode? replacement = random.Next(5) switch
                    {
                        0 => JsonValue.Create(hostile),
                        1 => JsonValue.Create(random.Next(3) == 0 ? double.MaxValue : -1),
                        2 => new JsonArray(JsonValue.Create(hostile)),
                        3 => null,
                        _ => new JsonObject { [hostile.Length > 100 ? "k" : hostile] = hostile },
                    };
                    if (parent is JsonObject o)
                    {
                        o[(string)key] = replacement;
                    }
                    else
                    {
                        parent.AsArray()[(int)key] = replacement;
                    }
                }

                break;
        }

        return (recipe.ToJsonString(), false);
    }

    private static IEnumerable<(JsonNode Parent, object Key)> Leaves(JsonNode node)
    {
        if (node is JsonObject o)
        {
            foreach (var (k, v) in o.ToList())
            {
                yield return (o, k);
                if (v is not null)
                {
                    foreach (var leaf in Leaves(v))
                    {
                        yield return leaf;
                    }
                }
            }
        }
        else if (node is JsonArray a)
        {
            for (var i = 0; i < a.Count; i++)
            {
                yield return (a, i);
                if (a[i] is { } v)
                {
                    foreach (var leaf in Leaves(v))
                    {
                        yield return leaf;
                    }
                }
            }
        }
    }

    // Every row of every table, in rowid order: the database "as it is", whatever the engine's own caches think.
    private static string DatabaseHash(string folder)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "test.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var table in tables)
        {
            using var rows = connection.CreateCommand();
            rows.CommandText = $"SELECT * FROM \"{table}\"" + (table.StartsWith("sqlite_", StringComparison.Ordinal) ? "" : " ORDER BY rowid");
            using var reader = rows.ExecuteReader();
            sha.AppendData(Encoding.UTF8.GetBytes(table));
            while (reader.Read())
            {
                for (var c = 0; c < reader.FieldCount; c++)
                {
                    sha.AppendData(Encoding.UTF8.GetBytes((reader.IsDBNull(c) ? "∅" : Convert.ToString(reader.GetValue(c), System.Globalization.CultureInfo.InvariantCulture)) + "\u001F"));
                }
            }
        }

        return Convert.ToHexString(sha.GetHashAndReset());
    }

    private static string Short(string text) => text.Length > 600 ? text[..600] + "…" : text;
}
