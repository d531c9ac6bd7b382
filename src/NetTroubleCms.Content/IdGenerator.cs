namespace NetTroubleCms.Content;

/// <summary>
/// 26-character lower-case ids from a random GUID, in the base32 alphabet Orchard uses
/// (digits and letters without i, l, o and u, so ids are easy to read aloud and never spell words).
/// </summary>
public static class IdGenerator
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    /// <summary>A new id.</summary>
    public static string NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        Guid.NewGuid().TryWriteBytes(bytes);
        Span<char> chars = stackalloc char[26];
        var buffer = new UInt128(BitConverter.ToUInt64(bytes[8..]), BitConverter.ToUInt64(bytes[..8]));
        // 128 bits in 26 groups of 5 bits: the top group has only 3 bits, which keeps the first char in 0-7.
        for (var i = 25; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(buffer & 31)];
            buffer >>= 5;
        }

        return new string(chars);
    }

    /// <summary>True when <paramref name="id"/> looks like an id we or Orchard generate.</summary>
    public static bool IsValid(string? id) => id is { Length: 26 } && id.All(c => Alphabet.Contains(c, StringComparison.Ordinal));
}
