namespace NetTroubleCms.Web.Features.Admin.Editors;

/// <summary>The remove / up / down buttons that ordered lists in the admin share (bag items, pickers, tree children).</summary>
public static class ListEdits
{
    /// <summary>Applies <paramref name="verb"/> (<c>remove</c>, <c>up</c>, <c>down</c>) to the entry at <paramref name="index"/>; anything else is ignored.</summary>
    public static void Apply<T>(IList<T> list, string verb, int index)
    {
        if (index < 0 || index >= list.Count)
        {
            return;
        }

        var entry = list[index];
        switch (verb)
        {
            case "remove":
                list.RemoveAt(index);
                break;
            case "up" when index > 0:
                list.RemoveAt(index);
                list.Insert(index - 1, entry);
                break;
            case "down" when index < list.Count - 1:
                list.RemoveAt(index);
                list.Insert(index + 1, entry);
                break;
        }
    }
}
