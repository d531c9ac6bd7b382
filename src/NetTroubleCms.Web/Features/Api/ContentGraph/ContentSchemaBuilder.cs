using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Conversion;
using GraphQL.Types;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Snapshot;

namespace NetTroubleCms.Web.Features.Api.ContentGraph;

/// <summary>What a resolver needs: the request's snapshot and the public types.</summary>
public sealed class ContentGraphContext(PublishedSnapshot snapshot, ApiOptions options) : Dictionary<string, object?>
{
    /// <summary>The published snapshot this request reads.</summary>
    public PublishedSnapshot Snapshot { get; } = snapshot;

    /// <summary>API options (public types, limits).</summary>
    public ApiOptions Options { get; } = options;
}

/// <summary>
/// Builds a GraphQL schema in Orchard Core's shape from content definitions: one list field per public type (and per
/// type nested in their bags), camelCase part objects, the type's own part collapsed onto the type, field objects.
/// Resolvers read only the in-memory snapshot, so content pickers resolve without any query.
/// </summary>
public sealed class ContentSchemaBuilder(ContentDefinitionDocument definitions, ApiOptions options)
{
    private static readonly string[] StringFilters = ["", "_not", "_in", "_not_in", "_contains", "_not_contains", "_starts_with", "_not_starts_with", "_ends_with", "_not_ends_with"];
    private static readonly string[] DateFilters = ["", "_not", "_lt", "_lte", "_gt", "_gte"];

    private static readonly (string Name, Func<ContentItem, object?> Get)[] ItemFields =
    [
        ("contentItemId", i => i.ContentItemId),
        ("contentItemVersionId", i => i.ContentItemVersionId),
        ("contentType", i => i.ContentType),
        ("displayText", i => i.DisplayText),
        ("owner", i => i.Owner),
        ("author", i => i.Author),
        ("createdUtc", i => i.CreatedUtc),
        ("modifiedUtc", i => i.ModifiedUtc),
        ("publishedUtc", i => i.PublishedUtc),
    ];

    private readonly Dictionary<string, ObjectGraphType> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IGraphType> _shared = new(StringComparer.Ordinal);
    private readonly InterfaceGraphType _contentItem = new() { Name = "ContentItem", Description = "Any content item." };

    /// <summary>Builds and initializes the schema.</summary>
    public ISchema Build()
    {
        foreach (var (name, _) in ItemFields)
        {
            var field = ItemField(name);
            field.Resolver = null;
            _contentItem.AddField(field);
        }

        _contentItem.AddField(new FieldType { Name = "published", Type = typeof(BooleanGraphType) });
        _contentItem.AddField(new FieldType { Name = "latest", Type = typeof(BooleanGraphType) });
        _contentItem.ResolveType = value => value is ContentItem item && _types.TryGetValue(item.ContentType, out var type) ? type : null;

        var query = new ObjectGraphType { Name = "Query", Description = "Published content, anonymous." };
        var listed = ListedTypes();
        foreach (var type in definitions.ContentTypes)
        {
            ObjectTypeFor(type);
        }

        foreach (var (typeName, nested) in listed)
        {
            var graphType = _types[typeName];
            query.AddField(new FieldType
            {
                Name = Camel(typeName),
                Description = nested ? $"{typeName} items nested in the bags of published items." : $"Published {typeName} items.",
                ResolvedType = new ListGraphType(graphType),
                Arguments = new QueryArguments(
                    new QueryArgument(WhereInput(definitions.GetType(typeName)!)) { Name = "where" },
                    new QueryArgument(OrderByInput()) { Name = "orderBy" },
                    new QueryArgument<IntGraphType> { Name = "first", Description = $"At most this many items (default {options.GraphQL.DefaultFirst}, max {options.GraphQL.MaxFirst})." },
                    new QueryArgument<IntGraphType> { Name = "skip", Description = "Skip this many items." },
                    new QueryArgument(StatusEnum()) { Name = "status", DefaultValue = "PUBLISHED", Description = "Only PUBLISHED is available anonymously." }),
                Resolver = new FuncFieldResolver<object?>(ctx => ResolveList(ctx, typeName, nested)),
            });
        }

        query.AddField(new FieldType
        {
            Name = "contentItem",
            Description = "One published item of a public type by id.",
            ResolvedType = _contentItem,
            Arguments = new QueryArguments(new QueryArgument<NonNullGraphType<StringGraphType>> { Name = "contentItemId" }),
            Resolver = new FuncFieldResolver<object?>(ctx =>
            {
                var graph = Context(ctx);
                var item = graph.Snapshot.Get(ctx.GetArgument<string>("contentItemId"));
                return item is not null && ContentApiEndpoints.IsPublicType(graph.Options, item.ContentType) ? item : null;
            }),
        });

        // Names are given exactly as Orchard spells them (AND, OR, NOT, camelCase fields); the default converter would lower-case AND.
        var schema = new Schema { Query = query, NameConverter = DefaultNameConverter.Instance };
        foreach (var type in _types.Values)
        {
            schema.RegisterType(type);
        }

        schema.Initialize();
        return schema;
    }

