using System.Globalization;
using System.Text.Json.Nodes;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Resources;

namespace NetTroubleCms.Content.Fields;

/// <summary>
/// Orchard's date and time fields: <c>{ "Value": "2025-04-01T09:00:00Z" }</c>. Editors type the time in their own
/// time zone (<see cref="FieldBindContext.TimeZone"/>); the item stores UTC.
/// </summary>
public abstract class DateFieldTypeBase : ContentFieldType
{
    /// <summary>The kind of the Value property.</summary>
    protected abstract FieldValueKind Kind { get; }

    /// <inheritdoc />
    public override IReadOnlyList<FieldProperty> Properties => [new("Value", Kind)];

    /// <inheritdoc />
    public override FieldProperty? Value => Properties[0];

    /// <inheritdoc />
    public override string? ValidateRules(ContentPartFieldDefinitionRecord field, JsonObject? value) =>
        IsRequired(field) && string.IsNullOrWhiteSpace(StringOf(value, "Value")) ? EngineText.T("日時を入力してください。") : null;

    /// <summary>The editor's local time of a stored UTC value, as <c>yyyy-MM-ddTHH:mm</c> (a datetime-local input's value).</summary>
    public static string ToEditorTime(string? iso, TimeZoneInfo timeZone) =>
        DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dto)
            ? TimeZoneInfo.ConvertTime(dto, timeZone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture)
            : "";

    /// <summary>UTC from a time an editor typed in <paramref name="timeZone"/>.</summary>
    public static DateTime FromEditorTime(DateTime local, TimeZoneInfo timeZone) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), timeZone);

    /// <summary>Binds a date and time typed in the editor's time zone.</summary>
    protected static JsonObject? BindDateTime(FieldBindContext context)
    {
        var local = context.Input.Value(context.Key).Trim();
        if (local.Length == 0)
        {
            if (!context.Existed)
            {
                return null;
            }

            context.Value["Value"] = null;
        }
        else if (DateTime.TryParse(local, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt))
        {
            context.Value["Value"] = ContentItem.FormatDate(FromEditorTime(dt, context.TimeZone));
        }
        else
        {
            context.Fail(EngineText.T("日時の形式が正しくありません。"));
            context.Raw[context.Key] = local;
        }

        return context.Value;
    }
}

/// <summary>Orchard's DateTimeField.</summary>
public sealed class DateTimeFieldType : DateFieldTypeBase
{
    /// <summary>The type's name.</summary>
    public const string TypeName = "DateTimeField";

    /// <inheritdoc />
    public override string Name => TypeName;

    /// <inheritdoc />
    protected override FieldValueKind Kind => FieldValueKind.DateTime;

    /// <inheritdoc />
    public override string? EditorTemplate(ContentPartFieldDefinitionRecord field) => TypeName;

    /// <inheritdoc />
    public override JsonObject? Bind(FieldBindContext context) => BindDateTime(context);
}

/// <summary>Orchard's DateField.</summary>
public sealed class DateFieldType : DateFieldTypeBase
{
    /// <summary>The type's name.</summary>
    public const string TypeName = "DateField";

    /// <inheritdoc />
    public override string Name => TypeName;

    /// <inheritdoc />
    protected override FieldValueKind Kind => FieldValueKind.Date;

    // The admin has always offered a date and time here, stored as UTC like a DateTimeField; changing it to a bare
    // date would move existing values across midnight, so the editor stays the same.

    /// <inheritdoc />
    public override string? EditorTemplate(ContentPartFieldDefinitionRecord field) => DateTimeFieldType.TypeName;

    /// <inheritdoc />
    public override JsonObject? Bind(FieldBindContext context) => BindDateTime(context);
}

/// <summary>Orchard's TimeField (<c>"Value": "09:30:00"</c>); checked and shown, but not edited in the admin.</summary>
public sealed class TimeFieldType : DateFieldTypeBase
{
    /// <summary>The type's name.</summary>
    public const string TypeName = "TimeField";

    /// <inheritdoc />
    public override string Name => TypeName;

    /// <inheritdoc />
    protected override FieldValueKind Kind => FieldValueKind.Time;

    /// <inheritdoc />
    public override string? ValidateRules(ContentPartFieldDefinitionRecord field, JsonObject? value) => null;
}
