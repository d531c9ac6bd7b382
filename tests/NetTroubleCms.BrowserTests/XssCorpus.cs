using System.Text.Json.Nodes;
using NetTroubleCms.Content.Fields;
using NetTroubleCms.Content.Metadata;

namespace NetTroubleCms.BrowserTests;

/// <summary>
/// Classic cross-site scripting payloads and the editable text of a site's content, found from its content
/// definitions. Every payload that could run sets <c>window.__xss</c> (or opens a dialog) to its own id, so a test
/// tells which one got through; the others are caught by what they leave in the DOM (see <see cref="DomProbe"/>).
/// </summary>
public static class XssCorpus
{
    /// <summary>The payloads; each id (P01…) is in its text.</summary>
    public static readonly IReadOnlyList<string> Payloads =
    [
        "<script>window.__xss='P01'</script>",
        "\"><img src=x onerror=\"window.__xss='P02'\">",
        "'><img src=x onerror='window.__xss=\"P03\"'>",
        "<svg onload=\"window.__xss='P04'\">",
        "<svg><script>window.__xss='P05'</script></svg>",
        "</style><script>window.__xss='P06'</script>",
        "</title><script>window.__xss='P07'</script>",
        "</textarea><script>window.__xss='P08'</script>",
        "javascript:window.__xss='P09'",
        " JaVaScRiPt:alert('P10')",
        "java\tscript:alert('P11')",
        "data:text/html,<script>alert('P12')</script>",
        "{{ \"P13\" | append: \"-liquid-ran\" }}",
        "{% assign p14 = \"P14\" | append: \"-liquid-ran\" %}{{ p14 }}",
        "\" autofocus onfocus=\"window.__xss='P15'\" x=\"",
        "' autofocus onfocus='window.__xss=\"P16\"' x='",
        "<iframe srcdoc=\"<script>parent.__xss='P17'</script>\"></iframe>",
        "<details open ontoggle=\"window.__xss='P18'\"><summary>x</summary></details>",
        "<body onload=\"window.__xss='P19'\">",
        "＜script＞window.__xss='P20'＜/script＞",
        "&lt;script&gt;window.__xss='P21'&lt;/script&gt;",
        "%3Cscript%3Ewindow.__xss='P22'%3C/script%3E",
        "<a href=\"javascript:window.__xss='P23'\">P23</a>",
        "<math><mtext><table><mglyph><style><img src=x onerror=\"window.__xss='P24'\">",
        "\u2028\u2029</script><script>window.__xss='P25'</script>",
        "<!--<img src=\"--><img src=x onerror=\"window.__xss='P26'\">",
        "<noscript><p title=\"</noscript><img src=x onerror=window.__xss='P27'>\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('P28')\">",
        "<base href=\"javascript:alert('P29')//\">",
        "<input autofocus onfocus=\"window.__xss='P30'\">",
        "<style>*{background:url(\"javascript:alert('P31')\")}</style>",
        "\\\"};window.__xss='P32';//",
        "${alert('P33')}#{alert('P33')}",
        "<img src=x onerror=&#119;indow.__xss=&#39;P34&#39;>",
    ];

    /// <summary>The text written into one text property: payload <paramref name="lead"/> first (URLs start with it), then all of them.</summary>
    public static string Text(int lead) =>
        Payloads[lead % Payloads.Count] + " " + string.Join(" ", Payloads.Where((_, i) => i != lead % Payloads.Count));

    /// <summary>
    /// Init script for every page: records payload execution and CSP violations where the test can read them.
    /// It runs in every frame before the page's own scripts; a payload in a child frame writes to its parent too.
    /// </summary>
    public const string InitScript = """
        (() => {
          const hits = [];
          const violations = [];
          Object.defineProperty(window, '__xssHits', { value: hits });
          Object.defineProperty(window, '__cspViolations', { value: violations });
          Object.defineProperty(window, '__xss', { set(v) { hits.push(String(v)); }, get() { return hits[0]; } });
          document.addEventListener('securitypolicyviolation', e =>
            violations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber} ${e.sample || ''}`));
        })();
        """;

