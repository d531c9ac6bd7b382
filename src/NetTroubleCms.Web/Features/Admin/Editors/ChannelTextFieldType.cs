using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;
using NetTroubleCms.Content.Fields;
using NetTroubleCms.Web.Features.Admin.Resources;
using NetTroubleCms.Web.Features.Guide;

namespace NetTroubleCms.Web.Features.Admin.Editors;

/// <summary>
/// The app's TextField: the engine's, plus the leaflet's rule for contact channels. A field named <c>Value</c> next
/// to a <c>Kind</c> of 電話 holds a phone number, formatted the Japanese way when an editor changes it. Registered
/// over the engine's TextField, so every editor path goes through it.
/// </summary>
public sealed class ChannelTextFieldType(IStringLocalizer<AdminText> t) : TextFieldType
{
    /// <inheritdoc />
    public override JsonObject? Bind(FieldBindContext context)
    {
        var value = base.Bind(context);
        if (value is null || context.Field.Name != "Value" || StringOf(context.Part?["Kind"] as JsonObject, "Text") != ChannelKinds.Phone.Stored)
        {
            return value;
        }

        // Only what the editor changed is reformatted: numbers copied verbatim from the leaflet stay as printed.
        if (StringOf(value, "Text") is { Length: > 0 } text && text != StringOf(context.Stored, "Text"))
        {
            if (PhoneNumberFormatter.Format(text) is { } formatted)
            {
                value["Text"] = formatted;
            }
            else
            {
                context.Fail(t["日本の電話番号として正しくありません（例：03-1234-5678、0570-078374、#9110）。"]);
            }
        }

        return value;
    }
}
