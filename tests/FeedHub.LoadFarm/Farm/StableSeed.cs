namespace FeedHub.LoadFarm.Farm;

/// <summary>Random seeds that are the same in every process. <see cref="HashCode.Combine{T1,T2}"/>
/// is randomized per process, so a farm restarted on a reused database (<c>--reuse</c>) served the
/// stored entries with other text and other feeds changed in each round.</summary>
internal static class StableSeed
{
    public static int Of(params ReadOnlySpan<object> parts)
    {
        // FNV-1a over the parts' invariant text, then a final mix so that near inputs spread.
        ulong hash = 14695981039346656037UL;
        foreach (object part in parts)
        {
            foreach (char c in Convert.ToString(part, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty)
            {
                hash = (hash ^ c) * 1099511628211UL;
            }

            hash = (hash ^ 0x1F) * 1099511628211UL;
        }

        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        return unchecked((int)hash);
    }
}
