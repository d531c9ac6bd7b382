using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Resources;

namespace NetTroubleCms.Content.Fields;

/// <summary>Orchard's NumericField: <c>{ "Value": 1.5 }</c>, within the definition's Minimum and Maximum.</summary>
public sealed class NumericFieldType : ContentFieldType
{
    /// <summary>The type's name.</summary>
    public const string TypeName = "NumericField";

    private static readonly FieldProperty ValueProperty = new("Value", FieldValueKind.Number);

    /// <inheritdoc />
    public override string Name => TypeName;

    /// <inheritdoc />
    public override IReadOnlyList<FieldProperty> Properties => [ValueProperty];

    /// <inheritdoc />
    public override FieldProperty? Value => ValueProperty;

    /// <inheritdoc />
    public override string? ValidateRules(ContentPartFieldDefinitionRecord field, JsonObject? value)
    {
        var settings = TypeSettings(field);
        // Deserialize rather than GetValue: values set from code hold an int or double, not a decimal.
        var number = value?["Value"]?.Deserialize<decimal?>();
        if (number is null)
        {
            return IsRequired(field) ? EngineText.T("数値を入力してください。") : null;
        }

        if (settings.Number("Minimum") is decimal min && number < min)
        {
            return EngineText.T("{0} 以上の値を入力してください。", min);
        }

        return settings.Number("Maximum") is decimal max && number > max ? EngineText.T("{0} 以下の値を入力してください。", max) : null;
    }

    /// <inheritdoc />
    public override string? EditorTemplate(ContentPartFieldDefinitionRecord field) => TypeName;

    /// <inheritdoc />
    public override JsonObject? Bind(FieldBindContext context)
    {
        var typed = context.Input.Value(context.Key);
        // Full-width digits typed with a Japanese input method are still numbers.
        var number = typed.Trim().Normalize(NormalizationForm.FormKC);
        if (number.Length == 0)
        {
            if (!context.Existed)
            {
                return null;
            }

            context.Value["Value"] = null;
        }
        else if (decimal.TryParse(number, NumberStyles.Number, CultureInfo.InvariantCulture, out var d))
        {
            context.Value["Value"] = d;
        }
        else
        {
            context.Fail(EngineText.T("数値を入力してください。"));
            context.Raw[context.Key] = typed;
        }

        return context.Value;
    }
}
