using NetTroubleCms.Content.Resources;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Jint;
using Jint.Native;
using Jint.Runtime;

namespace NetTroubleCms.Content.Expressions;

/// <summary>Where an expression runs: recipe variables, parameters and the folder its files may come from.</summary>
public sealed class RecipeExpressionScope(JsonObject? variables, IReadOnlyDictionary<string, string> parameters, string? fileRoot)
{
    private readonly Dictionary<string, string> _evaluated = new(StringComparer.Ordinal);
    private readonly HashSet<string> _evaluating = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _warnings = new(StringComparer.Ordinal);

    /// <summary>Recipe <c>variables</c>, unevaluated.</summary>
    public JsonObject Variables { get; } = variables ?? [];

    /// <summary>Values for <c>parameters('…')</c>.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; } = parameters;

    /// <summary>Folder <c>[file: …]</c> reads from; null forbids file access.</summary>
    public string? FileRoot { get; } = fileRoot is null ? null : Path.GetFullPath(fileRoot);

    internal bool TryGetCached(string name, out string value) => _evaluated.TryGetValue(name, out value!);

    internal void Cache(string name, string value) => _evaluated[name] = value;

    internal bool Enter(string name) => _evaluating.Add(name);

    internal void Leave(string name) => _evaluating.Remove(name);

    /// <summary>Notes for the import report (e.g. helpers that were stubbed out), each at most once.</summary>
    public IReadOnlyCollection<string> Warnings => _warnings;

    internal void Warn(string message) => _warnings.Add(message);
}

/// <summary>An expression that failed; the message says why (and where, once the JSON path is known).</summary>
public sealed class RecipeExpressionException(string message, Exception? inner = null, string? jsonPath = null, string? reason = null)
    : Exception(message, inner)
{
    /// <summary>JSON path of the string that held the expression, when evaluated inside a tree.</summary>
    public string? JsonPath { get; } = jsonPath;

    /// <summary>Why it failed, without the path.</summary>
    public string Reason { get; } = reason ?? message;
}

/// <summary>
/// Evaluates Orchard's recipe expressions, <c>[js: …]</c> and <c>[file: …]</c>, with Jint in a sandbox:
/// no CLR access, and limits on statements, time, memory and recursion, so a hostile recipe cannot hang or exhaust the host.
/// </summary>
public sealed partial class RecipeExpressionEvaluator
{
    /// <summary>Statement budget per expression.</summary>
    public int MaxStatements { get; init; } = 10_000;

    /// <summary>Time budget per expression.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Memory budget per expression, bytes.</summary>
    public long MemoryLimit { get; init; } = 16 * 1024 * 1024;

    /// <summary>Largest file <c>[file: text()]</c> may read, bytes.</summary>
    public long MaxFileBytes { get; init; } = 5 * 1024 * 1024;

    [GeneratedRegex(@"^\[(?<engine>[A-Za-z]+)\s*:(?<script>.*)\]$", RegexOptions.Singleline)]
    private static partial Regex ExpressionPattern();

    /// <summary>True when Orchard would treat <paramref name="value"/> as an expression.</summary>
    public static bool IsExpression(string value) => ExpressionPattern().IsMatch(value);

    /// <summary>Evaluates every string in <paramref name="node"/> in place (objects and arrays recursively).</summary>
    public JsonNode? EvaluateTree(JsonNode? node, RecipeExpressionScope scope, string path = "$") =>
        EvaluateTree(node, scope, new TreePath(null, path, -1));

    // The path of each value is only spelled out when an expression in it fails: a large recipe has millions of values.
    private JsonNode? EvaluateTree(JsonNode? node, RecipeExpressionScope scope, TreePath path)
    {
        switch (node)
        {
            case JsonObject obj:
                for (var i = 0; i < obj.Count; i++)
                {
                    var (key, child) = obj.GetAt(i);
                    var replaced = EvaluateTree(child, scope, new TreePath(path, key, -1));
                    if (!ReferenceEquals(replaced, child))
                    {
                        obj.SetAt(i, replaced);
                    }
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var child = array[i];
                    var replaced = EvaluateTree(child, scope, new TreePath(path, null, i));
                    if (!ReferenceEquals(replaced, child))
                    {
                        array[i] = replaced;
                    }
                }

                return array;
            case JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String:
                var text = value.GetValue<string>();
                if (!MayBeExpression(text) || !IsExpression(text))
                {
                    return value;
                }

                try
                {
                    return JsonValue.Create(Evaluate(text, scope));
                }
                catch (RecipeExpressionException ex)
                {
                    var where = path.ToString();
                    throw new RecipeExpressionException($"{where}: {ex.Message}", ex, where, ex.Message);
                }

            default:
                return node;
        }
    }