    /// <summary>
    /// Finds payloads that reached the DOM as markup without running (an event handler on an element, a
    /// <c>javascript:</c> link, an injected frame, meta refresh or base, Liquid evaluated on content). Returns what it
    /// found, empty when the page is clean.
    /// </summary>
    public const string DomProbe = """
        () => {
          const found = [];
          for (const el of document.querySelectorAll('*')) {
            for (const a of el.attributes) {
              const name = a.name.toLowerCase();
              const value = a.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
              if (name.startsWith('on')) found.push(`${el.tagName} ${name}=${a.value.slice(0, 60)}`);
              if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(name)
                  && (value.startsWith('javascript:') || value.startsWith('data:text/html'))) found.push(`${el.tagName} ${name}=${a.value.slice(0, 60)}`);
              if (name === 'srcdoc') found.push(`${el.tagName} srcdoc`);
            }
          }
          for (const el of document.querySelectorAll('meta[http-equiv=refresh i], base, iframe, frame, object, embed')) found.push(el.outerHTML.slice(0, 80));
          for (const s of document.querySelectorAll('script:not([type="application/ld+json"])')) {
            if ((s.textContent || '').includes('__xss') || (s.src || '').includes('__xss')) found.push('script ' + s.textContent.slice(0, 60));
          }
          for (const s of document.querySelectorAll('script[type="application/ld+json"]')) {
            try { JSON.parse(s.textContent); } catch { found.push('JSON-LD broken: ' + s.textContent.slice(0, 60)); }
          }
          const text = document.body ? document.body.innerText : '';
          if (text.includes('P13-liquid-ran') || text.includes('P14-liquid-ran')) found.push('Liquid in content was evaluated');
          return found;
        }
        """;

    /// <summary>One editable text property: where it sits in an item of <paramref name="Type"/>.</summary>
    public sealed record TextProperty(string Type, string Part, string? Field, string Property, FieldValueKind Kind)
    {
        /// <inheritdoc />
        public override string ToString() => Field is null ? $"{Type}.{Part}.{Property}" : $"{Type}.{Part}.{Field}.{Property}";
    }

    /// <summary>
    /// The editable text properties of <paramref name="type"/> (and of the types its bags contain), from the
    /// definitions: every text or text-list property of every field, except those that hold ids or media paths,
    /// plus TitlePart's title. A field added to a definition is covered without changing the test.
    /// </summary>
    public static IEnumerable<TextProperty> TextProperties(ContentDefinitionDocument defs, FieldTypes fieldTypes, string type)
    {
        var definition = defs.GetType(type);
        foreach (var attachment in definition?.ContentTypePartDefinitionRecords ?? [])
        {
            if (attachment.PartName == "TitlePart")
            {
                // The one part with a text of its own; Autoroute paths are addresses, not text, and moving them would
                // move the pages the test opens.
                yield return new TextProperty(type, attachment.Name, null, "Title", FieldValueKind.Text);
            }

            foreach (var field in defs.GetPart(attachment.PartName)?.ContentPartFieldDefinitionRecords ?? [])
            {
                var fieldType = fieldTypes.Get(field.FieldName);
                if (fieldType is PickerFieldType)
                {
                    continue;
                }

                foreach (var property in fieldType.Properties)
                {
                    if (property.Kind is FieldValueKind.Text or FieldValueKind.TextList
                        && !property.Name.EndsWith("Id", StringComparison.Ordinal) && !property.Name.EndsWith("Ids", StringComparison.Ordinal)
                        && property.Name != "Paths")
                    {
                        yield return new TextProperty(type, attachment.Name, field.Name, property.Name, property.Kind);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Writes the corpus into every editable text property of <paramref name="item"/> (recursing into bags) and
    /// returns how many values were written; <paramref name="seen"/> collects the properties met.
    /// </summary>
    public static int Fill(JsonObject item, ContentDefinitionDocument defs, FieldTypes fieldTypes, ISet<string> seen, ref int counter)
    {
        var type = item["ContentType"]?.GetValue<string>() ?? "";
        var written = 0;
        foreach (var property in TextProperties(defs, fieldTypes, type))
        {
            seen.Add(property.ToString());
            var part = item[property.Part] as JsonObject ?? (JsonObject)(item[property.Part] = new JsonObject());
            var holder = part;
            if (property.Field is not null)
            {
                holder = part[property.Field] as JsonObject ?? (JsonObject)(part[property.Field] = new JsonObject());
            }

            holder[property.Property] = property.Kind == FieldValueKind.TextList
                ? new JsonArray([.. Payloads.Select(p => (JsonNode?)JsonValue.Create(p))])
                : Text(counter);
            counter++;
            written++;
        }

        foreach (var attachment in defs.GetType(type)?.ContentTypePartDefinitionRecords ?? [])
        {
            if (attachment.PartName == "BagPart" && item[attachment.Name]?["ContentItems"] is JsonArray contained)
            {
                foreach (var child in contained.OfType<JsonObject>())
                {
                    written += Fill(child, defs, fieldTypes, seen, ref counter);
                }
            }
        }

        return written;
    }
}
