namespace NetTroubleCms.Web.Features.Admin.Resources;

/// <summary>
/// Marker for the admin's string resources. Keys are the Japanese texts (the default UI language);
/// <c>AdminText.en.resx</c> holds the English translations.
/// </summary>
public sealed class AdminText;