    /// <summary>The cheap part of <see cref="IsExpression"/>: an expression is bracketed.</summary>
    public static bool MayBeExpression(string value) => value.Length >= 3 && value[0] == '[' && value[^1] == ']';

    /// <summary>
    /// False when no string value in the UTF-8 JSON can be an expression, read token by token without building nodes:
    /// a recipe without expressions then needs no walk through its (large) tree.
    /// </summary>
    public static bool MayHoldExpressions(ReadOnlySpan<byte> utf8Json, System.Text.Json.JsonReaderOptions options)
    {
        var reader = new System.Text.Json.Utf8JsonReader(utf8Json, options);
        while (reader.Read())
        {
            if (reader.TokenType != System.Text.Json.JsonTokenType.String)
            {
                continue;
            }

            if (reader.ValueIsEscaped || reader.HasValueSequence)
            {
                if (MayBeExpression(reader.GetString() ?? ""))
                {
                    return true;
                }
            }
            else if (reader.ValueSpan is [(byte)'[', _, _, ..] span && span[^1] == (byte)']')
            {
                return true;
            }
        }

        return false;
    }

    private sealed class TreePath(TreePath? parent, string? key, int index)
    {
        public override string ToString()
        {
            var segments = new List<string>();
            for (var p = this; p is not null; p = p.Parent)
            {
                segments.Add(p.Parent is null ? p.Key ?? "" : p.Key is null ? $"[{p.Index}]" : "." + p.Key);
            }

            segments.Reverse();
            return string.Concat(segments);
        }

        private TreePath? Parent { get; } = parent;

        private string? Key { get; } = key;

        private int Index { get; } = index;
    }

    /// <summary>Evaluates one string; a result that is again an expression is evaluated again (at most 16 times).</summary>
    public string Evaluate(string value, RecipeExpressionScope scope)
    {
        for (var round = 0; round < 16; round++)
        {
            var match = ExpressionPattern().Match(value);
            if (!match.Success)
            {
                return value;
            }

            var engine = match.Groups["engine"].Value.ToLowerInvariant();
            var script = match.Groups["script"].Value;
            value = engine switch
            {
                "js" => RunScript(script, scope, files: false),
                "file" => RunScript(script, scope, files: true),
                _ => throw new RecipeExpressionException(EngineText.T("式エンジン「{0}」には対応していません（js と file のみ）。", engine)),
            };
        }

        throw new RecipeExpressionException(EngineText.T("式の評価が 16 回を超えて続きました。"));
    }

    // Wraps the String methods whose result length the caller chooses; a string longer than half the memory limit in
    // UTF-16 characters is refused as a RangeError (reported like any failed expression).
    private string StringGuards => $$"""
        (function () {
          const max = {{MemoryLimit / 2}};
          const guard = (name, length) => {
            const original = String.prototype[name];
            Object.defineProperty(String.prototype, name, { configurable: true, writable: true, value: function (...args) {
              if (length(String(this), args) > max) { throw new RangeError(name + ': the string would exceed ' + max + ' characters'); }
              return original.apply(this, args);
            } });
          };
          guard('repeat', (s, a) => s.length * Number(a[0]));
          guard('padStart', (s, a) => Number(a[0]));
          guard('padEnd', (s, a) => Number(a[0]));
        })();
        """;