    /// <summary>Public types, then the types their bags contain (flagged nested).</summary>
    private List<(string Type, bool Nested)> ListedTypes()
    {
        var result = options.ReadableTypes.Where(t => definitions.GetType(t) is not null).Select(t => (t, false)).ToList();
        foreach (var type in result.Select(r => r.Item1).ToList())
        {
            foreach (var bag in definitions.GetType(type)!.ContentTypePartDefinitionRecords.Where(a => a.PartName == "BagPart"))
            {
                foreach (var contained in bag.Settings.Bag("BagPartSettings").Strings("ContainedContentTypes"))
                {
                    if (definitions.GetType(contained) is not null && result.All(r => r.Item1 != contained))
                    {
                        result.Add((contained, true));
                    }
                }
            }
        }

        return result;
    }

    private ObjectGraphType ObjectTypeFor(ContentTypeDefinitionRecord type)
    {
        if (_types.TryGetValue(type.Name, out var existing))
        {
            return existing;
        }

        var graphType = new ObjectGraphType { Name = type.Name, Description = type.DisplayName };
        _types[type.Name] = graphType;
        foreach (var (name, _) in ItemFields)
        {
            graphType.AddField(ItemField(name));
        }

        // Only the published version is served, and to the public it is also the latest.
        graphType.AddField(new FieldType { Name = "published", Type = typeof(BooleanGraphType), Resolver = new FuncFieldResolver<object?>(_ => true) });
        graphType.AddField(new FieldType { Name = "latest", Type = typeof(BooleanGraphType), Resolver = new FuncFieldResolver<object?>(_ => true) });
        graphType.AddResolvedInterface(_contentItem);
        _contentItem.AddPossibleType(graphType);

        foreach (var attachment in type.ContentTypePartDefinitionRecords)
        {
            var partName = attachment.Name;
            if (attachment.PartName == type.Name)
            {
                // Orchard collapses the fields of the part named like the type onto the type itself.
                foreach (var field in definitions.GetPart(type.Name)?.ContentPartFieldDefinitionRecords ?? [])
                {
                    if (FieldType(field.FieldName) is { } fieldType && !graphType.HasField(Camel(field.Name)))
                    {
                        var fieldName = field.Name;
                        graphType.AddField(new FieldType
                        {
                            Name = Camel(field.Name),
                            Description = field.DisplayName,
                            ResolvedType = fieldType,
                            Resolver = new FuncFieldResolver<object?>(ctx => (ctx.Source as ContentItem)?.Field(partName, fieldName)),
                        });
                    }
                }

                continue;
            }

            if (PartType(type, attachment) is { } partType && !graphType.HasField(Camel(partName)))
            {
                graphType.AddField(new FieldType
                {
                    Name = Camel(partName),
                    ResolvedType = partType,
                    Resolver = new FuncFieldResolver<object?>(ctx => (ctx.Source as ContentItem)?.Part(partName)),
                });
            }
        }

        return graphType;
    }

