using System.Collections.Concurrent;
using NetTroubleCms.Content.Management;
using NetTroubleCms.Content.Recipes;
using NetTroubleCms.Content.Resources;

namespace NetTroubleCms.Content.Editions;

/// <summary>
/// Work a base import prepared for its last step: the new base, the conflicts and the items to remove. Held in the
/// request's scope rather than written into the recipe, so a hand-written recipe cannot forge it and the stored base
/// is never run through the recipe's expressions.
/// </summary>
public sealed class PendingEditions
{
    private readonly ConcurrentDictionary<string, PendingEdition> _pending = new(StringComparer.Ordinal);

    internal void Add(string token, PendingEdition edition) => _pending[token] = edition;

    internal bool TryTake(string token, out PendingEdition? edition) => _pending.TryRemove(token, out edition);

    internal void Forget(string token) => _pending.TryRemove(token, out _);
}

internal sealed record PendingEdition(BaseEdition Base, EditionConflictList Conflicts, IReadOnlyList<string> Removals);

/// <summary>
/// The step a base import appends to the merged recipe: removes what the base dropped and saves the new base and the
/// conflicts, inside the import's transaction, so a failed import leaves the old base and conflicts in place.
/// </summary>
public sealed class EditionRecipeStep(PendingEditions pending, EditionStore documents, ContentManager contentManager, Snapshot.PublishedStamp stamp) : IRecipeStep
{
    /// <summary>The step's name.</summary>
    public const string StepName = "NetTroubleCmsBaseEdition";

    /// <inheritdoc />
    public IReadOnlyCollection<string> Names { get; } = [StepName];

    /// <inheritdoc />
    public async Task<string> ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        if (context.Step["token"]?.ToString() is not { } token || !pending.TryTake(token, out var edition) || edition is null)
        {
            throw new RecipeException(EngineText.T("この手順は基本ガイドの取り込みだけが使います。"));
        }

        foreach (var id in edition.Removals)
        {
            var removed = await contentManager.RemoveAsync(id, cancellationToken);
            if (!removed.Succeeded)
            {
                throw new RecipeException(removed.Errors[0].Message, contentItemId: id);
            }
        }

        await documents.SaveBaseAsync(edition.Base, cancellationToken);
        await documents.SaveConflictsAsync(edition.Conflicts, cancellationToken);
        // Which entries are local is part of what the public sees, even when no item changed.
        await stamp.BumpAsync(cancellationToken);
        return EngineText.T("基本ガイド「{0}」を保存（削除 {1}、要確認 {2}）", edition.Base.Name, edition.Removals.Count, edition.Conflicts.Conflicts.Count);
    }
}