    private string RunScript(string script, RecipeExpressionScope scope, bool files)
    {
        var engine = new Engine(options => options
            .Strict()
            .LimitRecursion(64)
            .MaxStatements(MaxStatements)
            .TimeoutInterval(Timeout)
            .LimitMemory(MemoryLimit)
            .MaxArraySize(100_000));
        // Only these plain functions are visible; Jint exposes no CLR types unless AllowClr is called, which we never do.
        engine.SetValue("uuid", new Func<string>(IdGenerator.NewId));
        engine.SetValue("base64", new Func<string, string>(s => Encoding.UTF8.GetString(Convert.FromBase64String(s))));
        engine.SetValue("html", new Func<string, string>(WebUtility.HtmlDecode));
        engine.SetValue("gzip", new Func<string, string>(Gunzip));
        engine.SetValue("parameters", new Func<string, string?>(key => scope.Parameters.TryGetValue(key, out var v) ? v : null));
        engine.SetValue("configuration", new Func<string, JsValue, JsValue>((_, fallback) => fallback));
        engine.SetValue("variables", new Func<string, string?>(name => Variable(name, scope)));
        // Orchard's Contents and Workflows modules add these; Orchard's own coming-soon recipe calls them in a form action.
        // One site, no tenant prefix: the path comes back rooted. Workflows are not supported, so no token is minted.
        engine.SetValue("getUrlPrefix", new Func<string?, string>(p => "/" + (p ?? "").Trim(' ', '/')));
        engine.SetValue("createWorkflowToken", new Func<JsValue, JsValue, JsValue, string>((_, _, _) =>
        {
            scope.Warn(EngineText.T("ワークフローには対応していないため、createWorkflowToken() は空文字列にしました。"));
            return "";
        }));
        if (files)
        {
            engine.SetValue("text", new Func<string, string>(p => Encoding.UTF8.GetString(ReadFile(p, scope))));
            engine.SetValue("base64", new Func<string, string>(p => Convert.ToBase64String(ReadFile(p, scope))));
        }

        try
        {
            // Jint checks its memory limit between statements, so one built-in call that makes a huge string (such as
            // 'x'.repeat(1e8): 200 MB and seconds of CPU) would pass it; these wrappers refuse it before it is made.
            engine.Execute(StringGuards);
            var result = engine.Evaluate(script);
            return result.IsNull() || result.IsUndefined() ? "" : result.IsString() ? result.AsString() : result.ToString();
        }
        catch (RecipeExpressionException)
        {
            throw;
        }
        catch (StatementsCountOverflowException)
        {
            throw new RecipeExpressionException(EngineText.T("式の実行が上限（{0} 文）を超えました: {1}", MaxStatements, Trim(script)));
        }
        catch (TimeoutException)
        {
            throw new RecipeExpressionException(EngineText.T("式の実行が時間の上限（{0} 秒）を超えました: {1}", Timeout.TotalSeconds, Trim(script)));
        }
        catch (MemoryLimitExceededException)
        {
            throw new RecipeExpressionException(EngineText.T("式がメモリの上限を超えました: {0}", Trim(script)));
        }
        catch (RecursionDepthOverflowException)
        {
            throw new RecipeExpressionException(EngineText.T("式の再帰が深すぎます: {0}", Trim(script)));
        }
        catch (JavaScriptException ex)
        {
            throw new RecipeExpressionException(EngineText.T("式の実行に失敗しました（{0}）: {1}", ex.Message, Trim(script)));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not StackOverflowException)
        {
            throw new RecipeExpressionException(EngineText.T("式を解釈できません（{0}）: {1}", ex.Message, Trim(script)));
        }
    }

    private string? Variable(string name, RecipeExpressionScope scope)
    {
        if (scope.TryGetCached(name, out var cached))
        {
            return cached;
        }

        if (!scope.Variables.TryGetPropertyValue(name, out var declared))
        {
            // Refused rather than null: a missing variable would otherwise surface later as a confusing "no ContentItemId".
            throw new RecipeExpressionException(EngineText.T("変数 {0} が定義されていません（recipe の variables にありません）。", name));
        }

        if (declared is not JsonValue raw)
        {
            return null;
        }

        if (!scope.Enter(name))
        {
            throw new RecipeExpressionException(EngineText.T("変数「{0}」が自分自身を参照しています。", name));
        }

        try
        {
            // Evaluated once, on first use, then reused: one uuid() can wire references across steps.
            var value = raw.GetValueKind() == System.Text.Json.JsonValueKind.String ? Evaluate(raw.GetValue<string>(), scope) : raw.ToJsonString();
            scope.Cache(name, value);
            return value;
        }
        finally
        {
            scope.Leave(name);
        }
    }

    private byte[] ReadFile(string relative, RecipeExpressionScope scope)
    {
        if (scope.FileRoot is null)
        {
            throw new RecipeExpressionException(EngineText.T("このレシピではファイルを読み込めません（レシピのフォルダがありません）。"));
        }

        var root = scope.FileRoot.EndsWith(Path.DirectorySeparatorChar) ? scope.FileRoot : scope.FileRoot + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(root, relative.Replace('\\', '/')));
        if (!full.StartsWith(root, StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            throw new RecipeExpressionException(EngineText.T("ファイル「{0}」はレシピのフォルダの外を指しています。", relative));
        }

        var info = new FileInfo(full);
        if (info.LinkTarget is not null)
        {
            throw new RecipeExpressionException(EngineText.T("ファイル「{0}」はリンクなので読み込みません。", relative));
        }

        if (!info.Exists)
        {
            throw new RecipeExpressionException(EngineText.T("ファイル「{0}」が見つかりません。", relative));
        }

        if (info.Length > MaxFileBytes)
        {
            throw new RecipeExpressionException(EngineText.T("ファイル「{0}」が大きすぎます（上限 {1} バイト）。", relative, MaxFileBytes));
        }

        return File.ReadAllBytes(full);
    }

    private static string Gunzip(string base64)
    {
        using var input = new MemoryStream(Convert.FromBase64String(base64));
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static string Trim(string script) => script.Length > 80 ? script[..80] + "…" : script.Trim();
}
