namespace NetTroubleCms.Web.Features.Admin.Editors;

/// <summary>The MediaField editor's limits (its binding is the engine's <c>MediaFieldType</c>, its markup <c>_MediaField.cshtml</c>).</summary>
public sealed partial class ContentEditorService
{
    /// <summary>Most library files offered in one field's list.</summary>
    public const int MediaChoiceLimit = 500;
}
