using System.Text.Json.Nodes;

namespace NetTroubleCms.Web.Tests.Editions;

/// <summary>
/// Sample regional layers and base updates built from the leaflet recipe. Every local desk is named （見本） and has an
/// obviously fake 0000 number: these are test fixtures, never facts.
/// </summary>
public static class EditionSamples
{
    public const string PoliceResultPath = "guide/trouble/consult/danger";
    public const string RemovedNodePath = "guide/trouble/consult/delete/human-rights";
    public const string RemovedNodeParentPath = "guide/trouble/consult/delete";
    public const string ChangedAgencyPath = "agencies/houterasu";
    public const string OldPhone = "0570-078374";
    public const string SamplePhone = "0000-11-2222";

    public const string LocalCyberDeskId = "4samp1e1oca1cyber000000001";
    public const string LocalCyberDeskSet = "4samp1e1oca1cyberset000001";
    public const string LocalCyberDeskTitle = "（見本）〇〇県警察 サイバー犯罪相談窓口";
    public const string LocalRightsDeskId = "4samp1e1oca1rights00000001";
    public const string LocalRightsDeskSet = "4samp1e1oca1rightsset00001";
    public const string NewBaseDeskId = "4samp1enewbasedesk00000001";
    public const string NewBaseDeskSet = "4samp1enewbasedeskset00001";

    /// <summary>The leaflet recipe, a fresh copy.</summary>
    public static JsonObject BaseV1() => (JsonObject)GuideSeed.Recipe.DeepClone();

    /// <summary>Every item of the recipe's Content steps.</summary>
    public static IEnumerable<JsonObject> Items(JsonObject recipe) =>
        recipe["steps"]!.AsArray().OfType<JsonObject>().Where(s => s["name"]!.ToString() == "Content")
            .SelectMany(s => s["data"]!.AsArray().OfType<JsonObject>());

    /// <summary>The item at a path.</summary>
    public static JsonObject ByPath(JsonObject recipe, string path) => Items(recipe).Single(i => i["AutoroutePart"]?["Path"]?.ToString() == path);

    public static string SetOf(JsonObject item) => item["LocalizationPart"]!["LocalizationSet"]!.ToString();

    /// <summary>A sample agency with one fake phone channel.</summary>
    public static JsonObject Agency(string id, string set, string title, string path, string phone) => new()
    {
        ["ContentItemId"] = id,
        ["ContentItemVersionId"] = id[..20] + "ver001",
        ["ContentType"] = "Agency",
        ["DisplayText"] = title,
        ["Latest"] = true,
        ["Published"] = true,
        ["TitlePart"] = new JsonObject { ["Title"] = title },
        ["Agency"] = new JsonObject
        {
            ["Description"] = new JsonObject { ["Text"] = "テスト用の見本です。実在の窓口ではありません。" },
            ["SortOrder"] = new JsonObject { ["Value"] = 90 },
        },
        ["Channels"] = new JsonObject
        {
            ["ContentItems"] = new JsonArray(new JsonObject
            {
                ["ContentItemId"] = id[..20] + "tel001",
                ["ContentType"] = "Channel",
                ["DisplayText"] = "電話 " + phone,
                ["Channel"] = new JsonObject { ["Kind"] = new JsonObject { ["Text"] = "電話" }, ["Value"] = new JsonObject { ["Text"] = phone } },
            }),
        },
        ["AutoroutePart"] = new JsonObject { ["Path"] = path },
        ["LocalizationPart"] = new JsonObject { ["LocalizationSet"] = set, ["Culture"] = "ja-JP" },
    };

    /// <summary>
    /// The region's layer as an editor would add it: two local desks, one under the police result and one under the
    /// human-rights result, which are changed to list them.
    /// </summary>
    public static JsonObject Layer(JsonObject baseRecipe)
    {
        var police = ByPath(baseRecipe, PoliceResultPath).DeepClone().AsObject();
        police["ContentItemVersionId"] = "4samp1e1oca1po1iceversion1";
        police["DecisionNode"]!["Agencies"]!["LocalizationSets"]!.AsArray().Add(LocalCyberDeskSet);
        var rights = ByPath(baseRecipe, RemovedNodePath).DeepClone().AsObject();
        rights["ContentItemVersionId"] = "4samp1e1oca1rightsversion1";
        rights["DecisionNode"]!["Agencies"]!["LocalizationSets"]!.AsArray().Add(LocalRightsDeskSet);
        return Recipe(
            Agency(LocalCyberDeskId, LocalCyberDeskSet, LocalCyberDeskTitle, "agencies/sample-local-cyber", "0000-00-0000"),
            Agency(LocalRightsDeskId, LocalRightsDeskSet, "（見本）〇〇県 人権相談窓口", "agencies/sample-local-rights", "0000-00-0001"),
            police,
            rights);
    }

    /// <summary>A newer base: a new (sample) agency, a changed phone, the human-rights result removed.</summary>
    public static JsonObject BaseV2()
    {
        var recipe = BaseV1();
        var houterasu = ByPath(recipe, ChangedAgencyPath);
        houterasu["ContentItemVersionId"] = "4samp1ebasev2houterasuver1";
        var phone = houterasu["Channels"]!["ContentItems"]!.AsArray().Single(c => c!["Channel"]!["Value"]!["Text"]!.ToString() == OldPhone)!;
        phone["Channel"]!["Value"]!["Text"] = SamplePhone;

        var removed = ByPath(recipe, RemovedNodePath);
        var removedSet = SetOf(removed);
        foreach (var step in recipe["steps"]!.AsArray().OfType<JsonObject>().Where(s => s["name"]!.ToString() == "Content"))
        {
            var data = step["data"]!.AsArray();
            foreach (var item in data.OfType<JsonObject>().Where(i => i["LocalizationPart"]?["LocalizationSet"]?.ToString() == removedSet).ToList())
            {
                data.Remove(item);
            }
        }

        var parent = ByPath(recipe, RemovedNodeParentPath);
        parent["ContentItemVersionId"] = "4samp1ebasev2deleteversion";
        var children = parent["DecisionNode"]!["Children"]!["LocalizationSets"]!.AsArray();
        children.Remove(children.Single(c => c!.ToString() == removedSet));

        var unsure = ByPath(recipe, "guide/trouble/consult/unsure");
        unsure["ContentItemVersionId"] = "4samp1ebasev2unsureversion";
        unsure["DecisionNode"]!["Agencies"]!["LocalizationSets"]!.AsArray().Add(NewBaseDeskSet);
        var firstData = recipe["steps"]!.AsArray().OfType<JsonObject>().First(s => s["name"]!.ToString() == "Content")["data"]!.AsArray();
        firstData.Add(Agency(NewBaseDeskId, NewBaseDeskSet, "（見本）全国 新しい相談窓口", "agencies/sample-new-national", "0000-99-9999"));
        return recipe;
    }

    /// <summary>A recipe of one Content step.</summary>
    public static JsonObject Recipe(params JsonObject[] items) => new()
    {
        ["name"] = "sample-layer",
        ["steps"] = new JsonArray(new JsonObject { ["name"] = "Content", ["data"] = new JsonArray([.. items]) }),
    };
}
