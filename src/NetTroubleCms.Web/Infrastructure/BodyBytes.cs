using System.Buffers;

namespace NetTroubleCms.Web.Infrastructure;

/// <summary>
/// An immutable response body held as chunks of at most 64 KiB: a document of tens of megabytes (the HSDS export of a
/// national directory) needs neither one contiguous array on the large object heap nor the copies a growing array makes.
/// </summary>
public sealed class BodyBytes
{
    private readonly ReadOnlyMemory<byte>[] _chunks;

    internal BodyBytes(ReadOnlyMemory<byte>[] chunks, long length)
    {
        _chunks = chunks;
        Length = length;
    }

    /// <summary>Total length in bytes.</summary>
    public long Length { get; }

    /// <summary>The bytes of <paramref name="utf8"/>, kept as they are (the array is not copied).</summary>
    public static BodyBytes Of(byte[] utf8) => new([utf8], utf8.Length);

    /// <summary>Writes every chunk to <paramref name="destination"/>.</summary>
    public async Task WriteToAsync(Stream destination, CancellationToken cancellationToken)
    {
        foreach (var chunk in _chunks)
        {
            await destination.WriteAsync(chunk, cancellationToken);
        }
    }

    /// <summary>Writes every chunk to <paramref name="destination"/>, synchronously (compression runs off the request).</summary>
    public void CopyTo(Stream destination)
    {
        foreach (var chunk in _chunks)
        {
            destination.Write(chunk.Span);
        }
    }

    /// <summary>One array with every byte (for tests and small bodies).</summary>
    public byte[] ToArray()
    {
        var all = new byte[Length];
        var at = 0;
        foreach (var chunk in _chunks)
        {
            chunk.Span.CopyTo(all.AsSpan(at));
            at += chunk.Length;
        }

        return all;
    }
}

/// <summary>
/// Collects a body as <see cref="BodyBytes"/>: a write-only stream (for compressors and CSV writers) that is also an
/// <see cref="IBufferWriter{T}"/> (for <see cref="System.Text.Json.Utf8JsonWriter"/>). Chunks start small and double up
/// to 64 KiB, below the large object heap's threshold, so a small page does not hold a large buffer.
/// </summary>
public sealed class BodyBufferStream : Stream, IBufferWriter<byte>
{
    private const int FirstChunk = 4 * 1024;
    private const int MaxChunk = 64 * 1024;
    private readonly List<ReadOnlyMemory<byte>> _full = [];
    private byte[] _current = new byte[FirstChunk];
    private int _used;
    private long _length;

    /// <summary>The bytes written so far, as an immutable body; the buffer must not be written afterwards.</summary>
    public BodyBytes ToBody()
    {
        if (_length <= MaxChunk)
        {
            // A small body becomes one exact array: one copy of at most 64 KiB, and no slack kept per cached page.
            var whole = new byte[_length];
            var at = 0;
            foreach (var chunk in _full)
            {
                chunk.Span.CopyTo(whole.AsSpan(at));
                at += chunk.Length;
            }

            _current.AsSpan(0, _used).CopyTo(whole.AsSpan(at));
            return new BodyBytes([whole], _length);
        }

        if (_used > 0)
        {
            _full.Add(_current.AsMemory(0, _used));
            _current = [];
            _used = 0;
        }

        return new BodyBytes([.. _full], _length);
    }

    /// <inheritdoc />
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _current.Length - _used);
        _used += count;
        _length += count;
    }

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _current.AsMemory(_used);
    }

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _current.AsSpan(_used);
    }

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            Ensure(1);
            var n = Math.Min(buffer.Length, _current.Length - _used);
            buffer[..n].CopyTo(_current.AsSpan(_used));
            Advance(n);
            buffer = buffer[n..];
        }
    }

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override void WriteByte(byte value) => Write([value]);

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override bool CanRead => false;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override long Length => _length;

    /// <inheritdoc />
    public override long Position { get => _length; set => throw new NotSupportedException(); }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    // Makes room for sizeHint bytes (at least one) in the current chunk, starting a new one when it is too full.
    private void Ensure(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (_current.Length - _used >= sizeHint)
        {
            return;
        }

        if (_used > 0)
        {
            // The chunk is kept as far as it is filled; the few bytes left free at its end are not worth a copy.
            _full.Add(_current.AsMemory(0, _used));
        }

        // A hint above 64 KiB (Utf8JsonWriter asks for a value's worst case) gets one chunk of its own size.
        var size = Math.Max(Math.Min(_current.Length * 2, MaxChunk), sizeHint);
        _current = new byte[size];
        _used = 0;
    }
}