    private IGraphType? PartType(ContentTypeDefinitionRecord type, ContentTypePartDefinitionRecord attachment)
    {
        switch (attachment.PartName)
        {
            case "TitlePart":
                return Shared("TitlePart", () => JsonObjectType("TitlePart", ("title", "Title", typeof(StringGraphType))));
            case "AutoroutePart":
                return Shared("AutoroutePart", () => JsonObjectType("AutoroutePart", ("path", "Path", typeof(StringGraphType))));
            case "LocalizationPart":
                return Shared("LocalizationPart", () => JsonObjectType("LocalizationPart", ("culture", "Culture", typeof(StringGraphType)), ("localizationSet", "LocalizationSet", typeof(StringGraphType))));
            case "BagPart":
                var contained = attachment.Settings.Bag("BagPartSettings").Strings("ContainedContentTypes")
                    .Select(definitions.GetType).OfType<ContentTypeDefinitionRecord>().ToList();
                IGraphType itemType = contained.Count == 1 ? ObjectTypeFor(contained[0]) : _contentItem;
                contained.ForEach(t => ObjectTypeFor(t));
                var bag = new ObjectGraphType { Name = type.Name + attachment.Name + "BagPart", Description = $"The {attachment.Name} bag." };
                bag.AddField(new FieldType
                {
                    Name = "contentItems",
                    ResolvedType = new ListGraphType(itemType),
                    Resolver = new FuncFieldResolver<object?>(ctx => BagItems(ctx.Source as JsonObject)),
                });
                return bag;
            default:
                var part = definitions.GetPart(attachment.PartName);
                if (part is null || part.ContentPartFieldDefinitionRecords.Count == 0)
                {
                    return null;
                }

                return Shared("Part:" + part.Name, () =>
                {
                    var graph = new ObjectGraphType { Name = part.Name.EndsWith("Part", StringComparison.Ordinal) ? part.Name : part.Name + "Part" };
                    foreach (var field in part.ContentPartFieldDefinitionRecords)
                    {
                        if (FieldType(field.FieldName) is { } fieldType)
                        {
                            var fieldName = field.Name;
                            graph.AddField(new FieldType
                            {
                                Name = Camel(field.Name),
                                ResolvedType = fieldType,
                                Resolver = new FuncFieldResolver<object?>(ctx => (ctx.Source as JsonObject)?[fieldName] as JsonObject),
                            });
                        }
                    }

                    return graph;
                });
        }
    }

    private IGraphType? FieldType(string fieldType) => fieldType switch
    {
        "TextField" => Shared(fieldType, () => JsonObjectType(fieldType, ("text", "Text", typeof(StringGraphType)))),
        "HtmlField" => Shared(fieldType, () => JsonObjectType(fieldType, ("html", "Html", typeof(StringGraphType)))),
        "NumericField" => Shared(fieldType, () => JsonObjectType(fieldType, ("value", "Value", typeof(DecimalGraphType)))),
        "BooleanField" => Shared(fieldType, () => JsonObjectType(fieldType, ("value", "Value", typeof(BooleanGraphType)))),
        "DateTimeField" or "DateField" or "TimeField" => Shared(fieldType, () => JsonObjectType(fieldType, ("value", "Value", typeof(StringGraphType)))),
        "LinkField" => Shared(fieldType, () => JsonObjectType(fieldType, ("url", "Url", typeof(StringGraphType)), ("text", "Text", typeof(StringGraphType)), ("target", "Target", typeof(StringGraphType)))),
        "MultiTextField" => Shared(fieldType, () => JsonObjectType(fieldType, ("values", "Values", typeof(ListGraphType<StringGraphType>)))),
        "ContentPickerField" => Shared(fieldType, () =>
        {
            var picker = JsonObjectType(fieldType, ("contentItemIds", "ContentItemIds", typeof(ListGraphType<StringGraphType>)));
            picker.AddField(new FieldType
            {
                Name = "contentItems",
                Description = "The picked items that are published and public, in order.",
                ResolvedType = new ListGraphType(_contentItem),
                Resolver = new FuncFieldResolver<object?>(ctx =>
                {
                    var graph = Context(ctx);
                    return (ctx.Source as JsonObject)?["ContentItemIds"] is JsonArray ids
                        ? ids.Select(id => graph.Snapshot.Get(id?.ToString() ?? "")).Where(i => i is not null && ContentApiEndpoints.IsPublicType(graph.Options, i.ContentType)).ToList()
                        : [];
                }),
            });
            return picker;
        }),
        _ => null,
    };

