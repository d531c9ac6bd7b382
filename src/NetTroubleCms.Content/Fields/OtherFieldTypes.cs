namespace NetTroubleCms.Content.Fields;

/// <summary>Orchard's MediaField: <c>{ "Paths": [ … ], "MediaTexts": [ … ] }</c>; its shape is checked, the admin does not edit it.</summary>
public sealed class MediaFieldType : ContentFieldType
{
    /// <summary>The type's name.</summary>
    public const string TypeName = "MediaField";

    /// <inheritdoc />
    public override string Name => TypeName;

    /// <inheritdoc />
    public override IReadOnlyList<FieldProperty> Properties => [new("Paths", FieldValueKind.TextList), new("MediaTexts", FieldValueKind.TextList)];
}

/// <summary>Orchard's UserPickerField: <c>{ "UserIds": [ … ] }</c>; its shape is checked, the admin does not edit it.</summary>
public sealed class UserPickerFieldType : ContentFieldType
{
    /// <summary>The type's name.</summary>
    public const string TypeName = "UserPickerField";

    /// <inheritdoc />
    public override string Name => TypeName;

    /// <inheritdoc />
    public override IReadOnlyList<FieldProperty> Properties => [new("UserIds", FieldValueKind.TextList)];
}

/// <summary>
/// Orchard's TaxonomyField: <c>{ "TaxonomyContentItemId": "…", "TermContentItemIds": [ … ] }</c>; its shape is
/// checked, the admin does not edit it.
/// </summary>
public sealed class TaxonomyFieldType : ContentFieldType
{
    /// <summary>The type's name.</summary>
    public const string TypeName = "TaxonomyField";

    /// <inheritdoc />
    public override string Name => TypeName;

    /// <inheritdoc />
    public override IReadOnlyList<FieldProperty> Properties => [new("TermContentItemIds", FieldValueKind.TextList), new("TaxonomyContentItemId", FieldValueKind.Text)];
}
