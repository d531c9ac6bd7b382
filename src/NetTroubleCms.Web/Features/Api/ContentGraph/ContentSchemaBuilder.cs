using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GraphQL;
using GraphQL.Conversion;
using GraphQL.Resolvers;
using GraphQL.Types;
using NetTroubleCms.Content;
using NetTroubleCms.Content.Fields;
using NetTroubleCms.Content.Localization;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Queries;
using NetTroubleCms.Content.Snapshot;

namespace NetTroubleCms.Web.Features.Api.ContentGraph;

/// <summary>What a resolver needs: the request's snapshot, the public types and the request's variables as sent.</summary>
public sealed class ContentGraphContext(PublishedSnapshot snapshot, ApiOptions options) : Dictionary<string, object?>
{
    /// <summary>The published snapshot this request reads.</summary>
    public PublishedSnapshot Snapshot { get; } = snapshot;

    /// <summary>API options (public types, limits).</summary>
    public ApiOptions Options { get; } = options;

    /// <summary>The snapshot's indexes.</summary>
    public ContentGraphIndex Index { get; } = ContentGraphIndex.For(snapshot);

    /// <summary>Absolute base URL of the site (for links in rendered HTML).</summary>
    public string BaseUrl { get; init; } = "";

    /// <summary>Variables as the caller sent them (key order and list-or-object intact).</summary>
    public IReadOnlyDictionary<string, object?>? RawVariables { get; init; }
}

/// <summary>
/// Builds a GraphQL schema in Orchard Core's shape from content definitions: one list field per public type (and per
/// type nested in their bags), scalar fields for Orchard's scalar field types, objects for the others, the fields of
/// the part named like the type (and of parts set to collapse) directly on the type, other parts as camelCase objects,
/// and one field per saved query. Resolvers read only the in-memory snapshot and its indexes.
/// </summary>
public sealed class ContentSchemaBuilder(ContentDefinitionDocument definitions, ApiOptions options, IReadOnlyList<SavedQuery>? savedQueries = null, FieldTypes? fieldTypes = null)
{
    private static readonly string[] TextOps = ["", "_not", "_in", "_not_in", "_contains", "_not_contains", "_starts_with", "_not_starts_with", "_ends_with", "_not_ends_with"];
    private static readonly string[] RangeOps = ["", "_not", "_in", "_not_in", "_gt", "_gte", "_lt", "_lte"];
    private static readonly string[] BooleanOps = ["", "_not"];

    // Parts this builder gives their own shape; any other part with fields becomes a generic part object.
    private static readonly HashSet<string> KnownParts =
        ["TitlePart", "AutoroutePart", "LocalizationPart", "BagPart", "ListPart", "ContainedPart", "HtmlBodyPart", "MarkdownBodyPart", "FlowPart"];

    private static readonly (string Name, FilterKind Kind, Func<ContentItem, object?> Get)[] ItemFields =
    [
        ("contentItemId", FilterKind.Text, i => i.ContentItemId),
        ("contentItemVersionId", FilterKind.Text, i => i.ContentItemVersionId),
        ("contentType", FilterKind.Text, i => i.ContentType),
        ("displayText", FilterKind.Text, i => i.DisplayText),
        ("owner", FilterKind.Text, i => i.Owner),
        ("author", FilterKind.Text, i => i.Author),
        ("createdUtc", FilterKind.DateTime, i => i.CreatedUtc),
        ("modifiedUtc", FilterKind.DateTime, i => i.ModifiedUtc),
        ("publishedUtc", FilterKind.DateTime, i => i.PublishedUtc),
    ];

    private readonly Dictionary<string, ObjectGraphType> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TypeFilterModel> _models = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IGraphType> _shared = new(StringComparer.Ordinal);
    private readonly InterfaceGraphType _contentItem = new() { Name = "ContentItem", Description = "Any content item." };
    private readonly FieldTypes _fieldTypes = fieldTypes ?? FieldTypes.BuiltIn;

