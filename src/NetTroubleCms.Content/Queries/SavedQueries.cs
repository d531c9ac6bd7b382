using NetTroubleCms.Content.Resources;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NetTroubleCms.Content.Recipes;
using NetTroubleCms.Content.Snapshot;
using NetTroubleCms.Content.Storage;

namespace NetTroubleCms.Content.Queries;

/// <summary>One saved query as Orchard's <c>queries</c> step writes it.</summary>
public sealed record SavedQuery(string Name, string Source, string Template, string? Schema, bool ReturnContentItems)
{
    /// <summary>Name of the document holding every saved query.</summary>
    public const string DocumentName = "Queries";

    /// <summary>True when this engine can run it (only SQL over the published items).</summary>
    public bool IsRunnable => string.Equals(Source, "Sql", StringComparison.OrdinalIgnoreCase);

    /// <summary>The content type the <see cref="Schema"/> names (<c>{"type":"ContentItem/BlogPost"}</c>), or null.</summary>
    public string? ContentType
    {
        get
        {
            if (string.IsNullOrWhiteSpace(Schema))
            {
                return null;
            }

            try
            {
                var type = JsonNode.Parse(Schema)?["type"]?.GetValue<string>();
                return type is not null && type.StartsWith("ContentItem/", StringComparison.Ordinal) ? type["ContentItem/".Length..] : null;
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                return null;
            }
        }
    }

    /// <summary>Reads the stored document (an array of queries); unreadable entries are left out.</summary>
    public static IReadOnlyList<SavedQuery> ReadAll(string? document)
    {
        if (string.IsNullOrWhiteSpace(document) || JsonNode.Parse(document) is not JsonArray array)
        {
            return [];
        }

        return [.. array.OfType<JsonObject>().Select(FromJson).OfType<SavedQuery>()];
    }

    /// <summary>One query from Orchard's JSON (<c>Name, Source, Template, Schema, ReturnContentItems</c>), or null without a name.</summary>
    public static SavedQuery? FromJson(JsonObject json)
    {
        static string? Text(JsonObject o, string key) =>
            o.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase)).Value is JsonValue v && v.TryGetValue(out string? s) ? s : null;

        var name = Text(json, "Name");
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var returns = json.FirstOrDefault(p => string.Equals(p.Key, "ReturnContentItems", StringComparison.OrdinalIgnoreCase)).Value;
        var returnItems = returns is JsonValue r && (r.TryGetValue(out bool b) ? b : r.TryGetValue(out string? t) && bool.TryParse(t, out var parsed) && parsed);
        return new SavedQuery(name, Text(json, "Source") ?? "", Text(json, "Template") ?? "", Text(json, "Schema"), returnItems);
    }

    /// <summary>Orchard's JSON shape.</summary>
    public JsonObject ToJson() => new()
    {
        ["Source"] = Source,
        ["Name"] = Name,
        ["Template"] = Template,
        ["Schema"] = Schema,
        ["ReturnContentItems"] = ReturnContentItems,
    };
}

/// <summary>A saved query that cannot run here, with the reason in plain words.</summary>
public sealed class SavedQueryException(string message) : Exception(message);

