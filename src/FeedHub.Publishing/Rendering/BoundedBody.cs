using FeedHub.Core.Storage;
using FeedHub.Publishing.Writers;

namespace FeedHub.Publishing.Rendering;

/// <summary>Writes feed documents within <see cref="PublishingOptions.MaxResponseBytes"/>. Stories
/// with huge fields must not make one request cost unbounded memory, so writing stops as soon as
/// the limit is passed, and the page is then cut to the leading stories that fit.</summary>
internal static class BoundedBody
{
    // Room for the next link (and the truncation note) that a cut page gains.
    private const int CutSlack = 4 * 1024;

    /// <summary>Writes the page; when that passes the limit, reads again only the leading stories
    /// that fit (so the page's next cursor follows the last one kept) and writes those.
    /// <paramref name="build"/> makes the document of a page, told whether the page was cut.</summary>
    public static async Task<(byte[] Body, StoryPage Page, bool Cut)> WriteAsync(
        FeedFormat format, int maxBytes, StoryPage page, Func<StoryPage, bool, MergedFeed> build, Func<int, Task<StoryPage>> readFirst)
    {
        byte[]? body = TryWrite(format, build(page, false), maxBytes);
        bool cut = false;
        int fit = page.Stories.Count;
        while (body is null)
        {
            cut = true;
            fit = Math.Min(fit - 1, FittingStories(format, build(page, true), maxBytes));

            // A story too large even alone is skipped: the page keeps none, and its next link leads past it.
            StoryPage shorter = await readFirst(Math.Max(fit, 1));
            page = fit > 0 ? shorter : shorter with { Stories = [] };
            body = TryWrite(format, build(page, true), maxBytes);
            if (body is null && fit <= 0)
            {
                throw new InvalidOperationException($"A page without stories is larger than {PublishingOptions.Section}:MaxResponseBytes ({maxBytes}).");
            }
        }

        return (body, page, cut);
    }

    /// <summary>The document, or null when it would be larger than <paramref name="maxBytes"/>.</summary>
    public static byte[]? TryWrite(FeedFormat format, MergedFeed feed, int maxBytes)
    {
        using var body = new CappedStream(maxBytes, Math.Min(maxBytes, 16 * 1024 + feed.Stories.Count * 4096));
        try
        {
            format.Write(body, feed);
        }
        catch (Exception) when (body.Passed)
        {
            // Writers flush again as they are disposed, which throws again: whatever surfaces, the limit was passed.
            return null;
        }

        return body.ToArray();
    }

    /// <summary>How many leading stories of <paramref name="feed"/> fit within the limit, measured
    /// by writing each story alone, and stopping at the first that does not fit.</summary>
    public static int FittingStories(FeedFormat format, MergedFeed feed, int maxBytes)
    {
        MergedFeed empty = feed with { Stories = [] };
        int shell = TryWrite(format, empty, maxBytes)?.Length ?? maxBytes;
        long budget = maxBytes - shell - CutSlack;
        int fit = 0;
        foreach (StoryEntry story in feed.Stories)
        {
            byte[]? alone = TryWrite(format, empty with { Stories = [story] }, maxBytes);
            budget -= alone is null ? maxBytes : alone.Length - shell;
            if (budget < 0)
            {
                break;
            }

            fit++;
        }

        return fit;
    }

    private sealed class LimitPassedException : Exception;

    /// <summary>A memory stream that refuses to grow past its limit.</summary>
    private sealed class CappedStream(int limit, int capacity) : MemoryStream(capacity)
    {
        public override void Write(byte[] buffer, int offset, int count)
        {
            Check(count);
            base.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Check(buffer.Length);
            base.Write(buffer);
        }

        public override void WriteByte(byte value)
        {
            Check(1);
            base.WriteByte(value);
        }

        public bool Passed { get; private set; }

        private void Check(int count)
        {
            if (Position + count > limit)
            {
                Passed = true;
                throw new LimitPassedException();
            }
        }
    }
}
