using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using NetTroubleCms.Content.Fields;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Metadata;
using NetTroubleCms.Content.Tests.Infrastructure;

namespace NetTroubleCms.Content.Tests;

/// <summary>Each field type class on its own: the shapes and rules it checks, and how it reads editor input.</summary>
public sealed partial class FieldTypeTests
{
    private const string Required = """{ "{type}Settings": { "Required": true } }""";

    [GeneratedRegex(@"[\p{IsHiragana}\p{IsKatakana}\p{IsCJKUnifiedIdeographs}]")]
    private static partial Regex Japanese();

    /// <summary>Field type, field settings, value JSON, and the expected message (part of it), or null when valid.</summary>
    public static TheoryData<string, string, string, string?> Checks => new()
    {
        { "TextField", "{}", """{ "Text": "a" }""", null },
        { "TextField", "{}", """{ "Text": 5 }""", "Text は文字列でなければなりません" },
        { "TextField", Required, """{ "Text": "  " }""", "入力してください" },
        { "TextField", Required, "{}", "入力してください" },
        {
            "TextField",
            """{ "ContentPartFieldSettings": { "Editor": "PredefinedList" }, "TextFieldPredefinedListEditorSettings": { "Options": [ { "name": "北", "value": "north" } ] } }""",
            """{ "Text": "south" }""", "選択肢の中から選んでください"
        },
        {
            "TextField",
            """{ "ContentPartFieldSettings": { "Editor": "PredefinedList" }, "TextFieldPredefinedListEditorSettings": { "Options": [ { "name": "北", "value": "north" } ] } }""",
            """{ "Text": "north" }""", null
        },
        { "HtmlField", "{}", """{ "Html": 1 }""", "Html は文字列でなければなりません" },
        { "HtmlField", Required, """{ "Html": "" }""", "入力してください" },
        { "MarkdownField", "{}", """{ "Markdown": [] }""", "Markdown は文字列でなければなりません" },
        { "MarkdownField", Required, """{ "Markdown": "# 見出し" }""", null },
        { "NumericField", "{}", """{ "Value": "7" }""", "Value は数値でなければなりません" },
        { "NumericField", """{ "NumericFieldSettings": { "Minimum": 0, "Maximum": 10 } }""", """{ "Value": -1 }""", "0 以上の値を入力してください" },
        { "NumericField", """{ "NumericFieldSettings": { "Minimum": 0, "Maximum": 10 } }""", """{ "Value": 10.5 }""", "10 以下の値を入力してください" },
        { "NumericField", """{ "NumericFieldSettings": { "Minimum": 0, "Maximum": 10 } }""", """{ "Value": 10 }""", null },
        { "NumericField", Required, """{ "Value": null }""", "数値を入力してください" },
        { "BooleanField", "{}", """{ "Value": "yes" }""", "Value は true か false でなければなりません" },
        { "BooleanField", "{}", """{ "Value": false }""", null },
        { "DateField", "{}", """{ "Value": 3 }""", "Value は日時文字列でなければなりません" },
        { "DateField", "{}", """{ "Value": "tomorrow" }""", "Value は ISO-8601 の日時でなければなりません" },
        { "DateField", Required, """{ "Value": "" }""", "日時を入力してください" },
        { "DateTimeField", "{}", """{ "Value": "2025-04-01T09:00:00Z" }""", null },
        { "DateTimeField", Required, "{}", "日時を入力してください" },
        { "TimeField", "{}", """{ "Value": "09:30:00" }""", null },
        { "TimeField", "{}", """{ "Value": "half past nine" }""", "ISO-8601" },
        { "LinkField", "{}", """{ "Url": "javascript:alert(1)" }""", "URL の形式が正しくありません" },
        { "LinkField", "{}", """{ "Url": "/agencies/a", "Text": 1 }""", "Text は文字列でなければなりません" },
        { "LinkField", Required, """{ "Text": "リンク" }""", "URL を入力してください" },
        { "LinkField", "{}", """{ "Url": "https://example.org/", "Text": "例", "Target": "_blank" }""", null },
        { "ContentPickerField", "{}", """{ "ContentItemIds": "a" }""", "ContentItemIds は文字列の配列でなければなりません" },
        { "ContentPickerField", Required, """{ "ContentItemIds": [] }""", "1 件以上選んでください" },
        { "ContentPickerField", "{}", """{ "ContentItemIds": [ "a", "b" ] }""", "1 件だけ選んでください" },
        { "ContentPickerField", """{ "ContentPickerFieldSettings": { "Multiple": true } }""", """{ "ContentItemIds": [ "a", "b" ] }""", null },
        { "LocalizationSetContentPickerField", "{}", """{ "LocalizationSets": [ 1 ] }""", "LocalizationSets は文字列の配列でなければなりません" },
        { "LocalizationSetContentPickerField", Required, "{}", "1 件以上選んでください" },
        { "MultiTextField", "{}", """{ "Values": [ "a", 2 ] }""", "Values は文字列の配列でなければなりません" },
        { "MultiTextField", "{}", """{ "Values": [ "a", "b" ] }""", null },
        { "MediaField", "{}", """{ "Paths": "a.jpg" }""", "Paths は文字列の配列でなければなりません" },
        { "MediaField", "{}", """{ "Paths": [ "a.jpg" ], "MediaTexts": [ "代替テキスト" ], "Anchors": [ { "X": 0.5 } ] }""", null },
        { "UserPickerField", "{}", """{ "UserIds": [ 1 ] }""", "UserIds は文字列の配列でなければなりません" },
        { "TaxonomyField", "{}", """{ "TaxonomyContentItemId": 5 }""", "TaxonomyContentItemId は文字列でなければなりません" },
        { "TaxonomyField", "{}", """{ "TaxonomyContentItemId": "t", "TermContentItemIds": [ "a" ] }""", null },
        { "GeoPointField", "{}", """{ "Latitude": "not checked", "Anything": [ 1, { "x": null } ] }""", null },
    };

