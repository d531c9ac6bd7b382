using System.Collections.Concurrent;

namespace NetTroubleCms.Content.Fields;

/// <summary>
/// Finds the <see cref="ContentFieldType"/> for a definition's <c>FieldName</c>. Built from every registered
/// <see cref="ContentFieldType"/>, so an app adds a type (or replaces a built-in one) by registering its class. An
/// app's class wins over the engine's of the same name whatever the registration order; otherwise the one registered
/// last wins. A name nobody registered gets an <see cref="UnknownFieldType"/>.
/// </summary>
public sealed class FieldTypes
{
    private readonly Dictionary<string, ContentFieldType> _byName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, UnknownFieldType> _unknown = new(StringComparer.Ordinal);

    /// <summary>A registry over <paramref name="types"/>.</summary>
    public FieldTypes(IEnumerable<ContentFieldType> types)
    {
        var engine = typeof(FieldTypes).Assembly;
        foreach (var type in types.OrderBy(t => t.GetType().Assembly == engine ? 0 : 1))
        {
            _byName[type.Name] = type;
        }
    }

    /// <summary>The engine's own types, for code that runs without dependency injection.</summary>
    public static FieldTypes BuiltIn { get; } = new(CreateBuiltIn());

    /// <summary>The known types.</summary>
    public IEnumerable<ContentFieldType> All => _byName.Values;

    /// <summary>The class for <paramref name="fieldName"/>; an <see cref="UnknownFieldType"/> when none is registered.</summary>
    public ContentFieldType Get(string fieldName) =>
        _byName.TryGetValue(fieldName, out var type) ? type : _unknown.GetOrAdd(fieldName, n => new UnknownFieldType(n));

    /// <summary>True when a class is registered for <paramref name="fieldName"/>.</summary>
    public bool IsKnown(string fieldName) => _byName.ContainsKey(fieldName);

    /// <summary>New instances of the engine's types, in Orchard's usual order.</summary>
    public static IReadOnlyList<ContentFieldType> CreateBuiltIn() =>
    [
        new TextFieldType(),
        new HtmlFieldType(),
        new MarkdownFieldType(),
        new NumericFieldType(),
        new BooleanFieldType(),
        new DateFieldType(),
        new DateTimeFieldType(),
        new TimeFieldType(),
        new LinkFieldType(),
        new ContentPickerFieldType(),
        new LocalizationSetContentPickerFieldType(),
        new MultiTextFieldType(),
        new MediaFieldType(),
        new UserPickerFieldType(),
        new TaxonomyFieldType(),
    ];
}
