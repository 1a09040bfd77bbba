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

        // Left out of both sides: the source's boilerplate and text shared across candidate stories.
        ulong[] common = SortedShingleSets.Union(item.Boilerplate.SortedShingles, SharedAcrossStories(item, candidates));
        ulong[] specific = candidates.Count == 0 ? [] : TextSimilarity.SpecificOf(item.Features, common);
        StoryDecision? best = null;
        string? nearest = null;
        double nearestScore = -1;
        foreach (CandidateStory story in candidates)
        {
            foreach (StoryMember member in story.Members)
            {
                Judgement judgement = Judge(item, specific, member, common);
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

    /// <summary>The item's shingles found in several different candidate stories (ascending):
    /// template text that cannot say which of them the item belongs to, whoever's boilerplate it is.</summary>
    private ulong[] SharedAcrossStories(IncomingItem item, IReadOnlyList<CandidateStory> candidates)
    {
        if (candidates.Count < _options.CommonAcrossStories)
        {
            return [];
        }

        // One merge of each story's copies with the item: count, per incoming shingle, the stories having it.
        ReadOnlySpan<ulong> incoming = item.Features.SortedShingles;
        int[] counts = new int[incoming.Length];
        int[] lastStory = new int[incoming.Length];
        int found = 0;
        for (int s = 0; s < candidates.Count; s++)
        {
            foreach (StoryMember member in candidates[s].Members)
            {
                ReadOnlySpan<ulong> copy = member.Features.SortedShingles;
                int i = 0;
                int j = 0;
                while (i < incoming.Length && j < copy.Length)
                {
                    if (incoming[i] < copy[j])
                    {
                        i++;
                    }
                    else if (incoming[i] > copy[j])
                    {
                        j++;
                    }
                    else
                    {
                        // Story numbers start at 1 so the zeroed array means "no story yet".
                        if (lastStory[i] != s + 1)
                        {
                            lastStory[i] = s + 1;
                            if (++counts[i] == _options.CommonAcrossStories)
                            {
                                found++;
                            }
                        }

                        i++;
                        j++;
                    }
                }
            }
        }

        var shared = new ulong[found];
        int next = 0;
        for (int i = 0; i < incoming.Length && next < found; i++)
        {
            if (counts[i] >= _options.CommonAcrossStories)
            {
                shared[next++] = incoming[i];
            }
        }

        return shared;
    }

    private Judgement Judge(IncomingItem item, ulong[] specific, StoryMember member, ulong[] common)
    {
        TextSimilarity similarity = TextSimilarity.Compare(item.Features, specific, member.Features, common, _options.MinShingles);
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
