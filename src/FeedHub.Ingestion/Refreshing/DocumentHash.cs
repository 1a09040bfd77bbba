using System.Globalization;
using System.IO.Hashing;
using FeedHub.Core.Dedup;
using FeedHub.Core.Sources;
using FeedHub.Ingestion.Fetching;
using FeedHub.Ingestion.Parsing;
using Microsoft.Extensions.Options;

namespace FeedHub.Ingestion.Refreshing;

/// <summary>The hash of a fetched body together with everything else that decides what a parse of
/// it stores: equal hashes mean a parse would store exactly what the last one did, so a source that
/// keeps the hash (<see cref="FeedSource.DocumentHash"/>) records the poll without parsing.</summary>
/// <remarks>In it: <see cref="Version"/>; the normalizer's build (<see cref="RawEntryHash"/>: the
/// code of Core and Ingestion and the referenced assemblies' versions) and the parser's; the per-feed
/// item limit; the source's <see cref="FeedSource.UpdatedAt"/>, which every change of its settings
/// (URL, rules, request settings, configuration) moves; the URL the body came from and its content
/// type (the decoder reads the charset there); and the body's XXH128 (see <see cref="StableHash.Fast"/>). What is not in it clears the
/// kept hash where it changes: a failed poll and a deletion of the source's items.</remarks>
public sealed class DocumentHash
{
    /// <summary>Bumped when parsing or normalizing changes in a way the builds do not show (a
    /// changed rule in data read at run time, say): every source parses its next document again.</summary>
    public const int Version = 1;

    private readonly byte[] _pipeline;

    public DocumentHash(RawEntryHash entries, IFeedParser parser, IOptions<FetchOptions> fetchOptions)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(parser);
        ArgumentNullException.ThrowIfNull(fetchOptions);
        using var pipeline = new StableHash();
        pipeline.Add(Version.ToString(CultureInfo.InvariantCulture))
            .AddBytes(entries.NormalizerBuild)
            .Add(parser.GetType().FullName)
            .Add(parser.GetType().Assembly.ManifestModule.ModuleVersionId.ToString("N"))
            .Add(fetchOptions.Value.MaxItemsPerFeed.ToString(CultureInfo.InvariantCulture));
        _pipeline = Convert.FromHexString(pipeline.ToHex());
    }

    public string Compute(FeedSource source, FetchResult fetched)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(fetched);
        // The body in one one-shot call, apart from the fields: StableHash would copy it whole first.
        Span<byte> body = stackalloc byte[16];
        XxHash128.Hash(fetched.Body.Span, body);
        using var hash = StableHash.Fast();
        return hash.AddBytes(_pipeline)
            .Add(source.UpdatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture))
            .Add(fetched.FinalUrl.AbsoluteUri)
            .Add(fetched.ContentType)
            .AddBytes(body)
            .ToHex();
    }
}
