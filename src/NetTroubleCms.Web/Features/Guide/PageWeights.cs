using System.Text;
using NetTroubleCms.Web.Features.Api;

namespace NetTroubleCms.Web.Features.Guide;

/// <summary>
/// Estimates, from the texts alone, how many bytes a node or an agency adds to a chart page, a directory page or a guide
/// answer, so lists are cut into pages before anything is rendered or mapped. The constants are the theme's and the
/// API's fixed markup per element, rounded up; the tests and <c>bench/scale.sh</c> compare them with real pages.
/// </summary>
public static class PageWeights
{
    /// <summary>Bytes of a text as the theme writes it (ruby marks become markup; English pages mark Japanese runs).</summary>
    public static int Html(string? text, bool english) =>
        string.IsNullOrEmpty(text) ? 0 : Encoding.UTF8.GetByteCount(RubyText.ToHtml(text, english));

    /// <summary>Bytes of a text inside a JSON string (the API's relaxed escaping writes Japanese and markup characters as they are).</summary>
    public static int Json(string? text)
    {
        if (text is null)
        {
            return 4; // null
        }

        var bytes = 2;
        foreach (var c in text)
        {
            bytes += c switch
            {
                '"' or '\\' => 2,
                < ' ' => 6,
                < '\u0080' => 1,
                < '\u0800' => 2,
                _ => 3,
            };
        }

        return bytes;
    }

    /// <summary>One node of the chart tree with its arrow to agencies (TreeNode.liquid).</summary>
    public static int ChartNode(NodeView node, bool english)
    {
        var bytes = 110 + Url(node.Url) + 33 + Html(node.Title, english);
        if (node.Agencies.Count > 0)
        {
            bytes += 210 + (node.ArrowLabel is null ? 0 : 45 + Html(node.ArrowLabel, english));
            foreach (var agency in node.Agencies)
            {
                bytes += 30 + Url(agency.Url) + Html(agency.Title, english)
                    + (agency.Badge is null ? 0 : 35 + Html(agency.Badge, english))
                    + (agency.IsLocal ? 45 : 0);
            }
        }

        return bytes + (node.Children.Count > 0 ? 15 : 0);
    }

    /// <summary>One agency card (Content-Agency.Summary.liquid); <paramref name="description"/> is the description's share.</summary>
    public static int Card(AgencyView agency, bool english, int? description = null)
    {
        var bytes = 260 + (2 * agency.Id.Length) + Html(agency.Title, english)
            + (agency.Operator is null ? 0 : 30 + Html(agency.Operator, english))
            + (agency.Badge is null ? 0 : 30 + Html(agency.Badge, english))
            + (agency.Tagline is null ? 0 : 30 + Html(agency.Tagline, english))
            + (agency.Description is null ? 0 : 20 + (description ?? Html(agency.Description, english)))
            + (agency.Note is null ? 0 : 20 + Html(agency.Note, english))
            + (agency.IsLocal ? 40 : 0)
            + (agency.Url is null ? 0 : 110 + Url(agency.Url) + Html(RubyText.Plain(agency.Title), false));
        foreach (var channel in agency.Channels)
        {
            bytes += 180 + Url(channel.Href) + Html(channel.Label ?? channel.Display, english)
                + (channel.IsNaviDial ? 400 : 0)
                + (channel.Hours is null ? 0 : 40 + Html(channel.Hours, english))
                + (channel.Notes is null ? 0 : 30 + Html(channel.Notes, english));
        }

        return bytes;
    }

    /// <summary>One node of a guide answer without its agencies (GuideTreeNodeResponse, or NodeResponse of the whole guide).</summary>
    public static int JsonNode(NodeView node) =>
        280 + Json(node.Id) + Json(node.Title) + Json(node.Path) + Json(node.ArrowLabel) + Json(node.Note) + Json(node.Culture)
        + ((node.Children.Count + node.Agencies.Count) * 30);

    /// <summary>One agency with its channels (AgencyResponse).</summary>
    public static int JsonAgency(AgencyView agency)
    {
        var bytes = 250 + Json(agency.Id) + Json(agency.Title) + Json(agency.Operator) + Json(agency.Badge) + Json(agency.Tagline)
            + Json(agency.Description) + Json(agency.Note) + Json(agency.WebsiteUrl) + Json(agency.WebsiteText) + Json(agency.Path)
            + Json(agency.Culture) + Json(agency.LocalizationSet);
        foreach (var channel in agency.Channels)
        {
            // The channel's own id is not on the view: counted as a 26-character id.
            bytes += 210 + 28 + Json(agency.Id) + Json(agency.Title) + Json(channel.Kind) + Json(channel.KindKey) + Json(channel.Value)
                + Json(channel.Label) + Json(channel.Hours) + Json(channel.Notes) + Json(channel.Href) + Json(channel.SourceUrl)
                + Json(channel.LastVerified) + Json(agency.Culture);
        }

        return bytes;
    }

    /// <summary>One channel of the flat channel list (ChannelResponse), the same fields as inside an agency.</summary>
    public static long JsonChannel(ChannelResponse channel) =>
        210 + Json(channel.Id) + Json(channel.AgencyId) + Json(channel.AgencyTitle) + Json(channel.Kind) + Json(channel.KindKey)
        + Json(channel.Value) + Json(channel.Label) + Json(channel.Hours) + Json(channel.Notes) + Json(channel.Href)
        + Json(channel.SourceUrl) + Json(channel.LastVerified) + Json(channel.Culture);

    /// <summary>One node of the flat node list (NodeResponse without children) with its agencies resolved in place.</summary>
    public static long JsonFlatNode(NodeView node, Func<AgencyView, int> agency) =>
        JsonNode(node) + node.Agencies.Sum(agency);

    private static int Url(string? url) => url is null ? 0 : Encoding.UTF8.GetByteCount(url);
}
