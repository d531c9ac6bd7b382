namespace NetTroubleCms.Content.Tests;

public sealed class IdGeneratorTests
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    [Fact]
    public void New_ids_are_26_characters_of_orchards_alphabet()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => IdGenerator.NewId()).ToList();

        Assert.All(ids, id =>
        {
            Assert.Equal(26, id.Length);
            Assert.All(id, c => Assert.Contains(c, Alphabet));
            Assert.True(IdGenerator.IsValid(id));
        });
        Assert.DoesNotContain(ids.SelectMany(id => id), c => c is 'i' or 'l' or 'o' or 'u');
    }

    [Fact]
    public void Ten_thousand_new_ids_are_all_different()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => IdGenerator.NewId()).ToList();

        var distinct = ids.ToHashSet(StringComparer.Ordinal);

        Assert.Equal(10_000, distinct.Count);
    }

    [Theory]
    [InlineData("4f0k9xq2m7tz8vb1r6ndc3wyha", true)]
    [InlineData("4f0k9xq2m7tz8vb1r6ndc3wyhu", false)]
    [InlineData("4F0K9XQ2M7TZ8VB1R6NDC3WYHA", false)]
    [InlineData("4f0k9xq2m7tz8vb1r6ndc3wyh", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsValid_accepts_only_lower_case_26_character_ids(string? id, bool expected)
    {
        var valid = IdGenerator.IsValid(id);

        Assert.Equal(expected, valid);
    }
}
