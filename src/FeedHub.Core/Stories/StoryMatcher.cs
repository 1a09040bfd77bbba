using System.Globalization;

namespace FeedHub.Core.Stories;

/// <summary>The dedup decision, pure: given an item and the candidate stories storage loaded
/// for it, join the story whose copy it most resembles (when that passes the rules) or start a
/// story. Rules, in order: the same canonical link; else containment of specific shingles over
/// the threshold, with figures that agree, published close enough in time. Template sentences
/// and officials' names are the source's boilerplate and count for nothing.</summary>
public sealed class StoryMatcher
{
    private readonly StoryOptions _options;

    public StoryMatcher(StoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    public StoryDecision Decide(IncomingItem item, IReadOnlyList<CandidateStory> candidates)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(candidates);
        if (!string.IsNullOrEmpty(item.CanonicalLink))
        {
            foreach (CandidateStory story in candidates.OrderBy(story => story.StoryId))
            {
                StoryMember? sameLink = story.Members.FirstOrDefault(member => string.Equals(member.CanonicalLink, item.CanonicalLink, StringComparison.Ordinal));
                if (sameLink is not null)
                {
                    return new StoryDecision(story.StoryId, StoryJoinRule.SameLink, 1, sameLink.ItemId, $"same link as item {sameLink.ItemId}");
                }
            }
        }

        HashSet<ulong> shared = SharedAcrossStories(item, candidates);
        bool IsCommon(ulong shingle) => item.Boilerplate.Contains(shingle) || shared.Contains(shingle);
        ulong[] specific = candidates.Count == 0 ? [] : TextSimilarity.SpecificOf(item.Features, IsCommon);
        StoryDecision? best = null;
        string? nearest = null;
        double nearestScore = -1;
        foreach (CandidateStory story in candidates)
        {
            foreach (StoryMember member in story.Members)
            {
                Judgement judgement = Judge(item, specific, member, IsCommon);
                (double score, double threshold, string? refusal) = (judgement.Score, judgement.Threshold, judgement.Refusal);

                // The reason's text is written only for the copy it will name.
                if (refusal is null && score >= threshold)
                {
                    if (best is null || score > best.Score || (score == best.Score && story.StoryId < best.StoryId))
                    {
                        best = new StoryDecision(story.StoryId, StoryJoinRule.SimilarText, score, member.ItemId, $"similar to item {member.ItemId}: {judgement.Detail()}");
                    }
                }
                else if (score > nearestScore)
                {
                    nearestScore = score;
                    nearest = $"nearest story {story.StoryId} (item {member.ItemId}): {judgement.Detail()}{(refusal is null ? "" : "; " + refusal)}";
                }
            }
        }

        return best ?? StoryDecision.NewStory(nearest ?? "no candidate story shares its text");
    }

    /// <summary>The item's shingles found in several different candidate stories: template text
    /// that cannot say which of them the item belongs to, whoever's boilerplate it is.</summary>
    private HashSet<ulong> SharedAcrossStories(IncomingItem item, IReadOnlyList<CandidateStory> candidates)
    {
        var shared = new HashSet<ulong>();
        if (candidates.Count < _options.CommonAcrossStories)
        {
            return shared;
        }

        // One pass over each story's copies: count, per incoming shingle, the stories having it.
        var counts = new Dictionary<ulong, int>();
        var seen = new HashSet<ulong>();
        foreach (CandidateStory story in candidates)
        {
            seen.Clear();
            foreach (StoryMember member in story.Members)
            {
                foreach (ulong shingle in member.Features.Shingles)
                {
                    if (item.Features.Shingles.Contains(shingle) && seen.Add(shingle) && (counts[shingle] = counts.GetValueOrDefault(shingle) + 1) >= _options.CommonAcrossStories)
                    {
                        shared.Add(shingle);
                    }
                }
            }
        }

        return shared;
    }

    private Judgement Judge(IncomingItem item, ulong[] specific, StoryMember member, Func<ulong, bool> isCommon)
    {
        TextSimilarity similarity = TextSimilarity.Compare(item.Features, specific, member.Features, isCommon, _options.MinShingles);
        TimeSpan lag = (item.PublishedAt - member.PublishedAt).Duration();
        double threshold = _options.JoinThreshold;
        if (similarity.FiguresShared >= _options.FigureBackedMinFigures && similarity.FiguresShared == similarity.FiguresCompared)
        {
            threshold = Math.Min(threshold, _options.FigureBackedThreshold);
        }

        if (lag > _options.MaxLag)
        {
            threshold = Math.Max(threshold, _options.LateThreshold);
        }

        if (member.SourceId == item.SourceId)
        {
            threshold = Math.Max(threshold, _options.SameSourceThreshold);
        }

        double score = similarity.Containment;
        string? refusal = null;
        if (similarity.Specific < _options.MinShingles)
        {
            // Short texts (titles only, one-line items): containment of a few shingles proves little.
            score = similarity.Resemblance;
            threshold = Math.Max(threshold, _options.ShortTextResemblance);
        }

        if (similarity.HasFigures && similarity.FigureAgreement < _options.FigureAgreement)
        {
            refusal = $"figures differ ({similarity.FiguresShared}/{similarity.FiguresCompared} shared)";
        }

        return new Judgement(score, threshold, refusal, similarity, lag);
    }

    /// <summary>One copy judged: the score against its threshold, why it is refused (if it is),
    /// and what the reason names.</summary>
    private readonly record struct Judgement(double Score, double Threshold, string? Refusal, TextSimilarity Similarity, TimeSpan Lag)
    {
        public string Detail() => string.Create(
            CultureInfo.InvariantCulture,
            $"containment {StoryDecision.Format(Similarity.Containment)}, resemblance {StoryDecision.Format(Similarity.Resemblance)}, threshold {StoryDecision.Format(Threshold)}, figures {Similarity.FiguresShared}/{Similarity.FiguresCompared}, {Lag.TotalHours:0.#} h apart");
    }
}
