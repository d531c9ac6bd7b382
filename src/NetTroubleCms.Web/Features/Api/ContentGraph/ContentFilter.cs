using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using GraphQL;
using GraphQLParser.AST;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Snapshot;

namespace NetTroubleCms.Web.Features.Api.ContentGraph;

/// <summary>How a filterable value compares.</summary>
public enum FilterKind
{
    /// <summary>Text: equality is exact, <c>_contains</c> and friends ignore case (SQL <c>LIKE</c>).</summary>
    Text,

    /// <summary>Decimal number.</summary>
    Number,

    /// <summary>True/false.</summary>
    Boolean,

    /// <summary>Calendar date (DateField).</summary>
    Date,

    /// <summary>Instant, compared in UTC.</summary>
    DateTime,

    /// <summary>Time of day (TimeField).</summary>
    Time,
}

/// <summary>One filterable value of a type: <c>displayText</c>, <c>autoroutePart.path</c>, <c>price.amount</c>, <c>sku</c>.</summary>
public sealed record FilterColumn(string Key, FilterKind Kind, Func<ContentItem, object?> Read);

/// <summary>What <c>where</c> and <c>orderBy</c> of one list field may name.</summary>
public sealed class TypeFilterModel
{
    /// <summary>Columns by key (<c>name</c> or <c>group.name</c>).</summary>
    public Dictionary<string, FilterColumn> Columns { get; } = new(StringComparer.Ordinal);

    /// <summary>Part groups whose inner keys are read as <c>group.key</c>.</summary>
    public HashSet<string> Groups { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds a column (the first one of a key wins).</summary>
    public void Add(string key, FilterKind kind, Func<ContentItem, object?> read) => Columns.TryAdd(key, new FilterColumn(key, kind, read));
}

/// <summary>An input object as written, keys in the order the caller wrote them.</summary>
public sealed record RawObject(IReadOnlyList<KeyValuePair<string, object?>> Fields);

/// <summary>A number literal kept as written until its column says what it is.</summary>
public sealed record RawNumber(string Text);

/// <summary>
/// Reads an argument from the document rather than from GraphQL.NET's coerced dictionary, because two things Orchard
/// clients rely on are lost in coercion: the order of <c>orderBy</c> keys, and whether <c>OR</c> was given an object or
/// a list. Variables are read from the request's JSON for the same reason.
/// </summary>
public static class RawArguments
{
    /// <summary>The argument as written, or null when absent.</summary>
    public static object? Get(IResolveFieldContext context, string name)
    {
        var argument = context.FieldAst.Arguments?.FirstOrDefault(a => a.Name.Value.Span.SequenceEqual(name));
        return argument is null ? null : FromAst(argument.Value, context.UserContext as ContentGraphContext);
    }

    private static object? FromAst(GraphQLValue value, ContentGraphContext? graph) => value switch
    {
        GraphQLObjectValue o => new RawObject([.. (o.Fields ?? []).Select(f => new KeyValuePair<string, object?>(f.Name.StringValue, FromAst(f.Value, graph)))]),
        GraphQLListValue l => (l.Values ?? []).Select(v => FromAst(v, graph)).ToList(),
        GraphQLNullValue => null,
        GraphQLStringValue s => new string(s.Value.Span),
        GraphQLIntValue i => new RawNumber(new string(i.Value.Span)),
        GraphQLFloatValue f => new RawNumber(new string(f.Value.Span)),
        GraphQLBooleanValue b => b.BoolValue,
        GraphQLEnumValue e => e.Name.StringValue,
        GraphQLVariable v => graph?.RawVariables is { } raw && raw.TryGetValue(v.Name.StringValue, out var given) ? FromJson(given) : null,
        _ => null,
    };

