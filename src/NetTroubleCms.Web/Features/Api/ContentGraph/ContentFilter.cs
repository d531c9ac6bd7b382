using NetTroubleCms.Content;

namespace NetTroubleCms.Web.Features.Api.ContentGraph;

/// <summary>Evaluates Orchard-style <c>where</c> and <c>orderBy</c> arguments against in-memory items.</summary>
public static class ContentFilter
{
    private static readonly string[] Suffixes =
        ["_not_starts_with", "_not_ends_with", "_not_contains", "_starts_with", "_ends_with", "_contains", "_not_in", "_not", "_in", "_lte", "_lt", "_gte", "_gt"];

    private static readonly Dictionary<string, string> PartFields = new(StringComparer.Ordinal)
    {
        ["autoroutePart"] = "AutoroutePart",
        ["localizationPart"] = "LocalizationPart",
        ["titlePart"] = "TitlePart",
    };

    /// <summary>True when <paramref name="item"/> satisfies every condition of <paramref name="where"/>.</summary>
    public static bool Matches(ContentItem item, IDictionary<string, object?> where)
    {
        foreach (var (key, value) in where)
        {
            var ok = key switch
            {
                "AND" => Conditions(value).All(c => Matches(item, c)),
                "OR" => Conditions(value) is { Count: > 0 } any ? any.Any(c => Matches(item, c)) : true,
                "NOT" => !Conditions(value).All(c => Matches(item, c)),
                _ when PartFields.TryGetValue(key, out var part) => value is not IDictionary<string, object?> partWhere
                    || partWhere.All(p => Compare(p.Key, p.Value, name => item.Part(part)?[char.ToUpperInvariant(name[0]) + name[1..]]?.ToString())),
                _ => Compare(key, value, name => Scalar(item, name)),
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Sorts by each key of <paramref name="orderBy"/> in turn.</summary>
    public static IEnumerable<ContentItem> Order(IEnumerable<ContentItem> items, IDictionary<string, object?> orderBy)
    {
        IOrderedEnumerable<ContentItem>? ordered = null;
        foreach (var (key, direction) in orderBy)
        {
            var descending = string.Equals(direction?.ToString(), "DESC", StringComparison.Ordinal);
            Func<ContentItem, object?> by = i => Scalar(i, key);
            var comparer = Comparer<object?>.Create(CompareValues);
            ordered = ordered is null
                ? descending ? items.OrderByDescending(by, comparer) : items.OrderBy(by, comparer)
                : descending ? ordered.ThenByDescending(by, comparer) : ordered.ThenBy(by, comparer);
        }

        return ordered ?? items;
    }

    private static List<IDictionary<string, object?>> Conditions(object? value) => value switch
    {
        IDictionary<string, object?> one => [one],
        IEnumerable<object?> many => [.. many.OfType<IDictionary<string, object?>>()],
        _ => [],
    };

    private static object? Scalar(ContentItem item, string name) => name switch
    {
        "contentItemId" => item.ContentItemId,
        "contentItemVersionId" => item.ContentItemVersionId,
        "contentType" => item.ContentType,
        "displayText" => item.DisplayText,
        "owner" => item.Owner,
        "author" => item.Author,
        "createdUtc" => item.CreatedUtc,
        "modifiedUtc" => item.ModifiedUtc,
        "publishedUtc" => item.PublishedUtc,
        _ => null,
    };

    private static bool Compare(string key, object? expected, Func<string, object?> read)
    {
        var suffix = Suffixes.FirstOrDefault(s => key.EndsWith(s, StringComparison.Ordinal)) ?? "";
        var actual = read(key[..^suffix.Length]);
        var text = actual switch
        {
            null => null,
            DateTime d => ContentItem.FormatDate(d),
            _ => actual.ToString(),
        };
        var wanted = expected?.ToString() ?? "";
        bool Contains() => text?.Contains(wanted, StringComparison.OrdinalIgnoreCase) == true;
        bool In() => expected is IEnumerable<object?> list && list.Any(v => string.Equals(v?.ToString(), text, StringComparison.Ordinal));
        return suffix switch
        {
            "" => expected is null ? actual is null : actual is DateTime ? CompareValues(actual, expected) == 0 : string.Equals(text, wanted, StringComparison.Ordinal),
            "_not" => expected is null ? actual is not null : actual is DateTime ? CompareValues(actual, expected) != 0 : !string.Equals(text, wanted, StringComparison.Ordinal),
            "_in" => In(),
            "_not_in" => !In(),
            "_contains" => Contains(),
            "_not_contains" => !Contains(),
            "_starts_with" => text?.StartsWith(wanted, StringComparison.OrdinalIgnoreCase) == true,
            "_not_starts_with" => text?.StartsWith(wanted, StringComparison.OrdinalIgnoreCase) != true,
            "_ends_with" => text?.EndsWith(wanted, StringComparison.OrdinalIgnoreCase) == true,
            "_not_ends_with" => text?.EndsWith(wanted, StringComparison.OrdinalIgnoreCase) != true,
            "_lt" => actual is not null && CompareValues(actual, expected) < 0,
            "_lte" => actual is not null && CompareValues(actual, expected) <= 0,
            "_gt" => actual is not null && CompareValues(actual, expected) > 0,
            "_gte" => actual is not null && CompareValues(actual, expected) >= 0,
            _ => false,
        };
    }

    private static int CompareValues(object? a, object? b) => (a, b) switch
    {
        (null, null) => 0,
        (null, _) => -1,
        (_, null) => 1,
        (DateTime x, DateTime y) => x.ToUniversalTime().CompareTo(y.ToUniversalTime()),
        (DateTime x, DateTimeOffset y) => x.ToUniversalTime().CompareTo(y.UtcDateTime),
        _ => string.CompareOrdinal(a.ToString(), b.ToString()),
    };
}
