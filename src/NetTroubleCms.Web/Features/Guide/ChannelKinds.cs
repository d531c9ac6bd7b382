namespace NetTroubleCms.Web.Features.Guide;

/// <summary>
/// One way of reaching an agency (電話, メール…): the word stored in a channel's Kind field, the stable key the API,
/// CSS and icons use, and where it goes in the one order every agency shows.
/// </summary>
/// <param name="Key">Stable key: API values, CSS classes, icon and label names.</param>
/// <param name="Stored">The Kind field's value as editors choose it (the leaflet's word); empty for <see cref="ChannelKinds.Other"/>.</param>
/// <param name="Rank">Position in the order every agency shows its channels.</param>
/// <param name="HsdsAttendingType">HSDS <c>attending_type</c> of the kind's opening hours.</param>
public sealed record ChannelKind(string Key, string Stored, int Rank, string HsdsAttendingType)
{
    /// <summary>Key of the kind's label in the theme strings (<c>Kind_phone</c> → 電話 / Phone / でんわ).</summary>
    public string LabelKey => "Kind_" + Key;

    /// <summary>Id of the kind's icon in the theme's symbol sheet.</summary>
    public string IconId => "i-" + Key;
}

/// <summary>
/// The channel kinds, in one place for the theme, the admin, the read API, open data and the HSDS mapping. The
/// leaflet's own order (対面, 電話, メール, チャット, SNS, Webフォーム, Webサイト) is the order of its legend and of the
/// recipe's choices; agencies list their channels by <see cref="ChannelKind.Rank"/> instead, phones first.
/// </summary>
public static class ChannelKinds
{
    /// <summary>対面: a place to go.</summary>
    public static readonly ChannelKind InPerson = new("in-person", "対面", 5, "in_person");

    /// <summary>電話.</summary>
    public static readonly ChannelKind Phone = new("phone", "電話", 0, "phone");

    /// <summary>メール.</summary>
    public static readonly ChannelKind Email = new("email", "メール", 3, "online");

    /// <summary>チャット.</summary>
    public static readonly ChannelKind Chat = new("chat", "チャット", 1, "online");

    /// <summary>SNS.</summary>
    public static readonly ChannelKind Sns = new("sns", "SNS", 2, "online");

    /// <summary>Webフォーム.</summary>
    public static readonly ChannelKind WebForm = new("webform", "Webフォーム", 4, "online");

    /// <summary>Webサイト.</summary>
    public static readonly ChannelKind Website = new("website", "Webサイト", 6, "online");

    /// <summary>Any other word in the Kind field.</summary>
    public static readonly ChannelKind Other = new("other", "", 7, "online");

    /// <summary>The kinds editors choose from, in the leaflet's order: what the API and the directory filter accept.</summary>
    public static IReadOnlyList<ChannelKind> Known { get; } = [InPerson, Phone, Email, Chat, Sns, WebForm, Website];

    /// <summary>Every kind, <see cref="Other"/> last.</summary>
    public static IReadOnlyList<ChannelKind> All { get; } = [.. Known, Other];

    /// <summary>The kind of a stored Kind value; <see cref="Other"/> for a word that is not one of the leaflet's.</summary>
    public static ChannelKind OfStored(string stored) => Known.FirstOrDefault(k => k.Stored == stored) ?? Other;

    /// <summary>The kind with <paramref name="key"/> (ignoring case); null when there is none.</summary>
    public static ChannelKind? ByKey(string key) => All.FirstOrDefault(k => string.Equals(k.Key, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The known kind named by an API or query-string value: its key (ignoring case) or, when
    /// <paramref name="acceptStored"/>, its stored word; null for anything else, <c>other</c> included, which names no
    /// kind an editor can choose.
    /// </summary>
    public static ChannelKind? Parse(string value, bool acceptStored = true) =>
        Known.FirstOrDefault(k => string.Equals(k.Key, value, StringComparison.OrdinalIgnoreCase))
            ?? (acceptStored ? Known.FirstOrDefault(k => k.Stored == value) : null);
}