    private static object? FromJson(object? value) => value switch
    {
        IDictionary<string, object?> map => new RawObject([.. map.Select(p => new KeyValuePair<string, object?>(p.Key, FromJson(p.Value)))]),
        JsonElement { ValueKind: JsonValueKind.Object } e => new RawObject([.. e.EnumerateObject().Select(p => new KeyValuePair<string, object?>(p.Name, FromJson(p.Value)))]),
        JsonElement { ValueKind: JsonValueKind.Array } e => e.EnumerateArray().Select(x => FromJson(x)).ToList(),
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
        JsonElement { ValueKind: JsonValueKind.Number } e => new RawNumber(e.GetRawText()),
        JsonElement { ValueKind: JsonValueKind.True } => true,
        JsonElement { ValueKind: JsonValueKind.False } => false,
        JsonElement => null,
        string s => s,
        bool b => b,
        IEnumerable list => list.Cast<object?>().Select(FromJson).ToList(),
        IFormattable number => new RawNumber(number.ToString(null, CultureInfo.InvariantCulture)),
        _ => value,
    };
}

/// <summary>
/// Indexes of one published snapshot, built on first use and kept as long as the snapshot lives: the item list of
/// each GraphQL list field, one column index per filterable value, items by container, rendered Markdown. Requests
/// filter through these instead of reading every item's JSON.
/// </summary>
public sealed class ContentGraphIndex
{
    private static readonly ConditionalWeakTable<PublishedSnapshot, ContentGraphIndex> Table = [];
    private readonly ConcurrentDictionary<string, Lazy<object>> _cache = new(StringComparer.Ordinal);

    private ContentGraphIndex(PublishedSnapshot snapshot) => Snapshot = snapshot;

    /// <summary>The snapshot indexed.</summary>
    public PublishedSnapshot Snapshot { get; }

    /// <summary>The index of <paramref name="snapshot"/>.</summary>
    public static ContentGraphIndex For(PublishedSnapshot snapshot) => Table.GetValue(snapshot, s => new ContentGraphIndex(s));