    /// <summary>Builds and initializes the schema.</summary>
    public ISchema Build()
    {
        foreach (var (name, _, _) in ItemFields)
        {
            var field = ItemField(name);
            field.Resolver = null;
            _contentItem.AddField(field);
        }

        _contentItem.AddField(new FieldType { Name = "published", Type = typeof(BooleanGraphType) });
        _contentItem.AddField(new FieldType { Name = "latest", Type = typeof(BooleanGraphType) });
        _contentItem.AddField(new FieldType { Name = "render", Type = typeof(StringGraphType) });
        _contentItem.ResolveType = value => value is ContentItem item && _types.TryGetValue(item.ContentType, out var type) ? type : null;

        var query = new ObjectGraphType { Name = "Query", Description = "Published content, anonymous." };
        foreach (var type in definitions.ContentTypes)
        {
            ObjectTypeFor(type);
        }

        foreach (var (typeName, nested) in ListedTypes())
        {
            var graphType = _types[typeName];
            var model = _models[typeName];
            query.AddField(new FieldType
            {
                Name = Camel(typeName),
                Description = nested ? $"{typeName} items nested in the bags of published items." : $"Published {typeName} items.",
                ResolvedType = new ListGraphType(graphType),
                Arguments = new QueryArguments(
                    new QueryArgument(WhereInput(definitions.GetType(typeName)!)) { Name = "where" },
                    new QueryArgument(OrderByInput()) { Name = "orderBy", Description = "Keys apply in the order written; default createdUtc DESC." },
                    new QueryArgument<IntGraphType> { Name = "first", Description = FirstDescription },
                    new QueryArgument<IntGraphType> { Name = "skip", Description = "Skip this many items." },
                    new QueryArgument(StatusEnum()) { Name = "status", DefaultValue = "PUBLISHED", Description = "Only PUBLISHED is available anonymously." }),
                Resolver = new FuncFieldResolver<object?>(ctx => ResolveList(ctx, typeName, nested, model)),
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

        AddSavedQueries(query);

        // Names are given exactly as Orchard spells them (AND, OR, NOT, camelCase fields); the default converter would lower-case AND.
        var schema = new Schema { Query = query, NameConverter = DefaultNameConverter.Instance };
        foreach (var type in _types.Values)
        {
            schema.RegisterType(type);
        }

        schema.Initialize();
        return schema;
    }

    // The default is smaller than Orchard's 100 so that a page the client did not size stays within the REST pages'
    // byte budget; the description says so, since a client porting from Orchard may rely on 100.
    private string FirstDescription =>
        $"At most this many items (max {options.GraphQL.MaxFirst}). Not given: {options.GraphQL.DefaultFirst}, which keeps a page small "
        + "(Orchard's default is 100: ask for it with first: 100). Page on with skip.";

    /// <summary>Orchard's GraphQL names: PascalCase → camelCase.</summary>
    public static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>Orchard's name for a part without its own shape: camelCase without the <c>Part</c> suffix (PricePart → price).</summary>
    public static string PartFieldName(string partName) =>
        Camel(partName.EndsWith("Part", StringComparison.Ordinal) && partName.Length > 4 ? partName[..^4] : partName);

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
        var model = new TypeFilterModel();
        _types[type.Name] = graphType;
        _models[type.Name] = model;
        foreach (var (name, kind, get) in ItemFields)
        {
            graphType.AddField(ItemField(name));
            model.Add(name, kind, get);
        }

        // Only the published version is served, and to the public it is also the latest.
        graphType.AddField(new FieldType { Name = "published", Type = typeof(BooleanGraphType), Resolver = new FuncFieldResolver<object?>(_ => true) });
        graphType.AddField(new FieldType { Name = "latest", Type = typeof(BooleanGraphType), Resolver = new FuncFieldResolver<object?>(_ => true) });
        graphType.AddField(new FieldType
        {
            Name = "render",
            Description = "The item rendered by the theme's template for its type (HTML, without the page layout).",
            Type = typeof(StringGraphType),
            Resolver = new FuncFieldResolver<object?>(async ctx => ctx.Source is ContentItem item ? await ContentRendering.RenderAsync(Context(ctx), ctx.RequestServices!, item) : null),
        });
        graphType.AddResolvedInterface(_contentItem);
        _contentItem.AddPossibleType(graphType);

        foreach (var attachment in type.ContentTypePartDefinitionRecords)
        {
            var partName = attachment.Name;
            var graphQLSettings = attachment.Settings.Bag("GraphQLContentTypePartSettings");
            if (graphQLSettings.Bool("Hidden"))
            {
                continue;
            }

            var fields = definitions.GetPart(attachment.PartName)?.ContentPartFieldDefinitionRecords ?? [];
            var collapsed = attachment.PartName == type.Name || (graphQLSettings.Bool("Collapse") && !KnownParts.Contains(attachment.PartName));
            if (collapsed)
            {
                // Orchard puts the fields of the part named like the type (and of parts set to collapse) on the type itself;
                // PreventFieldNameCollision prefixes them with the part's name (MetadataPart.Code → metadataCode).
                var prefix = graphQLSettings.Bool("PreventFieldNameCollision") ? PartFieldName(partName) : null;
                foreach (var field in fields)
                {
                    var name = prefix is null ? Camel(field.Name) : prefix + field.Name;
                    AddField(graphType, model, null, name, field, item => item.Part(partName)?[field.Name] as JsonObject);
                }

                continue;
            }

            AddPart(type, graphType, model, attachment, fields);
        }

        var containers = ContainedIn(type.Name);
        if (containers.Count > 0 || type.Has("ContainedPart"))
        {
            AddContained(graphType, model, containers);
        }

        return graphType;
    }

    private void AddPart(ContentTypeDefinitionRecord type, ObjectGraphType graphType, TypeFilterModel model, ContentTypePartDefinitionRecord attachment, List<ContentPartFieldDefinitionRecord> fields)
    {
        var partName = attachment.Name;
        JsonObject? Part(IResolveFieldContext ctx) => (ctx.Source as ContentItem)?.Part(partName);
        void Add(string name, IGraphType partType, Func<IResolveFieldContext, object?>? resolve = null)
        {
            if (!graphType.HasField(name))
            {
                graphType.AddField(new FieldType { Name = name, ResolvedType = partType, Resolver = new FuncFieldResolver<object?>(resolve ?? (ctx => Part(ctx))) });
            }
        }

        switch (attachment.PartName)
        {
            case "TitlePart":
                Add(Camel(partName), Shared("TitlePart", () => JsonObjectType("TitlePart", ("title", "Title", typeof(StringGraphType)))));
                model.Groups.Add("titlePart");
                model.Add("titlePart.title", FilterKind.Text, i => i.Part(partName)?["Title"]);
                return;
            case "AutoroutePart":
                Add(Camel(partName), Shared("AutoroutePart", () => JsonObjectType("AutoroutePart", ("path", "Path", typeof(StringGraphType)))));
                model.Groups.Add("autoroutePart");
                model.Add("autoroutePart.path", FilterKind.Text, i => i.Part(partName)?["Path"]);
                // Orchard's shorthand: where: { path: "…" }.
                model.Add("path", FilterKind.Text, i => i.Part(partName)?["Path"]);
                return;
            case "LocalizationPart":
                Add(Camel(partName), Shared("LocalizationPart", () => JsonObjectType("LocalizationPart", ("culture", "Culture", typeof(StringGraphType)), ("localizationSet", "LocalizationSet", typeof(StringGraphType)))));
                model.Groups.Add("localizationPart");
                model.Add("localizationPart.culture", FilterKind.Text, i => i.Part(partName)?["Culture"]);
                model.Add("localizationPart.localizationSet", FilterKind.Text, i => i.Part(partName)?["LocalizationSet"]);
                return;
            case "HtmlBodyPart":
                Add(Camel(partName), Shared("HtmlBodyPart", () => JsonObjectType("HtmlBodyPart", ("html", "Html", typeof(StringGraphType)))));
                return;
            case "MarkdownBodyPart":
                Add(Camel(partName), Shared("MarkdownBodyPart", () =>
                {
                    var markdown = JsonObjectType("MarkdownBodyPart", ("markdown", "Markdown", typeof(StringGraphType)));
                    markdown.AddField(new FieldType
                    {
                        Name = "html",
                        Description = "The Markdown rendered to HTML (raw HTML in the Markdown is escaped).",
                        Type = typeof(StringGraphType),
                        Resolver = new FuncFieldResolver<object?>(ctx => ContentRendering.Markdown(Context(ctx).Index, (ctx.Source as JsonObject)?["Markdown"]?.ToString())),
                    });
                    return markdown;
                }));
                return;
            case "BagPart":
                var contained = attachment.Settings.Bag("BagPartSettings").Strings("ContainedContentTypes")
                    .Select(definitions.GetType).OfType<ContentTypeDefinitionRecord>().ToList();
                IGraphType itemType = contained.Count == 1 ? ObjectTypeFor(contained[0]) : _contentItem;
                contained.ForEach(t => ObjectTypeFor(t));
                var bag = new ObjectGraphType { Name = type.Name + partName + "BagPart", Description = $"The {partName} bag." };
                bag.AddField(new FieldType
                {
                    Name = "contentItems",
                    ResolvedType = new ListGraphType(itemType),
                    Resolver = new FuncFieldResolver<object?>(ctx => NestedItems(ctx.Source as JsonObject, "ContentItems")),
                });
                Add(Camel(partName), bag);
                return;
            case "FlowPart":
                Add(Camel(partName), Shared("FlowPart", () =>
                {
                    var flow = new ObjectGraphType { Name = "FlowPart", Description = "Widgets placed in the flow." };
                    flow.AddField(new FieldType
                    {
                        Name = "widgets",
                        ResolvedType = new ListGraphType(_contentItem),
                        Resolver = new FuncFieldResolver<object?>(ctx => NestedItems(ctx.Source as JsonObject, "Widgets")),
                    });
                    return flow;
                }));
                return;
            case "ListPart":
                Add(Camel(partName), Shared("ListPart", ListPartType), ctx => ctx.Source);
                return;
            case "ContainedPart":
                // Handled with the list containers below.
                return;
        }

        if (fields.Count == 0)
        {
            return;
        }

        // A part without its own shape: Orchard exposes it without the Part suffix (PricePart → price { amount }).
        var group = PartFieldName(partName);
        var graphName = attachment.PartName.EndsWith("Part", StringComparison.Ordinal) ? attachment.PartName : attachment.PartName + "Part";
        var partModel = new TypeFilterModel();
        var partGraph = (ObjectGraphType)Shared("Part:" + attachment.PartName, () =>
        {
            var graph = new ObjectGraphType { Name = _types.ContainsKey(graphName) ? graphName + "Fields" : graphName };
            foreach (var field in fields)
            {
                AddField(graph, partModel, null, Camel(field.Name), field, null);
            }

            return graph;
        });
        Add(group, partGraph);
        model.Groups.Add(group);
        foreach (var field in fields)
        {
            if (ScalarKind(field.FieldName) is { } kind)
            {
                model.Add(group + "." + Camel(field.Name), kind, i => ScalarValue(field.FieldName, i.Part(partName)?[field.Name] as JsonObject));
            }
        }
    }

    private void AddContained(ObjectGraphType graphType, TypeFilterModel model, IReadOnlyList<string> containers)
    {
        var contained = Shared("ContainedPart", () => JsonObjectType("ContainedPart", ("listContentItemId", "ListContentItemId", typeof(StringGraphType)), ("order", "Order", typeof(IntGraphType))));
        var resolver = new FuncFieldResolver<object?>(ctx => (ctx.Source as ContentItem)?.Part("ContainedPart"));
        if (!graphType.HasField("containedPart"))
        {
            graphType.AddField(new FieldType { Name = "containedPart", ResolvedType = contained, Resolver = resolver });
        }

        // Orchard also names the link after each list type that may hold the item (blogPost { blog { listContentItemId } }).
        foreach (var container in containers)
        {
            if (!graphType.HasField(Camel(container)))
            {
                graphType.AddField(new FieldType { Name = Camel(container), Description = $"The {container} list holding the item.", ResolvedType = contained, Resolver = resolver });
            }
        }

        model.Groups.Add("containedPart");
        model.Add("containedPart.listContentItemId", FilterKind.Text, i => i.Part("ContainedPart")?["ListContentItemId"]);
        model.Add("containedPart.order", FilterKind.Number, i => i.Part("ContainedPart")?["Order"]);
    }

    private List<string> ContainedIn(string typeName) =>
        [.. definitions.ContentTypes
            .Where(t => t.ContentTypePartDefinitionRecords.Any(a => a.PartName == "ListPart" && a.Settings.Bag("ListPartSettings").Strings("ContainedContentTypes").Contains(typeName)))
            .Select(t => t.Name)];

    private ObjectGraphType ListPartType()
    {
        var list = new ObjectGraphType { Name = "ListPart", Description = "The items contained in the list." };
        list.AddField(new FieldType
        {
            Name = "contentItems",
            Description = "Published contained items of public types, newest created first.",
            ResolvedType = new ListGraphType(_contentItem),
            Arguments = new QueryArguments(
                new QueryArgument<IntGraphType> { Name = "first", Description = "At most this many (default 10).", DefaultValue = 10 },
                new QueryArgument<IntGraphType> { Name = "skip", DefaultValue = 0 }),
            Resolver = new FuncFieldResolver<object?>(ctx =>
            {
                var graph = Context(ctx);
                var first = ctx.GetArgument("first", 10);
                var skip = ctx.GetArgument("skip", 0);
                if (first < 0 || first > options.GraphQL.MaxFirst || skip < 0)
                {
                    throw new ExecutionError($"first must be between 0 and {options.GraphQL.MaxFirst}, and skip 0 or more.") { Code = "INVALID_PAGING" };
                }

                var byList = graph.Index.Get("contained-by", () => graph.Snapshot.Items
                    .Where(i => i.Part("ContainedPart")?["ListContentItemId"] is not null)
                    .GroupBy(i => i.Part("ContainedPart")!["ListContentItemId"]!.ToString(), StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.OrderByDescending(i => i.CreatedUtc).ToList(), StringComparer.Ordinal));
                return ctx.Source is ContentItem item && byList.TryGetValue(item.ContentItemId, out var children)
                    ? children.Where(c => ContentApiEndpoints.IsPublicType(graph.Options, c.ContentType)).Skip(skip).Take(first).ToList()
                    : [];
            }),
        });
        return list;
    }

    private void AddField(ObjectGraphType graph, TypeFilterModel model, string? group, string name, ContentPartFieldDefinitionRecord field, Func<ContentItem, JsonObject?>? fromItem)
    {
        if (graph.HasField(name) || FieldGraphType(field.FieldName) is not { } mapped)
        {
            return;
        }

        var fieldName = field.Name;
        var fieldType = field.FieldName;
        JsonObject? Json(IResolveFieldContext ctx) => fromItem is not null
            ? ctx.Source is ContentItem item ? fromItem(item) : null
            : (ctx.Source as JsonObject)?[fieldName] as JsonObject;
        graph.AddField(new FieldType
        {
            Name = name,
            Description = field.DisplayName,
            Type = mapped.Scalar,
            ResolvedType = mapped.Object,
            Resolver = new FuncFieldResolver<object?>(ctx => mapped.Scalar is null ? Json(ctx) : ScalarOutput(fieldType, Json(ctx))),
        });
        if (fromItem is not null && ScalarKind(fieldType) is { } kind)
        {
            model.Add(group is null ? name : group + "." + name, kind, item => ScalarValue(fieldType, fromItem(item)));
        }
    }

    /// <summary>
    /// Orchard's mapping: a field type with one plain value (text, number, boolean, date, time, multi-text, as its
    /// <see cref="ContentFieldType.Value"/> says) is a scalar; the object-like types this API knows get their own
    /// object; any other type is left out.
    /// </summary>
    private (Type? Scalar, IGraphType? Object)? FieldGraphType(string fieldType)
    {
        if (_fieldTypes.Get(fieldType).Value is { } value)
        {
            return (value.Kind switch
            {
                FieldValueKind.Number => typeof(DecimalGraphType),
                FieldValueKind.Boolean => typeof(BooleanGraphType),
                FieldValueKind.Date => typeof(DateOnlyGraphType),
                FieldValueKind.DateTime => typeof(DateTimeGraphType),
                FieldValueKind.TextList => typeof(ListGraphType<StringGraphType>),
                _ => typeof(StringGraphType),
            }, null);
        }

        // Object shapes are GraphQL's business (resolvers that follow picks to items), so they stay here, by type name.
        return fieldType switch
        {
            HtmlFieldType.TypeName => (null, Shared(fieldType, () => JsonObjectType(fieldType, ("html", "Html", typeof(StringGraphType))))),
            LinkFieldType.TypeName => (null, Shared(fieldType, () => JsonObjectType(fieldType, ("url", "Url", typeof(StringGraphType)), ("text", "Text", typeof(StringGraphType)), ("target", "Target", typeof(StringGraphType))))),
            MediaFieldType.TypeName => (null, Shared(fieldType, MediaObjectType)),
            ContentPickerFieldType.TypeName => (null, Shared(fieldType, () => PickerType(fieldType, "ContentItemIds", "contentItemIds", "contentItems"))),
            LocalizationSetContentPickerFieldType.TypeName => (null, Shared(fieldType, SetPickerType)),
            TaxonomyFieldType.TypeName => (null, Shared(fieldType, () =>
            {
                var taxonomy = PickerType(fieldType, "TermContentItemIds", "termContentItemIds", "termContentItems");
                taxonomy.AddField(new FieldType { Name = "taxonomyContentItemId", Type = typeof(StringGraphType), Resolver = new FuncFieldResolver<object?>(ctx => (ctx.Source as JsonObject)?["TaxonomyContentItemId"]?.ToString()) });
                return taxonomy;
            })),
            _ => null,
        };
    }

    /// <summary>How <c>where</c> and <c>orderBy</c> compare a field type's plain value; null when it cannot be filtered on.</summary>
    private FilterKind? ScalarKind(string fieldType) => _fieldTypes.Get(fieldType).Value?.Kind switch
    {
        FieldValueKind.Text => FilterKind.Text,
        FieldValueKind.Number => FilterKind.Number,
        FieldValueKind.Boolean => FilterKind.Boolean,
        FieldValueKind.Date => FilterKind.Date,
        FieldValueKind.DateTime => FilterKind.DateTime,
        FieldValueKind.Time => FilterKind.Time,
        _ => null,
    };

    private JsonNode? ScalarValue(string fieldType, JsonObject? field) =>
        _fieldTypes.Get(fieldType).Value is { } value ? field?[value.Name] : null;

    private object? ScalarOutput(string fieldType, JsonObject? field)
    {
        switch (_fieldTypes.Get(fieldType).Value?.Kind)
        {
            case FieldValueKind.TextList:
                return ScalarValue(fieldType, field) is JsonArray values ? values.Select(v => v?.ToString()).ToList() : null;
            case FieldValueKind.Date:
                return FilterValues.Normalize(FilterKind.Date, ScalarValue(fieldType, field)) is DateTime date ? DateOnly.FromDateTime(date) : null;
            case FieldValueKind.Time:
                return ScalarValue(fieldType, field)?.ToString();
            default:
                var kind = ScalarKind(fieldType) ?? FilterKind.Text;
                return FilterValues.Normalize(kind, ScalarValue(fieldType, field));
        }
    }

    private ObjectGraphType MediaObjectType()
    {
        var media = new ObjectGraphType { Name = "MediaField" };
        static List<string?> Strings(JsonObject? json, string key) => json?[key] is JsonArray a ? [.. a.Select(v => v?.ToString())] : [];
        media.AddField(new FieldType { Name = "paths", Type = typeof(ListGraphType<StringGraphType>), Resolver = new FuncFieldResolver<object?>(ctx => Strings(ctx.Source as JsonObject, "Paths")) });
        media.AddField(new FieldType
        {
            Name = "urls",
            Description = "Public URLs of the files (under /media/, as Orchard serves them).",
            Type = typeof(ListGraphType<StringGraphType>),
            Resolver = new FuncFieldResolver<object?>(ctx => Strings(ctx.Source as JsonObject, "Paths").Select(p => p is null ? null : "/media/" + p.TrimStart('/')).ToList()),
        });
        media.AddField(new FieldType { Name = "mediaTexts", Type = typeof(ListGraphType<StringGraphType>), Resolver = new FuncFieldResolver<object?>(ctx => Strings(ctx.Source as JsonObject, "MediaTexts")) });
        media.AddField(new FieldType
        {
            Name = "fileNames",
            Type = typeof(ListGraphType<StringGraphType>),
            Resolver = new FuncFieldResolver<object?>(ctx => Strings(ctx.Source as JsonObject, "Paths").Select(p => p is null ? null : Path.GetFileName(p)).ToList()),
        });

        // Newer Orchard versions group each file's facts (files { path url fileName mediaText resizeUrl }).
        var file = new ObjectGraphType { Name = "MediaFieldFile", Description = "One file of a media field." };
        file.AddField(new FieldType { Name = "path", Type = typeof(StringGraphType), Resolver = new FuncFieldResolver<object?>(ctx => ((MediaFile)ctx.Source!).Path) });
        file.AddField(new FieldType { Name = "url", Type = typeof(StringGraphType), Resolver = new FuncFieldResolver<object?>(ctx => "/media/" + ((MediaFile)ctx.Source!).Path.TrimStart('/')) });
        file.AddField(new FieldType { Name = "fileName", Type = typeof(StringGraphType), Resolver = new FuncFieldResolver<object?>(ctx => Path.GetFileName(((MediaFile)ctx.Source!).Path)) });
        file.AddField(new FieldType { Name = "mediaText", Type = typeof(StringGraphType), Resolver = new FuncFieldResolver<object?>(ctx => ((MediaFile)ctx.Source!).MediaText) });
        file.AddField(new FieldType
        {
            Name = "resizeUrl",
            Description = "A URL that serves a smaller copy of an image: the smallest of the fixed widths "
                + $"({string.Join(", ", Media.MediaImages.Widths)}) that is at least width (or height when no width is given), keeping the "
                + "aspect ratio; mode, quality and format are accepted as Orchard's and not applied. Other files answer their plain URL.",
            Type = typeof(StringGraphType),
            Arguments = new QueryArguments(
                new QueryArgument<IntGraphType> { Name = "width" },
                new QueryArgument<IntGraphType> { Name = "height" },
                new QueryArgument<StringGraphType> { Name = "mode" },
                new QueryArgument<IntGraphType> { Name = "quality" },
                new QueryArgument<StringGraphType> { Name = "format" }),
            Resolver = new FuncFieldResolver<object?>(ctx =>
            {
                var path = ((MediaFile)ctx.Source!).Path;
                var url = "/media/" + path.TrimStart('/');
                var wanted = ctx.GetArgument<int?>("width") ?? ctx.GetArgument<int?>("height");
                if (wanted is not > 0 || !Media.MediaTypes.IsImage(path))
                {
                    return url;
                }

                var widths = Media.MediaImages.Widths;
                var width = widths.FirstOrDefault(w => w >= wanted.Value, widths[^1]);
                return url + "?width=" + width.ToString(CultureInfo.InvariantCulture);
            }),
        });
        media.AddField(new FieldType
        {
            Name = "files",
            ResolvedType = new ListGraphType(file),
            Resolver = new FuncFieldResolver<object?>(ctx =>
            {
                var json = ctx.Source as JsonObject;
                var texts = Strings(json, "MediaTexts");
                return Strings(json, "Paths").Select((p, i) => p is null ? null : new MediaFile(p, i < texts.Count ? texts[i] : null)).OfType<MediaFile>().ToList();
            }),
        });
        return media;
    }

    private ObjectGraphType PickerType(string name, string idsKey, string idsName, string itemsName)
    {
        var picker = JsonObjectType(name, (idsName, idsKey, typeof(ListGraphType<StringGraphType>)));
        picker.AddField(new FieldType
        {
            Name = itemsName,
            Description = "The picked items that are published and public, in order.",
            ResolvedType = new ListGraphType(_contentItem),
            Resolver = new FuncFieldResolver<object?>(ctx =>
            {
                var graph = Context(ctx);
                if ((ctx.Source as JsonObject)?[idsKey] is not JsonArray ids)
                {
                    return new List<ContentItem>();
                }

                var nested = graph.Index.Get("nested-by-id", () => NestedById(graph.Snapshot));
                return ids.Select(id => id?.ToString() ?? "")
                    .Select(id => graph.Snapshot.Get(id) ?? nested.GetValueOrDefault(id))
                    .Where(i => i is not null && (ContentApiEndpoints.IsPublicType(graph.Options, i.ContentType) || nested.ContainsKey(i.ContentItemId)))
                    .ToList();
            }),
        });
        return picker;
    }

    // Orchard's LocalizationSetContentPickerField: picks are LocalizationSets; each resolves to the set's item in the
    // default culture (the original, which holds the set's facts), or its first published item when it has none.
    private ObjectGraphType SetPickerType()
    {
        var picker = JsonObjectType("LocalizationSetContentPickerField", ("localizationSets", "LocalizationSets", typeof(ListGraphType<StringGraphType>)));
        picker.AddField(new FieldType
        {
            Name = "contentItems",
            Description = "The original of each picked LocalizationSet that is published and public, in order.",
            ResolvedType = new ListGraphType(_contentItem),
            Resolver = new FuncFieldResolver<object?>(ctx =>
            {
                var graph = Context(ctx);
                if ((ctx.Source as JsonObject)?["LocalizationSets"] is not JsonArray sets)
                {
                    return new List<ContentItem>();
                }

                // Each pick shows the set's item in the language of the item that holds the field, else the original.
                IResolveFieldContext? parent = ctx.Parent;
                while (parent is not null && parent.Source is not ContentItem)
                {
                    parent = parent.Parent;
                }

                var culture = parent?.Source is ContentItem holder ? LocalizationSets.CultureOf(holder, graph.Snapshot.Definitions) : null;
                var bySet = graph.Index.Get("items-by-set", () => BySet(graph.Snapshot));
                var local = culture is null ? null : graph.Index.Get("items-by-set:" + culture, () => BySet(graph.Snapshot, culture));
                return sets.Select(s => local?.GetValueOrDefault(s?.ToString() ?? "") ?? bySet.GetValueOrDefault(s?.ToString() ?? ""))
                    .Where(i => i is not null && ContentApiEndpoints.IsPublicType(graph.Options, i.ContentType))
                    .ToList();
            }),
        });
        return picker;
    }

    // The item of each set in one culture (null: the default culture's original, else any published item of the set).
    private static Dictionary<string, ContentItem> BySet(PublishedSnapshot snapshot, string? onlyCulture = null)
    {
        var culture = onlyCulture ?? LocalizationSets.DefaultCulture(snapshot.Settings);
        var result = new Dictionary<string, ContentItem>(StringComparer.Ordinal);
        foreach (var item in snapshot.Items)
        {
            if (LocalizationSets.SetOf(item, snapshot.Definitions) is not { } set)
            {
                continue;
            }

            var matches = string.Equals(LocalizationSets.CultureOf(item, snapshot.Definitions), culture, StringComparison.OrdinalIgnoreCase);
            if (matches || (onlyCulture is null && !result.ContainsKey(set)))
            {
                result[set] = item;
            }
        }

        return result;
    }

    /// <summary>Taxonomy terms live inside the taxonomy item; a term picked by id is found here.</summary>
    private Dictionary<string, ContentItem> NestedById(PublishedSnapshot snapshot)
    {
        var result = new Dictionary<string, ContentItem>(StringComparer.Ordinal);
        void Walk(JsonArray? terms)
        {
            foreach (var term in terms?.OfType<JsonObject>() ?? [])
            {
                if (term["ContentItemId"]?.ToString() is { } id)
                {
                    result.TryAdd(id, ContentItem.FromJson(term));
                }

                Walk(term["Terms"] as JsonArray);
            }
        }

        foreach (var item in options.ReadableTypes.SelectMany(snapshot.OfType))
        {
            Walk(item.Part("TaxonomyPart")?["Terms"] as JsonArray);
        }

        return result;
    }

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
        var input = new InputObjectGraphType { Name = type.Name + "WhereInput", Description = $"Filters on {type.Name} items (Orchard's where)." };
        var model = _models[type.Name];
        var groups = new Dictionary<string, InputObjectGraphType>(StringComparer.Ordinal);
        foreach (var column in model.Columns.Values)
        {
            var dot = column.Key.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0)
            {
                AddFilterFields(input, column.Key, column.Kind);
                continue;
            }

            var group = column.Key[..dot];
            if (!groups.TryGetValue(group, out var groupInput))
            {
                groups[group] = groupInput = new InputObjectGraphType { Name = type.Name + char.ToUpperInvariant(group[0]) + group[1..] + "WhereInput" };
                input.AddField(new FieldType { Name = group, ResolvedType = groupInput });
            }

            AddFilterFields(groupInput, column.Key[(dot + 1)..], column.Kind);
        }

        input.AddField(new FieldType { Name = "AND", ResolvedType = new ListGraphType(input), Description = "Every condition must match (an object or a list)." });
        input.AddField(new FieldType { Name = "OR", ResolvedType = new ListGraphType(input), Description = "At least one condition must match: every key, of an object or of each list element, is one alternative." });
        input.AddField(new FieldType { Name = "NOT", ResolvedType = new ListGraphType(input), Description = "The conditions must not all match." });
        return input;
    }

