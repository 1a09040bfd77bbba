using System.Collections.Frozen;
using System.Text;

namespace FeedHub.Core.Links;

/// <summary>Query parameters that identify a click or a campaign rather than a page; they are
/// removed so the same article shared through different channels gets one canonical link.</summary>
public static class TrackingParameters
{
    private static readonly FrozenSet<string> Names = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "mc_cid", "mc_eid",
        "yclid", "ysclid", "_ga", "_gl", "_hsenc", "_hsmi", "igshid", "igsh", "ref_src", "ref_url",
        "spm", "scm", "twclid", "ttclid", "li_fat_id", "mkt_tok", "oly_anon_id", "oly_enc_id",
        "vero_id", "wickedid", "rb_clickid", "s_cid", "__s", "ncid", "sr_share", "cmpid");

    /// <summary>True for utm_* and the click identifiers of the big ad and mail platforms.</summary>
    public static bool IsTracking(string name) =>
        name.StartsWith("utm_", StringComparison.OrdinalIgnoreCase) || Names.Contains(name);

    /// <summary>The query without its tracking parameters and empty pairs, order kept, without
    /// the leading "?". <paramref name="query"/> may start with "?".</summary>
    public static string Strip(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ReadOnlySpan<char> rest = query.AsSpan();
        if (rest.StartsWith("?"))
        {
            rest = rest[1..];
        }

        var kept = new StringBuilder(rest.Length);
        foreach (Range range in rest.Split('&'))
        {
            ReadOnlySpan<char> pair = rest[range];
            if (pair.IsEmpty)
            {
                continue;
            }

            int equals = pair.IndexOf('=');
            ReadOnlySpan<char> name = equals < 0 ? pair : pair[..equals];
            if (IsTracking(Uri.UnescapeDataString(name.ToString())))
            {
                continue;
            }

            if (kept.Length > 0)
            {
                kept.Append('&');
            }

            kept.Append(pair);
        }

        return kept.ToString();
    }
}