    /// <summary>A value computed once per snapshot under <paramref name="key"/>.</summary>
    public T Get<T>(string key, Func<T> build)
        where T : class =>
        (T)_cache.GetOrAdd(key, _ => new Lazy<object>(() => build(), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    /// <summary>The column index of <paramref name="column"/> over the list <paramref name="listKey"/>.</summary>
    public ColumnIndex Column(string listKey, IReadOnlyList<ContentItem> items, FilterColumn column) =>
        Get("column:" + listKey + ":" + column.Key, () => new ColumnIndex(items, column));
}

/// <summary>The values of one column over one list: hash for equality, sorted for ranges, plain array for text matching.</summary>
public sealed class ColumnIndex
{
    private readonly object?[] _values;
    private readonly Dictionary<object, List<int>> _byValue = [];
    private readonly (object Value, int Position)[] _sorted;
    private readonly FilterKind _kind;

    /// <summary>Reads the column of every item once.</summary>
    public ColumnIndex(IReadOnlyList<ContentItem> items, FilterColumn column)
    {
        _kind = column.Kind;
        _values = new object?[items.Count];
        var sorted = new List<(object, int)>();
        for (var i = 0; i < items.Count; i++)
        {
            var value = FilterValues.Normalize(column.Kind, column.Read(items[i]));
            _values[i] = value;
            if (value is not null)
            {
                if (!_byValue.TryGetValue(value, out var list))
                {
                    _byValue[value] = list = [];
                }

                list.Add(i);
                sorted.Add((value, i));
            }
        }

        _sorted = [.. sorted.OrderBy(x => x.Item1, FilterValues.Comparer)];
    }

    /// <summary>Positions whose value equals <paramref name="wanted"/> (null: no value).</summary>
    public BitArray Equal(object? wanted)
    {
        var result = new BitArray(_values.Length);
        if (wanted is null)
        {
            for (var i = 0; i < _values.Length; i++)
            {
                result[i] = _values[i] is null;
            }

            return result;
        }

        if (_byValue.TryGetValue(wanted, out var hits))
        {
            hits.ForEach(i => result[i] = true);
        }

        return result;
    }

    /// <summary>Positions holding a value (SQL: comparisons with NULL are never true).</summary>
    public BitArray HasValue()
    {
        var result = new BitArray(_values.Length);
        for (var i = 0; i < _values.Length; i++)
        {
            result[i] = _values[i] is not null;
        }

        return result;
    }

    /// <summary>Positions whose value is one of <paramref name="wanted"/>.</summary>
    public BitArray In(IEnumerable<object?> wanted)
    {
        var result = new BitArray(_values.Length);
        foreach (var value in wanted)
        {
            if (value is not null)
            {
                result.Or(Equal(value));
            }
        }

        return result;
    }

    /// <summary>Positions whose value compares to <paramref name="bound"/> as <paramref name="op"/> (gt, gte, lt, lte) says.</summary>
    public BitArray Range(string op, object bound)
    {
        var result = new BitArray(_values.Length);
        // Binary search for the first sorted entry not below the bound (gte/lt) or above it (gt/lte).
        var strict = op is "gt" or "lte";
        int low = 0, high = _sorted.Length;
        while (low < high)
        {
            var mid = (low + high) / 2;
            var c = FilterValues.Comparer.Compare(_sorted[mid].Value, bound);
            if (c < 0 || (strict && c == 0))
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        var (from, to) = op is "gt" or "gte" ? (low, _sorted.Length) : (0, low);
        for (var i = from; i < to; i++)
        {
            result[_sorted[i].Position] = true;
        }

        return result;
    }

    /// <summary>Text matching like SQL <c>LIKE</c> (case ignored); values of other kinds are matched as their text.</summary>
    public BitArray Match(string op, string wanted)
    {
        var result = new BitArray(_values.Length);
        for (var i = 0; i < _values.Length; i++)
        {
            if (_values[i] is not { } value)
            {
                continue;
            }

            var text = _kind == FilterKind.Text ? (string)value : FilterValues.Text(value);
            result[i] = op switch
            {
                "contains" => text.Contains(wanted, StringComparison.OrdinalIgnoreCase),
                "starts_with" => text.StartsWith(wanted, StringComparison.OrdinalIgnoreCase),
                _ => text.EndsWith(wanted, StringComparison.OrdinalIgnoreCase),
            };
        }

        return result;
    }

    /// <summary>The normalized value at <paramref name="position"/>.</summary>
    public object? ValueAt(int position) => _values[position];
}

/// <summary>Turns stored JSON and filter literals into comparable values of one <see cref="FilterKind"/>.</summary>
public static class FilterValues
{
    /// <summary>Orders nulls first, then values of the same kind; mixed kinds by their text.</summary>
    public static readonly IComparer<object?> Comparer = Comparer<object?>.Create(Compare);

    /// <summary>The comparable value, or null when there is none (or it does not parse).</summary>
    public static object? Normalize(FilterKind kind, object? value)
    {
        value = value switch
        {
            JsonValue json => json.GetValueKind() switch
            {
                JsonValueKind.String => json.GetValue<string>(),
                JsonValueKind.Number => new RawNumber(json.ToJsonString()),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => null,
            },
            JsonNode => null,
            _ => value,
        };
        if (value is null)
        {
            return null;
        }

        var text = value switch
        {
            RawNumber n => n.Text,
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        switch (kind)
        {
            case FilterKind.Text:
                return value is DateTime d ? ContentItem.FormatDate(d) : text;
            case FilterKind.Number:
                // Divided by 1.000… so that 10 and 10.0 are one hash key.
                return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number / 1.0000000000000000000000000000m : null;
            case FilterKind.Boolean:
                return value is bool b ? b : bool.TryParse(text, out var parsed) ? parsed : null;
            case FilterKind.Date:
                return value is DateTime date ? date.Date
                    : System.DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var day) ? day.Date : null;
            case FilterKind.DateTime:
                return value is DateTime instant ? DateTime.SpecifyKind(instant.Kind == DateTimeKind.Local ? instant.ToUniversalTime() : instant, DateTimeKind.Utc)
                    : value is DateTimeOffset offset ? offset.UtcDateTime
                    : System.DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at) ? at : null;
            case FilterKind.Time:
                return value is TimeSpan span ? span : TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var time) ? time : null;
            default:
                return null;
        }
    }

    /// <summary>The value as text (for <c>_contains</c> on non-text columns).</summary>
    public static string Text(object value) => value switch
    {
        DateTime d => ContentItem.FormatDate(d) ?? "",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static int Compare(object? a, object? b) => (a, b) switch
    {
        (null, null) => 0,
        (null, _) => -1,
        (_, null) => 1,
        (string x, string y) => string.CompareOrdinal(x, y),
        (IComparable x, _) when x.GetType() == b.GetType() => x.CompareTo(b),
        _ => string.CompareOrdinal(Text(a), Text(b)),
    };
}

/// <summary>
/// Evaluates Orchard's <c>where</c> over a list through its column indexes. Orchard's semantics, as its SQL builder has
/// them: the keys of one object are ANDed; <c>OR</c> ORs every key it holds — of an object, and of every object of a
/// list alike (each key of each element is one alternative); <c>AND</c> ANDs them; <c>NOT</c> negates their AND; a part
/// object (<c>autoroutePart: { … }</c>) adds its keys to the junction it sits in. Null values are ignored, as Orchard
/// ignores them. Comparisons follow SQL: a missing value never matches <c>_not</c>, <c>_gt</c> or <c>_not_in</c>.
/// </summary>
public sealed class WhereEvaluator(ContentGraphIndex index, string listKey, IReadOnlyList<ContentItem> items, TypeFilterModel model)
{
    /// <summary>Positions of the items that match.</summary>
    public BitArray Evaluate(RawObject where) => Junction(where.Fields, or: false, group: null);

    private BitArray Junction(IEnumerable<KeyValuePair<string, object?>> entries, bool or, string? group)
    {
        var result = new BitArray(items.Count, !or);
        var any = false;
        foreach (var (key, value) in entries)
        {
            if (value is null)
            {
                continue;
            }

            var part = key switch
            {
                "OR" => Junction(Flatten(value), or: true, group),
                "AND" => Junction(Flatten(value), or: false, group),
                "NOT" => Junction(Flatten(value), or: false, group).Not(),
                _ when value is RawObject inner && group is null && model.Groups.Contains(key) => Junction(inner.Fields, or, key),
                _ => Leaf(key, value, group),
            };
            result = or ? result.Or(part) : result.And(part);
            any = true;
        }

        // An empty OR filters nothing out, like an absent filter.
        return any ? result : new BitArray(items.Count, true);
    }

    private static IEnumerable<KeyValuePair<string, object?>> Flatten(object value) => value switch
    {
        RawObject o => o.Fields,
        IEnumerable<object?> list => list.OfType<RawObject>().SelectMany(o => o.Fields),
        _ => [],
    };

    private BitArray Leaf(string key, object value, string? group)
    {
        var cut = key.IndexOf('_', StringComparison.Ordinal);
        var name = cut < 0 ? key : key[..cut];
        var op = cut < 0 ? "" : key[(cut + 1)..];
        var columnKey = group is null ? name : group + "." + name;
        if (!model.Columns.TryGetValue(columnKey, out var column))
        {
            throw new ExecutionError($"'{(group is null ? key : group + "." + key)}' cannot be used in where here.") { Code = "INVALID_FILTER" };
        }

        var index1 = index.Column(listKey, items, column);
        object? One() => FilterValues.Normalize(column.Kind, value);
        List<object?> Many() => value is List<object?> list ? [.. list.Select(v => FilterValues.Normalize(column.Kind, v))] : [One()];
        string Text() => value is string s ? s : FilterValues.Text(One() ?? "");

        switch (op)
        {
            case "":
                return index1.Equal(One());
            case "not":
                return One() is { } other ? index1.Equal(other).Not().And(index1.HasValue()) : index1.HasValue();
            case "in":
                return index1.In(Many());
            case "not_in":
                return index1.In(Many()).Not().And(index1.HasValue());
            case "gt" or "gte" or "lt" or "lte":
                return One() is { } bound ? index1.Range(op, bound) : new BitArray(items.Count);
            case "contains" or "starts_with" or "ends_with":
                return index1.Match(op, Text());
            case "not_contains" or "not_starts_with" or "not_ends_with":
                return index1.Match(op[4..], Text()).Not().And(index1.HasValue());
            default:
                throw new ExecutionError($"'{key}' has an operator this API does not know.") { Code = "INVALID_FILTER" };
        }
    }
}

/// <summary>Orchard's <c>orderBy</c>: item values, keys applied in the order written; without it, newest created first.</summary>
public static class ContentOrder
{
    /// <summary>Orders <paramref name="positions"/> of <paramref name="items"/>.</summary>
    public static IEnumerable<int> Apply(ContentGraphIndex index, string listKey, IReadOnlyList<ContentItem> items, TypeFilterModel model, IEnumerable<int> positions, RawObject? orderBy)
    {
        var keys = orderBy?.Fields.Where(f => f.Value is not null).Select(f => (f.Key, Descending: string.Equals(f.Value?.ToString(), "DESC", StringComparison.Ordinal))).ToList();
        if (keys is null or { Count: 0 })
        {
            keys = [("createdUtc", true)];
        }

        IOrderedEnumerable<int>? ordered = null;
        foreach (var (key, descending) in keys)
        {
            if (!model.Columns.TryGetValue(key, out var column))
            {
                throw new ExecutionError($"'{key}' cannot be used in orderBy.") { Code = "INVALID_ORDER" };
            }

            var values = index.Column(listKey, items, column);
            Func<int, object?> by = values.ValueAt;
            ordered = ordered is null
                ? descending ? positions.OrderByDescending(by, FilterValues.Comparer) : positions.OrderBy(by, FilterValues.Comparer)
                : descending ? ordered.ThenByDescending(by, FilterValues.Comparer) : ordered.ThenBy(by, FilterValues.Comparer);
        }

        return ordered ?? positions;
    }
}