    private ObjectGraphType JsonObjectType(string name, params (string GraphName, string JsonName, Type Type)[] fields)
    {
        var graph = new ObjectGraphType { Name = name };
        foreach (var (graphName, jsonName, type) in fields)
        {
            graph.AddField(new FieldType
            {
                Name = graphName,
                Type = type,
                Resolver = new FuncFieldResolver<object?>(ctx => ToClr((ctx.Source as JsonObject)?[jsonName])),
            });
        }

        return graph;
    }

    private IGraphType Shared(string key, Func<IGraphType> create)
    {
        if (!_shared.TryGetValue(key, out var type))
        {
            type = create();
            _shared[key] = type;
        }

        return type;
    }

    private InputObjectGraphType WhereInput(ContentTypeDefinitionRecord type)
    {
        var input = new InputObjectGraphType { Name = type.Name + "WhereInput", Description = $"Filters on {type.Name} items." };
        foreach (var (name, _) in ItemFields)
        {
            var isDate = name.EndsWith("Utc", StringComparison.Ordinal);
            foreach (var suffix in isDate ? DateFilters : StringFilters)
            {
                var list = suffix is "_in" or "_not_in";
                input.AddField(new FieldType
                {
                    Name = name + suffix,
                    Type = isDate ? typeof(DateTimeGraphType) : list ? typeof(ListGraphType<StringGraphType>) : typeof(StringGraphType),
                });
            }
        }

        foreach (var (field, partName, props) in PartFilters)
        {
            if (type.GetPartOfType(partName) is not null)
            {
                input.AddField(new FieldType { Name = field, ResolvedType = Shared("Where:" + partName, () => PartWhereInput(partName, props)) });
            }
        }

        input.AddField(new FieldType { Name = "AND", ResolvedType = new ListGraphType(input), Description = "Every filter must match." });
        input.AddField(new FieldType { Name = "OR", ResolvedType = new ListGraphType(input), Description = "At least one filter must match." });
        input.AddField(new FieldType { Name = "NOT", ResolvedType = input, Description = "The filter must not match." });
        return input;
    }

    private static readonly (string Field, string PartName, string[] Props)[] PartFilters =
    [
        ("autoroutePart", "AutoroutePart", ["Path"]),
        ("localizationPart", "LocalizationPart", ["Culture", "LocalizationSet"]),
        ("titlePart", "TitlePart", ["Title"]),
    ];

    private static InputObjectGraphType PartWhereInput(string partName, string[] props)
    {
        var input = new InputObjectGraphType { Name = partName + "WhereInput" };
        foreach (var prop in props)
        {
            foreach (var suffix in StringFilters)
            {
                input.AddField(new FieldType
                {
                    Name = Camel(prop) + suffix,
                    Type = suffix is "_in" or "_not_in" ? typeof(ListGraphType<StringGraphType>) : typeof(StringGraphType),
                });
            }
        }

        return input;
    }

