using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using NetTroubleCms.Content.Expressions;

namespace NetTroubleCms.Content.Tests;

/// <summary>Orchard's recipe expressions, evaluated with Jint in a sandbox.</summary>
public sealed class RecipeExpressionEvaluatorTests : IDisposable
{
    private static readonly Dictionary<string, string> Parameters = new() { ["AdminUsername"] = "admin", ["AdminUserId"] = "4a1b2c3d4e5f6g7h8j9k0mnpqr" };

    private readonly RecipeExpressionEvaluator _evaluator = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("nettroublecms-expr-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Uuid_gives_a_valid_id()
    {
        var id = Evaluate("[js: uuid()]");

        Assert.True(IdGenerator.IsValid(id), id);
    }

    [Fact]
    public void A_variable_is_evaluated_once_and_reused()
    {
        var scope = Scope(new JsonObject { ["blogId"] = "[js:uuid()]" });
        var step = JsonNode.Parse("""
        { "data": [
            { "ContentItemId": "[js: variables('blogId')]" },
            { "ContainedPart": { "ListContentItemId": "[js: variables('blogId')]" } },
            { "Link": "[js: 'Admin/Contents/ContentItems/' +  variables('blogId') + '/Display']" } ] }
        """);

        _evaluator.EvaluateTree(step, scope);
        var again = _evaluator.Evaluate("[js: variables('blogId')]", scope);

        var id = step!["data"]![0]!["ContentItemId"]!.GetValue<string>();
        Assert.True(IdGenerator.IsValid(id));
        Assert.Equal(id, step["data"]![1]!["ContainedPart"]!["ListContentItemId"]!.GetValue<string>());
        Assert.Equal($"Admin/Contents/ContentItems/{id}/Display", step["data"]![2]!["Link"]!.GetValue<string>());
        Assert.Equal(id, again);
    }

    [Fact]
    public void Separate_uuid_calls_differ()
    {
        var scope = Scope();

        var first = _evaluator.Evaluate("[js: uuid()]", scope);
        var second = _evaluator.Evaluate("[js: uuid()]", scope);

        Assert.NotEqual(first, second);
    }

    [Theory]
    [InlineData("[js: parameters('AdminUsername')]", "admin")]
    [InlineData("[js:parameters('AdminUserId')]", "4a1b2c3d4e5f6g7h8j9k0mnpqr")]
    [InlineData("[js: parameters('Missing')]", "")]
    [InlineData("[js: base64('44GT44KT44Gr44Gh44Gv')]", "こんにちは")]
    [InlineData("[js: html('&lt;p class=&quot;x&quot;&gt;A &amp; B&lt;/p&gt;')]", "<p class=\"x\">A & B</p>")]
    [InlineData("[js: 'a' + 'b' + 1]", "ab1")]
    [InlineData("[js: 1 + 1]", "2")]
    [InlineData("[js: configuration('Site:Name', 'fallback')]", "fallback")]
    [InlineData("[js: '[js: 40 + 2]']", "42")]
    [InlineData("[JS: 'upper']", "upper")]
    public void Orchard_helpers_give_strings(string expression, string expected)
    {
        var value = Evaluate(expression);

        Assert.Equal(expected, value);
    }

    [Fact]
    public void Gzip_decodes_base64_gzip_text()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal))
        {
            gzip.Write(Encoding.UTF8.GetBytes("圧縮された本文"));
        }

        var value = Evaluate($"[js: gzip('{Convert.ToBase64String(buffer.ToArray())}')]");

        Assert.Equal("圧縮された本文", value);
    }

    [Theory]
    [InlineData("plain text")]
    [InlineData("[not closed")]
    [InlineData("[a b: c]")]
    [InlineData("[1js: uuid()]")]
    [InlineData("")]
    public void Strings_that_are_not_expressions_are_left_alone(string text)
    {
        var node = JsonValue.Create(text);

        var result = _evaluator.EvaluateTree(node, Scope());

        Assert.Equal(text, result!.GetValue<string>());
        Assert.False(RecipeExpressionEvaluator.IsExpression(text));
    }

    [Fact]
    public void Non_string_values_are_left_alone()
    {
        var node = JsonNode.Parse("""{ "n": 5, "b": true, "z": null, "a": [1.5] }""");

        _evaluator.EvaluateTree(node, Scope());

        Assert.Equal("""{"n":5,"b":true,"z":null,"a":[1.5]}""", node!.ToJsonString());
    }

    [Fact]
    public void File_text_reads_beside_the_recipe()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "Snippets"));
        File.WriteAllText(Path.Combine(_folder, "Snippets", "a.txt"), "<footer>フッター</footer>");

        var value = _evaluator.Evaluate("[file:text('Snippets/a.txt')]", Scope(fileRoot: _folder));

        Assert.Equal("<footer>フッター</footer>", value);
    }

    [Fact]
    public void File_base64_encodes_the_file()
    {
        File.WriteAllBytes(Path.Combine(_folder, "logo.bin"), [0, 1, 2, 255]);

        var value = _evaluator.Evaluate("[file: base64('logo.bin')]", Scope(fileRoot: _folder));

        Assert.Equal(Convert.ToBase64String([0, 1, 2, 255]), value);
    }

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("Snippets/../../outside.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("..\\\\outside.txt")]
    public void A_path_leaving_the_recipe_folder_is_refused(string path)
    {
        var recipeFolder = Directory.CreateDirectory(Path.Combine(_folder, "recipe")).FullName;
        File.WriteAllText(Path.Combine(_folder, "outside.txt"), "secret");

        var ex = Assert.Throws<RecipeExpressionException>(() => _evaluator.Evaluate($"[file:text('{path}')]", Scope(fileRoot: recipeFolder)));

        Assert.Contains("フォルダの外", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symbolic_link_is_not_followed()
    {
        var recipeFolder = Directory.CreateDirectory(Path.Combine(_folder, "recipe")).FullName;
        File.WriteAllText(Path.Combine(_folder, "outside.txt"), "secret");
        File.CreateSymbolicLink(Path.Combine(recipeFolder, "link.txt"), Path.Combine(_folder, "outside.txt"));

        var ex = Assert.Throws<RecipeExpressionException>(() => _evaluator.Evaluate("[file:text('link.txt')]", Scope(fileRoot: recipeFolder)));

        Assert.Contains("リンク", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_cannot_be_read_without_a_recipe_folder()
    {
        var ex = Assert.Throws<RecipeExpressionException>(() => _evaluator.Evaluate("[file:text('a.txt')]", Scope()));

        Assert.Contains("ファイルを読み込めません", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_reported_by_name()
    {
        var ex = Assert.Throws<RecipeExpressionException>(() => _evaluator.Evaluate("[file:text('Snippets/none.html')]", Scope(fileRoot: _folder)));

        Assert.Contains("Snippets/none.html", ex.Message, StringComparison.Ordinal);
        Assert.Contains("見つかりません", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_endless_loop_stops_at_the_statement_limit()
    {
        var ex = Assert.Throws<RecipeExpressionException>(() => Evaluate("[js: while(true){}]"));

        Assert.Contains("上限", ex.Message, StringComparison.Ordinal);
        Assert.Contains("10000 文", ex.Message, StringComparison.Ordinal);
        Assert.Contains("while(true)", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[js: 'x'.repeat(100000000)]", "repeat")]
    [InlineData("[js: 'ab'.repeat(4194305)]", "repeat")]
    [InlineData("[js: ''.padStart(100000000, 'x')]", "padStart")]
    [InlineData("[js: 'a'.padEnd(1e9)]", "padEnd")]
    public void A_string_larger_than_the_memory_limit_is_refused_before_it_is_made(string expression, string method)
    {
        // Before the guard, the first case made a 200 MB string in one call (seconds of CPU) that the limit never saw.
        var ex = Assert.Throws<RecipeExpressionException>(() => Evaluate(expression));

        Assert.Contains(method + ": the string would exceed 8388608 characters", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Strings_within_the_limit_are_still_made()
    {
        Assert.Equal(new string('x', 1000), Evaluate("[js: 'x'.repeat(1000)]"));
        Assert.Equal("007", Evaluate("[js: '7'.padStart(3, '0')]"));
        Assert.Equal("7--", Evaluate("[js: '7'.padEnd(3, '-')]"));
    }

    [Fact]
    public void An_endless_loop_stops_at_the_time_limit()
    {
        var evaluator = new RecipeExpressionEvaluator { MaxStatements = 0, Timeout = TimeSpan.FromMilliseconds(200) };

        var ex = Assert.Throws<RecipeExpressionException>(() => evaluator.Evaluate("[js: for(;;){}]", Scope()));

        Assert.Contains("時間の上限", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_recursion_is_stopped()
    {
        var ex = Assert.Throws<RecipeExpressionException>(() => Evaluate("[js: function f(n) { return f(n + 1); } f(0)]"));

        Assert.Contains("再帰が深すぎます", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_array_stops_at_the_memory_limit()
    {
        var ex = Assert.Throws<RecipeExpressionException>(() => Evaluate("[js: new Array(10000000).fill(1).length]"));

        Assert.Contains("メモリの上限", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[js: System.IO.File.ReadAllText('/etc/passwd')]", "System")]
    [InlineData("[js: importNamespace('System.IO')]", "importNamespace")]
    [InlineData("[js: clr.System]", "clr")]
    [InlineData("[js: require('fs')]", "require")]
    public void The_clr_is_out_of_reach(string expression, string name)
    {
        var ex = Assert.Throws<RecipeExpressionException>(() => Evaluate(expression));

        Assert.Contains($"{name} is not defined", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_objects_are_not_reachable_through_helpers()
    {
        var value = Evaluate("[js: [typeof globalThis.System, typeof importNamespace, typeof host, typeof uuid.Method, typeof uuid.Target, typeof uuid().GetType].join('|')]");

        Assert.Equal("undefined|undefined|undefined|undefined|undefined|undefined", value);
    }

    [Fact]
    public void An_unknown_engine_is_an_error()
    {
        var ex = Assert.Throws<RecipeExpressionException>(() => Evaluate("[liquid: {{ 1 }}]"));

        Assert.Contains("liquid", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_variable_that_refers_to_itself_is_an_error()
    {
        var scope = Scope(new JsonObject { ["a"] = "[js: variables('b')]", ["b"] = "[js: variables('a')]" });

        var ex = Assert.Throws<RecipeExpressionException>(() => _evaluator.Evaluate("[js: variables('a')]", scope));

        Assert.Contains("自分自身を参照", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_script_error_names_the_json_path()
    {
        var step = JsonNode.Parse("""{ "data": [ { "Title": "[js: undefinedFunction()]" } ] }""");

        var ex = Assert.Throws<RecipeExpressionException>(() => _evaluator.EvaluateTree(step, Scope(), "$.steps[3]"));

        Assert.StartsWith("$.steps[3].data[0].Title: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("undefinedFunction is not defined", ex.Message, StringComparison.Ordinal);
    }

    private string Evaluate(string expression) => _evaluator.Evaluate(expression, Scope());

    private static RecipeExpressionScope Scope(JsonObject? variables = null, string? fileRoot = null) => new(variables, Parameters, fileRoot);
}