/// <summary>
/// Runs the SQL shapes Orchard sites use for listing items, over the published snapshot instead of a database:
/// <c>SELECT * | DocumentId | ContentItemId FROM ContentItemIndex [WHERE c AND c …] [ORDER BY col [ASC|DESC], …] [LIMIT n] [OFFSET m]</c>,
/// where a condition is <c>col = | &lt;&gt; | != | &lt; | &lt;= | &gt; | &gt;= value</c>, <c>col IN (v, …)</c> or <c>col LIKE 'x%'</c>, a value is a
/// quoted string, a number, <c>true/false</c> or a <c>@parameter</c>, and a column is one of ContentItemIndex's
/// (ContentItemId, ContentItemVersionId, ContentType, DisplayText, Published, Latest, Owner, Author, CreatedUtc,
/// ModifiedUtc, PublishedUtc). Brackets and the <c>ContentItemIndex.</c> prefix are accepted; anything else (joins, OR,
/// other tables, functions) is refused with the reason, never guessed at.
/// </summary>
public static partial class SqlQueryRunner
{
    private static readonly Dictionary<string, Func<ContentItem, object?>> Columns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ContentItemId"] = i => i.ContentItemId,
        ["ContentItemVersionId"] = i => i.ContentItemVersionId,
        ["ContentType"] = i => i.ContentType,
        ["DisplayText"] = i => i.DisplayText,
        ["Published"] = _ => true,
        ["Latest"] = _ => true,
        ["Owner"] = i => i.Owner,
        ["Author"] = i => i.Author,
        ["CreatedUtc"] = i => i.CreatedUtc,
        ["ModifiedUtc"] = i => i.ModifiedUtc,
        ["PublishedUtc"] = i => i.PublishedUtc,
    };

    private static readonly IReadOnlyDictionary<string, object?> AnyParameters = new Dictionary<string, object?>().AsReadOnly();

    /// <summary>Throws <see cref="SavedQueryException"/> when <paramref name="sql"/> is not a shape this runner understands.</summary>
    public static void Check(string sql) => Run(new PublishedSnapshot([], new Metadata.ContentDefinitionDocument(), [], "", DateTime.UnixEpoch), sql, AnyParameters);

    /// <summary>Runs <paramref name="sql"/> on the published items; <paramref name="parameters"/> fill <c>@name</c>.</summary>
    public static IReadOnlyList<ContentItem> Run(PublishedSnapshot snapshot, string sql, IReadOnlyDictionary<string, object?> parameters)
    {
        var match = Shape().Match(sql.Trim().TrimEnd(';'));
        if (!match.Success)
        {
            throw new SavedQueryException("Only SELECT … FROM ContentItemIndex [WHERE …] [ORDER BY …] [LIMIT n] [OFFSET m] can run here.");
        }

        IEnumerable<ContentItem> items = snapshot.Items;
        if (match.Groups["where"].Success)
        {
            foreach (var condition in SplitAnd(match.Groups["where"].Value))
            {
                var test = Condition(condition, parameters);
                items = items.Where(test);
            }
        }

        if (match.Groups["order"].Success)
        {
            IOrderedEnumerable<ContentItem>? ordered = null;
            foreach (var part in match.Groups["order"].Value.Split(','))
            {
                var words = part.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var read = Column(words[0]);
                var descending = words.Length > 1 && words[1].Equals("DESC", StringComparison.OrdinalIgnoreCase);
                if (words.Length > 2 || (words.Length == 2 && !descending && !words[1].Equals("ASC", StringComparison.OrdinalIgnoreCase)))
                {
                    throw new SavedQueryException($"ORDER BY {part.Trim()} is not understood.");
                }

                var comparer = Comparer<object?>.Create(CompareValues);
                ordered = ordered is null
                    ? descending ? items.OrderByDescending(read, comparer) : items.OrderBy(read, comparer)
                    : descending ? ordered.ThenByDescending(read, comparer) : ordered.ThenBy(read, comparer);
            }

            items = ordered ?? items;
        }

        if (match.Groups["offset"].Success)
        {
            items = items.Skip(Number(match.Groups["offset"].Value, parameters));
        }

        if (match.Groups["limit"].Success)
        {
            items = items.Take(Number(match.Groups["limit"].Value, parameters));
        }

        return [.. items];
    }

    private static int Number(string token, IReadOnlyDictionary<string, object?> parameters)
    {
        var value = Value(token, parameters);
        if (value is string { Length: 0 })
        {
            return 0;
        }

        return int.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0
            ? n
            : throw new SavedQueryException("LIMIT and OFFSET must be whole numbers, 0 or more.");
    }

    private static Func<ContentItem, object?> Column(string token)
    {
        var name = token.Trim().Replace("[", "", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal);
        if (name.StartsWith("ContentItemIndex.", StringComparison.OrdinalIgnoreCase))
        {
            name = name["ContentItemIndex.".Length..];
        }

        return Columns.TryGetValue(name, out var read)
            ? read
            : throw new SavedQueryException($"Column {token.Trim()} is not one of ContentItemIndex's: {string.Join(", ", Columns.Keys)}.");
    }

    private static IEnumerable<string> SplitAnd(string where)
    {
        // AND outside quotes separates conditions; OR and parentheses are refused rather than half-understood.
        var parts = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        var words = Regex.Split(where, @"(\s+|'[^']*')");
        foreach (var word in words)
        {
            quoted = word.StartsWith('\'');
            if (!quoted && word.Equals("AND", StringComparison.OrdinalIgnoreCase))
            {
                parts.Add(current.ToString());
                current.Clear();
                continue;
            }

            if (!quoted && (word.Equals("OR", StringComparison.OrdinalIgnoreCase) || word.Contains('(') && !current.ToString().TrimEnd().EndsWith(" IN", StringComparison.OrdinalIgnoreCase)))
            {
                throw new SavedQueryException("Only conditions joined by AND can run here (no OR, no parentheses).");
            }

            current.Append(word);
        }

        parts.Add(current.ToString());
        return parts.Select(p => p.Trim()).Where(p => p.Length > 0);
    }

    private static Func<ContentItem, bool> Condition(string text, IReadOnlyDictionary<string, object?> parameters)
    {
        var match = ConditionShape().Match(text);
        if (!match.Success)
        {
            throw new SavedQueryException($"The condition \"{text}\" is not understood.");
        }

        var read = Column(match.Groups["col"].Value);
        var op = match.Groups["op"].Value.ToUpperInvariant();
        if (op == "IN")
        {
            var values = match.Groups["list"].Value.Split(',').Select(v => Value(v.Trim(), parameters)).ToList();
            return i => values.Any(v => CompareValues(read(i), v) == 0);
        }

        var value = Value(match.Groups["value"].Value, parameters);
        if (op == "LIKE")
        {
            var pattern = "^" + Regex.Escape(value?.ToString() ?? "").Replace("%", ".*", StringComparison.Ordinal).Replace("_", ".", StringComparison.Ordinal) + "$";
            var regex = new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            return i => read(i)?.ToString() is { } s && regex.IsMatch(s);
        }

        return op switch
        {
            "=" => i => CompareValues(read(i), value) == 0,
            "<>" or "!=" => i => read(i) is not null && CompareValues(read(i), value) != 0,
            "<" => i => read(i) is not null && CompareValues(read(i), value) < 0,
            "<=" => i => read(i) is not null && CompareValues(read(i), value) <= 0,
            ">" => i => read(i) is not null && CompareValues(read(i), value) > 0,
            ">=" => i => read(i) is not null && CompareValues(read(i), value) >= 0,
            _ => throw new SavedQueryException($"The operator {op} is not understood."),
        };
    }

    private static object? Value(string token, IReadOnlyDictionary<string, object?> parameters)
    {
        if (token.StartsWith('@'))
        {
            if (ReferenceEquals(parameters, AnyParameters))
            {
                return "";
            }

            return parameters.TryGetValue(token[1..], out var p)
                ? p is JsonElement e ? e.ToString() : p
                : throw new SavedQueryException($"The parameter {token} has no value.");
        }

        if (token.Length >= 2 && token[0] == '\'' && token[^1] == '\'')
        {
            return token[1..^1].Replace("''", "'", StringComparison.Ordinal);
        }

        if (token.Equals("true", StringComparison.OrdinalIgnoreCase) || token.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return bool.Parse(token);
        }

        return decimal.TryParse(token, NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new SavedQueryException($"The value {token} is not a string, number, true/false or @parameter.");
    }

    private static int CompareValues(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null ? 0 : a is null ? -1 : 1;
        }

        switch (a)
        {
            case bool flag:
                // SQL stores booleans as 1/0.
                var other = b switch { bool x => x, decimal d => d != 0, string s => s is "1" || s.Equals("true", StringComparison.OrdinalIgnoreCase), _ => false };
                return flag.CompareTo(other);
            case DateTime date:
                return DateTime.TryParse(b.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var when)
                    ? date.ToUniversalTime().CompareTo(when)
                    : string.CompareOrdinal(ContentItem.FormatDate(date), b.ToString());
            default:
                return string.CompareOrdinal(a.ToString(), b.ToString());
        }
    }

    [GeneratedRegex(@"^SELECT\s+(?:\*|\[?(?:ContentItemIndex\]?\.)?\[?(?:DocumentId|ContentItemId|\*)\]?)\s+FROM\s+\[?ContentItemIndex\]?(?:\s+AS\s+\w+)?(?:\s+WHERE\s+(?<where>.+?))?(?:\s+ORDER\s+BY\s+(?<order>.+?))?(?:\s+LIMIT\s+(?<limit>@?\w+))?(?:\s+OFFSET\s+(?<offset>@?\w+))?$", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    [GeneratedRegex(@"^(?<col>[\w\.\[\]]+)\s*(?:(?<op>IN)\s*\((?<list>[^)]*)\)|(?<op>LIKE)\s+(?<value>'(?:[^']|'')*'|@\w+)|(?<op><>|!=|<=|>=|=|<|>)\s*(?<value>'(?:[^']|'')*'|@\w+|[\w\.\-]+))$", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex ConditionShape();
}

/// <summary>
/// Orchard's <c>queries</c> step: <c>{ name: "queries", Queries: [{ Source, Name, Template, Schema, ReturnContentItems }] }</c>.
/// Every query is kept (export and re-import lose nothing); SQL ones are checked now so a broken template fails the
/// import, and Lucene/Elasticsearch ones are kept with a warning because this engine has no search index to run them on.
/// </summary>
public sealed class QueriesRecipeStep(IContentStore store, PublishedStamp stamp) : IRecipeStep
{
    /// <inheritdoc />
    public IReadOnlyCollection<string> Names { get; } = ["queries"];

    /// <inheritdoc />
    public async Task<string> ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        var node = context.Step.FirstOrDefault(p => p.Key.Equals("Queries", StringComparison.OrdinalIgnoreCase)).Value;
        if (node is not JsonArray array)
        {
            throw new RecipeException(EngineText.T("queries 手順には Queries 配列が必要です。"), jsonPath: context.Path + ".Queries");
        }

        var existing = SavedQuery.ReadAll((await store.GetDocumentAsync(SavedQuery.DocumentName, cancellationToken))?.Content).ToDictionary(q => q.Name, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < array.Count; i++)
        {
            var query = array[i] is JsonObject json ? SavedQuery.FromJson(json) : null;
            if (query is null)
            {
                throw new RecipeException(EngineText.T("クエリには Name が必要です。"), jsonPath: $"{context.Path}.Queries[{i}]");
            }

            if (query.IsRunnable)
            {
                try
                {
                    SqlQueryRunner.Check(query.Template);
                }
                catch (SavedQueryException ex)
                {
                    throw new RecipeException(EngineText.T("クエリ「{0}」の SQL は実行できない形です: {1}", query.Name, ex.Message), jsonPath: $"{context.Path}.Queries[{i}].Template");
                }
            }
            else
            {
                context.Result.Warnings.Add(EngineText.T("クエリ「{0}」は {1} 用のため保存のみ行いました。このサイトでは SQL クエリだけが実行できます。", query.Name, query.Source));
            }

            existing[query.Name] = query;
        }

        await store.SaveDocumentAsync(SavedQuery.DocumentName, new JsonArray([.. existing.Values.Select(q => (JsonNode)q.ToJson())]).ToJsonString(), cancellationToken);
        // Saved queries become GraphQL fields, so the published snapshot must be rebuilt.
        await stamp.BumpAsync(cancellationToken);
        return EngineText.T("クエリ {0} 件", array.Count);
    }
}

/// <summary>Exports the saved queries as a <c>queries</c> step.</summary>
public sealed class QueriesExportSource(IContentStore store) : IRecipeExportSource
{
    /// <inheritdoc />
    public async Task ExportAsync(RecipeExportRequest request, JsonArray steps, CancellationToken cancellationToken)
    {
        var queries = SavedQuery.ReadAll((await store.GetDocumentAsync(SavedQuery.DocumentName, cancellationToken))?.Content);
        if (queries.Count > 0)
        {
            steps.Add(new JsonObject { ["name"] = "queries", ["Queries"] = new JsonArray([.. queries.Select(q => (JsonNode)q.ToJson())]) });
        }
    }
}