    private IGraphType OrderByInput() => Shared("OrderBy", () =>
    {
        var direction = new EnumerationGraphType { Name = "OrderByDirection" };
        direction.Add("ASC", "ASC");
        direction.Add("DESC", "DESC");
        var input = new InputObjectGraphType { Name = "ContentItemOrderByInput" };
        foreach (var (name, _) in ItemFields)
        {
            input.AddField(new FieldType { Name = name, ResolvedType = direction });
        }

        return input;
    });

    private IGraphType StatusEnum() => Shared("Status", () =>
    {
        var status = new EnumerationGraphType { Name = "Status" };
        status.Add("PUBLISHED", "PUBLISHED", "Published versions (the only status anonymous callers may ask for).");
        status.Add("DRAFT", "DRAFT", "Draft versions.");
        status.Add("LATEST", "LATEST", "Latest versions.");
        status.Add("ALL", "ALL", "Every version.");
        return status;
    });

    private List<ContentItem> ResolveList(IResolveFieldContext ctx, string typeName, bool nested)
    {
        var graph = Context(ctx);
        if (ctx.GetArgument<string>("status", "PUBLISHED") != "PUBLISHED")
        {
            throw new ExecutionError("Only PUBLISHED content is available through the public API.") { Code = "STATUS_NOT_ALLOWED" };
        }

        var first = ctx.GetArgument<int?>("first") ?? options.GraphQL.DefaultFirst;
        var skip = ctx.GetArgument<int?>("skip") ?? 0;
        if (first < 0 || first > options.GraphQL.MaxFirst || skip < 0)
        {
            throw new ExecutionError($"first must be between 0 and {options.GraphQL.MaxFirst}, and skip 0 or more.") { Code = "INVALID_PAGING" };
        }

        IEnumerable<ContentItem> items = nested ? NestedItems(graph.Snapshot, typeName) : graph.Snapshot.OfType(typeName);
        if (ctx.GetArgument<Dictionary<string, object?>?>("where") is { } where)
        {
            items = items.Where(i => ContentFilter.Matches(i, where));
        }

        if (ctx.GetArgument<Dictionary<string, object?>?>("orderBy") is { Count: > 0 } orderBy)
        {
            items = ContentFilter.Order(items, orderBy);
        }

        return items.Skip(skip).Take(first).ToList();
    }

    private IEnumerable<ContentItem> NestedItems(PublishedSnapshot snapshot, string typeName) =>
        options.ReadableTypes.SelectMany(snapshot.OfType)
            .SelectMany(i => i.Content.Select(p => p.Value?["ContentItems"]).OfType<JsonArray>())
            .SelectMany(a => a.OfType<JsonObject>())
            .Where(j => j["ContentType"]?.ToString() == typeName)
            .Select(j => ContentItem.FromJson(j));

    private static List<ContentItem> BagItems(JsonObject? bag) =>
        bag?["ContentItems"] is JsonArray items ? [.. items.OfType<JsonObject>().Select(j => ContentItem.FromJson(j))] : [];

    private static FieldType ItemField(string name)
    {
        var get = ItemFields.First(f => f.Name == name).Get;
        return new FieldType
        {
            Name = name,
            Type = name.EndsWith("Utc", StringComparison.Ordinal) ? typeof(DateTimeGraphType) : typeof(StringGraphType),
            Resolver = new FuncFieldResolver<object?>(ctx => ctx.Source is ContentItem item ? get(item) : null),
        };
    }

    private static ContentGraphContext Context(IResolveFieldContext ctx) => (ContentGraphContext)ctx.UserContext;

    private static object? ToClr(JsonNode? node) => node switch
    {
        null => null,
        JsonArray array => array.Select(n => n?.ToString()).ToList(),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => value.TryGetValue(out decimal d) ? d : decimal.Parse(value.ToJsonString(), CultureInfo.InvariantCulture),
            _ => null,
        },
        _ => node.ToJsonString(),
    };

    /// <summary>Orchard's GraphQL names: PascalCase → camelCase.</summary>
    public static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
