namespace FeedHub.Core.Stories;

/// <summary>The <c>FeedHub:Stories</c> section: how near-duplicates are recognised. Defaults are
/// chosen from the syndication benchmark; docs/stories.md has the curve behind each.</summary>
public sealed class StoryOptions
{
    public const string SectionName = "FeedHub:Stories";

    /// <summary>Share of the shorter text's specific shingles found in the other text
    /// (containment) from which two copies from different sources are one story.</summary>
    public double JoinThreshold { get; set; } = 0.55;

    /// <summary>Containment enough when the texts share at least <see cref="FigureBackedMinFigures"/>
    /// figures and disagree on none: exact amounts, counts and dates are what a copy keeps and
    /// another release of the template does not have, so they can carry a heavily edited copy.</summary>
    public double FigureBackedThreshold { get; set; } = 0.4;

    public int FigureBackedMinFigures { get; set; } = 5;

    /// <summary>Two items of one source are one story only when nearly identical: sources post
    /// many releases from one template, and rarely post one story twice.</summary>
    public double SameSourceThreshold { get; set; } = 0.9;

    /// <summary>Copies published further apart than <see cref="MaxLag"/> need this containment.</summary>
    public double LateThreshold { get; set; } = 0.8;

    /// <summary>A republication usually follows its release within hours to a day or two.</summary>
    public TimeSpan MaxLag { get; set; } = TimeSpan.FromDays(2);

    /// <summary>Candidates are looked up within this distance of the item's publish time.</summary>
    public TimeSpan CandidateWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Two texts that both state figures (years aside) must share this share of the
    /// smaller set of figures: templates differ in their amounts, counts and dates, while a copy
    /// keeps the figures of the sentences it keeps.</summary>
    public double FigureAgreement { get; set; } = 0.75;

    /// <summary>A shingle found in this many different candidate stories is template text and
    /// counts for none of them.</summary>
    public int CommonAcrossStories { get; set; } = 3;

    /// <summary>Below this many specific shingles a text is too short for containment alone.</summary>
    public int MinShingles { get; set; } = 8;

    /// <summary>Resemblance two short texts need to be one story.</summary>
    public double ShortTextResemblance { get; set; } = 0.8;

    /// <summary>A shingle in this many of a source's recent items is that source's boilerplate.</summary>
    public int BoilerplateMinItems { get; set; } = 3;

    /// <summary>How many of a source's recent items boilerplate is learned from.</summary>
    public int BoilerplateHistory { get; set; } = 60;

    /// <summary>One shingle in this many becomes an index key.</summary>
    public int KeySamplingRate { get; set; } = 4;

    /// <summary>Most candidate stories compared per item, the ones sharing most keys first.</summary>
    public int MaxCandidates { get; set; } = 12;

    /// <summary>A key carried by more stories than this within the candidate window is formula
    /// text ("the governor inaugurated ...", a portal's footer) and finds no candidates: it would
    /// weigh less than 1/n for each of them, and reading its postings is what a new item paid most
    /// for at 10,000 sources (docs/load.md).</summary>
    public int MaxStoriesPerKey { get; set; } = 64;

    /// <summary>A key carried by more items than this within the window is common too, whatever the
    /// number of stories: it bounds what is read per key. Items, not stories: a release republished by
    /// hundreds of portals is one story, and its rare keys must stay usable up to this many copies.</summary>
    public int MaxItemsPerKey { get; set; } = 1024;

    /// <summary>Memory, in MiB, for the features of matching texts already seen (stored copies
    /// compared again as candidates, recent items that teach a source's boilerplate): a larger
    /// cache recomputes less, a smaller one keeps a long-running worker smaller. Decisions do not
    /// depend on it. 8: at 10,000 sources 16 held about a tenth of the texts a changed refresh
    /// featurized, and 8 measured the same CPU with a lower, steadier peak (docs/benchmarks.md,
    /// "The feature cache's budget").</summary>
    public int FeatureCacheMegabytes { get; set; } = 8;
}