    [Theory]
    [MemberData(nameof(Checks))]
    public void Each_type_checks_its_shape_and_settings(string type, string settings, string value, string? expected)
    {
        var fieldType = FieldTypes.BuiltIn.Get(type);
        var field = Field(type, settings);

        var error = InJapanese(() => Check(fieldType, field, JsonNode.Parse(value)!.AsObject()));

        Assert.Equal(type, fieldType.Name);
        if (expected is null)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.NotNull(error);
            Assert.Contains(expected, error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Checks))]
    public void Each_message_has_an_english_translation(string type, string settings, string value, string? expected)
    {
        var error = InCulture("en", () => Check(FieldTypes.BuiltIn.Get(type), Field(type, settings), JsonNode.Parse(value)!.AsObject()));

        Assert.Equal(expected is null, error is null);
        if (error is not null)
        {
            Assert.DoesNotMatch(Japanese(), error);
        }
    }

    /// <summary>
    /// Field type, field settings, input as <c>key=value</c> lines (the field's key is <c>F</c>), the current value or
    /// "" for none, and the expected stored JSON ("" to leave the field as it was) or, after <c>!</c>, part of the error.
    /// </summary>
    public static TheoryData<string, string, string, string, string> Bindings => new()
    {
        { "TextField", "{}", "F=こんにちは", "", """{"Text":"こんにちは"}""" },
        { "TextField", "{}", "", "", "" },
        { "TextField", "{}", "F=", """{"Text":"old"}""", """{"Text":null}""" },
        { "HtmlField", "{}", "F=<p>本文</p>", "", """{"Html":"<p>本文</p>"}""" },
        { "MarkdownField", "{}", "F=# 見出し", "", """{"Markdown":"# 見出し"}""" },
        { "MarkdownField", "{}", "", "", "" },
        { "NumericField", "{}", "F=１２.５", "", """{"Value":12.5}""" },
        { "NumericField", "{}", "F=", """{"Value":3}""", """{"Value":null}""" },
        { "NumericField", "{}", "F=たくさん", "", "!数値を入力してください" },
        { "BooleanField", "{}", "F=true", "", """{"Value":true}""" },
        { "BooleanField", "{}", "", """{"Value":true}""", """{"Value":false}""" },
        { "DateTimeField", "{}", "F=2025-04-01T09:00", "", """{"Value":"2025-04-01T00:00:00Z"}""" },
        { "DateTimeField", "{}", "F=来週", "", "!日時の形式が正しくありません" },
        { "DateField", "{}", "F=2025-04-01T09:00", "", """{"Value":"2025-04-01T00:00:00Z"}""" },
        { "TimeField", "{}", "F=09:30", "", "" },
        { "LinkField", "{}", "F.Url= https://example.org/ \nF.Text=例", """{"Url":"/old","Target":"_blank"}""", """{"Url":"https://example.org/","Target":"_blank","Text":"例"}""" },
        { "LinkField", "{}", "F.Url=\nF.Text=", "", "" },
        { "ContentPickerField", "{}", "F=a\nF=b\nF.Add=三番目", "", """{"ContentItemIds":["a","b","c"]}""" },
        { "ContentPickerField", "{}", "F=a\nF.Add=ない項目", "", "!「ない項目」は見つかりません" },
        { "LocalizationSetContentPickerField", "{}", "F=set1", "", """{"LocalizationSets":["set1"]}""" },
        { "MultiTextField", "{}", "F=一\n", "", """{"Values":["一"]}""" },
        { "MultiTextField", """{ "MultiTextFieldSettings": { "Options": [ { "name": "A", "value": "a" }, { "name": "B", "value": "b" } ] } }""", "F=a\nF=b", "", """{"Values":["a","b"]}""" },
        { "MediaField", "{}", "F=x", """{"Paths":["a.jpg"]}""", "" },
        { "MediaField", "{}", "F.Count=2\nF.Paths[0]=a.jpg\nF.Keep[0]=true\nF.Texts[0]=代替\nF.Paths[1]=b.jpg\nF.Add=c/d.png", """{"Paths":["a.jpg","b.jpg"],"MediaTexts":["",""]}""", """{"Paths":["a.jpg","c/d.png"],"MediaTexts":["代替",""]}""" },
        { "MediaField", """{ "MediaFieldSettings": { "Multiple": false } }""", "F.Count=1\nF.Paths[0]=a.jpg\nF.Keep[0]=true\nF.Add=b.jpg", """{"Paths":["a.jpg"]}""", """{"Paths":["b.jpg"],"MediaTexts":[""]}""" },
        { "UserPickerField", "{}", "F=x", "", "" },
        { "TaxonomyField", "{}", "F=x", "", "" },
        { "GeoPointField", "{}", "F=x", """{"Latitude":35.68}""", "" },
    };

    [Theory]
    [MemberData(nameof(Bindings))]
    public void Each_type_binds_editor_input(string type, string settings, string input, string current, string expected)
    {
        var fieldType = FieldTypes.BuiltIn.Get(type);
        var context = new FieldBindContext
        {
            Field = Field(type, settings),
            Key = "F",
            Input = Input(input),
            Current = current.Length == 0 ? null : JsonNode.Parse(current)!.AsObject(),
            TimeZone = TimeZoneInfo.CreateCustomTimeZone("JST", TimeSpan.FromHours(9), "JST", "JST"),
            FindItem = typed => typed == "三番目" ? "c" : null,
        };

        var bound = InJapanese(() => fieldType.Bind(context));

        if (expected.StartsWith('!'))
        {
            Assert.NotNull(context.Error);
            Assert.Contains(expected[1..], context.Error, StringComparison.Ordinal);
            Assert.StartsWith("F: ", context.Error, StringComparison.Ordinal);
            Assert.NotEmpty(context.Raw);
        }
        else
        {
            Assert.Null(context.Error);
            var actual = bound?.ToJsonString(ContentJson.Compact);
            Assert.True(
                expected.Length == 0 ? bound is null : bound is not null && JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual!)),
                $"expected {expected}, bound {actual ?? "nothing"}");
        }

        // A type binds exactly when it offers an editor: a template without binding would lose what editors type.
        Assert.Equal(fieldType.EditorTemplate(context.Field) is not null, type is not ("TimeField" or "UserPickerField" or "TaxonomyField" or "GeoPointField"));
    }

    [Fact]
    public void The_registry_knows_every_built_in_type_and_gives_unknown_names_the_fallback()
    {
        var types = FieldTypes.BuiltIn;

        Assert.Equal(15, types.All.Count());
        Assert.All(types.All, t => Assert.Same(t, types.Get(t.Name)));
        Assert.False(types.IsKnown("GeoPointField"));
        Assert.IsType<UnknownFieldType>(types.Get("GeoPointField"));
        Assert.Equal("GeoPointField", types.Get("GeoPointField").Name);
    }

    [Fact]
    public void An_apps_type_replaces_the_engines_of_the_same_name_whatever_the_order()
    {
        var app = new ShoutingTextField();

        var before = new FieldTypes([app, .. FieldTypes.CreateBuiltIn()]);
        var after = new FieldTypes([.. FieldTypes.CreateBuiltIn(), app]);

        Assert.Same(app, before.Get("TextField"));
        Assert.Same(app, after.Get("TextField"));
    }

    [Fact]
    public async Task A_field_type_the_app_registers_is_checked_on_save()
    {
        await using var engine = await TestEngine.CreateAsync(services: s => s.AddSingleton<ContentFieldType, PostcodeFieldType>());
        await engine.ImportAsync(PostcodeRecipe);

        ContentResult bad, good;
        await using (var s = engine.Scope())
        {
            bad = await s.Content.CreateAsync(Office(s.Content, "東京都千代田区"), publish: true);
            good = await s.Content.CreateAsync(Office(s.Content, "100-0001"), publish: true);
        }

        var error = Assert.Single(bad.Errors);
        Assert.Equal("Office.Postcode", error.Member);
        Assert.Equal("郵便番号: 123-4567 の形で入力してください。", error.Message);
        Assert.True(good.Succeeded, VersioningTests.Describe(good));
    }

    [Fact]
    public async Task A_field_of_an_unknown_type_round_trips_through_import_editing_and_export_unchanged()
    {
        // Number spellings (1.50, 1e3), escapes and nesting a re-serializer could change.
        const string venue = """{"Latitude":35.681236,"Longitude":139.767125,"Zoom":1.50,"Scale":1e3,"Label":"東京駅 \u0026 \"丸の内\"","Extra":[1,{"a":null,"b":[]}],"Empty":{}}""";
        await using var engine = await TestEngine.CreateAsync();
        await engine.ImportAsync(PostcodeRecipe);
        await engine.ImportAsync(OfficeContent(venue));
        var imported = Venue(await engine.ExportAsync());

        // Saved again on the editor path, where field rules and normalising run.
        await using (var s = engine.Scope())
        {
            var item = (await s.Content.GetAsync(OfficeId, Storage.VersionFilter.Latest))!;
            item.Part("Office")!["Postcode"] = new JsonObject { ["Text"] = "100-0005" };
            var saved = await s.Content.SaveAndPublishAsync(item);
            Assert.True(saved.Succeeded, VersioningTests.Describe(saved));
        }

        var edited = Venue(await engine.ExportAsync());

        Assert.Equal(Compact(venue), imported);
        Assert.Equal(Compact(venue), edited);
        Assert.Contains("1.50", edited, StringComparison.Ordinal);
        Assert.Contains("1e3", edited, StringComparison.Ordinal);
    }

    private const string OfficeId = "4k9w2m7tz8vb1r6ndc3wyhaq0p";

    private const string PostcodeRecipe = """
    {
      "name": "office-definition",
      "steps": [
        {
          "name": "ContentDefinition",
          "ContentTypes": [
            {
              "Name": "Office", "DisplayName": "事務所",
              "Settings": { "ContentTypeSettings": { "Creatable": true, "Listable": true, "Draftable": true, "Versionable": true } },
              "ContentTypePartDefinitionRecords": [ { "PartName": "Office", "Name": "Office", "Settings": {} } ]
            }
          ],
          "ContentParts": [
            {
              "Name": "Office", "Settings": {},
              "ContentPartFieldDefinitionRecords": [
                { "FieldName": "PostcodeField", "Name": "Postcode", "Settings": { "ContentPartFieldSettings": { "DisplayName": "郵便番号" } } },
                { "FieldName": "GeoPointField", "Name": "Venue", "Settings": { "ContentPartFieldSettings": { "DisplayName": "会場" } } }
              ]
            }
          ]
        }
      ]
    }
    """;

    private static string OfficeContent(string venue) => $$"""
    {
      "name": "office-content",
      "steps": [
        {
          "name": "Content",
          "data": [
            {
              "ContentItemId": "{{OfficeId}}", "ContentItemVersionId": "4p3s1h9kq0ev7w2zt5xbm8cnr1",
              "ContentType": "Office", "DisplayText": "本部", "Latest": true, "Published": true,
              "ModifiedUtc": "2025-03-01T10:00:00Z", "PublishedUtc": "2025-03-01T10:00:00Z", "CreatedUtc": "2025-03-01T10:00:00Z",
              "Office": { "Postcode": { "Text": "100-0001" }, "Venue": {{venue}} }
            }
          ]
        }
      ]
    }
    """;

    private static ContentItem Office(ContentManager content, string postcode)
    {
        var item = content.New("Office");
        item.GetOrCreatePart("Office")["Postcode"] = new JsonObject { ["Text"] = postcode };
        return item;
    }

    private static string Venue(JsonObject export) =>
        export.Step("Content")["data"]![0]!["Office"]!["Venue"]!.ToJsonString(ContentJson.Compact);

    private static string Compact(string json) => JsonNode.Parse(json)!.ToJsonString(ContentJson.Compact);

    private static ContentPartFieldDefinitionRecord Field(string type, string settings) => new()
    {
        FieldName = type,
        Name = "F",
        Settings = JsonNode.Parse(settings.Replace("{type}", type, StringComparison.Ordinal))!.AsObject(),
    };

    private static string? Check(ContentFieldType type, ContentPartFieldDefinitionRecord field, JsonObject value) =>
        type.ValidateShape(value) ?? type.ValidateRules(field, value.Count == 0 ? null : value);

    private static FieldInput Input(string lines)
    {
        var values = lines.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('=', 2))
            .GroupBy(p => p[0], p => p[1])
            .ToDictionary(g => g.Key, g => g.ToArray());
        return FieldInput.From(values);
    }

    private static T InJapanese<T>(Func<T> action) => InCulture("ja", action);

    private static T InCulture<T>(string culture, Func<T> action)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            return action();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private sealed class ShoutingTextField : TextFieldType;

    /// <summary>A field type an app adds: a Japanese postcode as text.</summary>
    private sealed partial class PostcodeFieldType : ContentFieldType
    {
        public override string Name => "PostcodeField";

        public override IReadOnlyList<FieldProperty> Properties => [new("Text", FieldValueKind.Text)];

        public override string? ValidateRules(ContentPartFieldDefinitionRecord field, JsonObject? value) =>
            StringOf(value, "Text") is { } text && !Postcode().IsMatch(text) ? "123-4567 の形で入力してください。" : null;

        [GeneratedRegex(@"^\d{3}-\d{4}$")]
        private static partial Regex Postcode();
    }
}