    private static void AddFilterFields(InputObjectGraphType input, string name, FilterKind kind)
    {
        var scalar = kind switch
        {
            FilterKind.Number => typeof(DecimalGraphType),
            FilterKind.Boolean => typeof(BooleanGraphType),
            FilterKind.Date => typeof(DateOnlyGraphType),
            FilterKind.DateTime => typeof(DateTimeGraphType),
            _ => typeof(StringGraphType),
        };
        var ops = kind switch { FilterKind.Text => TextOps, FilterKind.Boolean => BooleanOps, _ => RangeOps };
        foreach (var op in ops)
        {
            if (!input.HasField(name + op))
            {
                var list = op is "_in" or "_not_in";
                input.AddField(new FieldType { Name = name + op, Type = list ? typeof(ListGraphType<>).MakeGenericType(scalar) : scalar });
            }
        }
    }

    private IGraphType OrderByInput() => Shared("OrderBy", () =>
    {
        var direction = new EnumerationGraphType { Name = "OrderByDirection" };
        direction.Add("ASC", "ASC");
        direction.Add("DESC", "DESC");
        var input = new InputObjectGraphType { Name = "ContentItemOrderByInput" };
        foreach (var (name, _, _) in ItemFields)
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

    private List<ContentItem> ResolveList(IResolveFieldContext ctx, string typeName, bool nested, TypeFilterModel model)
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

        var listKey = (nested ? "nested:" : "type:") + typeName;
        var items = graph.Index.Get(listKey, () => nested ? NestedOfType(graph.Snapshot, typeName) : graph.Snapshot.OfType(typeName));
        IEnumerable<int> positions = Enumerable.Range(0, items.Count);
        if (RawArguments.Get(ctx, "where") is RawObject where)
        {
            var matches = new WhereEvaluator(graph.Index, listKey, items, model).Evaluate(where);
            positions = positions.Where(i => matches[i]);
        }

        positions = ContentOrder.Apply(graph.Index, listKey, items, model, positions, RawArguments.Get(ctx, "orderBy") as RawObject);
        return [.. positions.Skip(skip).Take(first).Select(i => items[i])];
    }

    private IReadOnlyList<ContentItem> NestedOfType(PublishedSnapshot snapshot, string typeName) =>
        [.. options.ReadableTypes.SelectMany(snapshot.OfType)
            .SelectMany(i => i.Content.Select(p => p.Value?["ContentItems"]).OfType<JsonArray>())
            .SelectMany(a => a.OfType<JsonObject>())
            .Where(j => j["ContentType"]?.ToString() == typeName)
            .Select(j => ContentItem.FromJson(j))];

    private static List<ContentItem> NestedItems(JsonObject? part, string key) =>
        part?[key] is JsonArray items ? [.. items.OfType<JsonObject>().Select(j => ContentItem.FromJson(j))] : [];

    private void AddSavedQueries(ObjectGraphType query)
    {
        foreach (var saved in savedQueries ?? [])
        {
            var name = Camel(saved.Name);
            if (query.HasField(name))
            {
                continue;
            }

            var typeName = saved.ContentType;
            IGraphType itemType = typeName is not null && _types.TryGetValue(typeName, out var t) ? t : _contentItem;
            query.AddField(new FieldType
            {
                Name = name,
                Description = saved.IsRunnable
                    ? $"Saved {saved.Source} query {saved.Name}: published items of public types."
                    : $"Saved {saved.Source} query {saved.Name}: kept, but this site cannot run {saved.Source} queries.",
                ResolvedType = new ListGraphType(itemType),
                Arguments = new QueryArguments(new QueryArgument<StringGraphType> { Name = "parameters", Description = "JSON object of the query's @parameters." }),
                Resolver = new FuncFieldResolver<object?>(ctx => RunSavedQuery(ctx, saved)),
            });
        }
    }

    private static List<ContentItem> RunSavedQuery(IResolveFieldContext ctx, SavedQuery saved)
    {
        var graph = Context(ctx);
        if (!saved.IsRunnable)
        {
            throw new ExecutionError($"The saved query '{saved.Name}' is a {saved.Source} query; this site has no {saved.Source} index and runs only Sql queries over ContentItemIndex. Re-create it as a Sql query.") { Code = "QUERY_SOURCE_NOT_SUPPORTED" };
        }

        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (ctx.GetArgument<string?>("parameters") is { Length: > 0 } json)
        {
            try
            {
                foreach (var (key, value) in JsonNode.Parse(json) as JsonObject ?? throw new ExecutionError("parameters must be a JSON object.") { Code = "INVALID_PARAMETERS" })
                {
                    parameters[key] = value is JsonValue v ? FilterValues.Normalize(FilterKind.Text, v) : value?.ToJsonString();
                }
            }
            catch (JsonException)
            {
                throw new ExecutionError("parameters is not valid JSON.") { Code = "INVALID_PARAMETERS" };
            }
        }

        try
        {
            return [.. SqlQueryRunner.Run(graph.Snapshot, saved.Template, parameters).Where(i => ContentApiEndpoints.IsPublicType(graph.Options, i.ContentType))];
        }
        catch (SavedQueryException ex)
        {
            throw new ExecutionError($"The saved query '{saved.Name}' cannot run: {ex.Message}") { Code = "QUERY_NOT_SUPPORTED" };
        }
    }

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
            // Whole numbers come out as int so that Int fields (ContainedPart.order) serialize whatever the JSON number's CLR type.
            JsonValueKind.Number => decimal.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture) is var d && d == decimal.Truncate(d) && d is >= int.MinValue and <= int.MaxValue ? (object)(int)d : d,
            _ => null,
        },
        _ => node.ToJsonString(),
    };

    private sealed record MediaFile(string Path, string? MediaText);
}
