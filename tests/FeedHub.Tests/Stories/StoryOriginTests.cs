using FeedHub.Core.Stories;

namespace FeedHub.Tests.Stories;

public sealed class StoryOriginTests
{
    private static readonly DateTimeOffset Morning = new(2025, 5, 7, 2, 0, 0, TimeSpan.Zero);

    private static readonly OriginSource MediaCenter = new(1, IsOrigin: false, "Diskominfo MC Provinsi Kalimantan Selatan", ["MC Kalsel"]);
    private static readonly OriginSource PortalA = new(2, IsOrigin: false, "Portal Banua", []);
    private static readonly OriginSource PortalB = new(3, IsOrigin: false, "Kalsel Terkini", []);

    [Fact]
    public void A_source_marked_as_origin_wins_even_when_it_published_last()
    {
        OriginSource flagged = MediaCenter with { IsOrigin = true };
        OriginChoice choice = StoryOrigin.Choose(
            [new(20, 2, Morning, []), new(21, 3, Morning.AddHours(1), []), new(22, 1, Morning.AddHours(5), [])],
            [flagged, PortalA, PortalB]);

        Assert.Equal(22, choice.ItemId);
        Assert.Equal(OriginRule.OriginSource, choice.Rule);
    }

    [Fact]
    public void A_credit_line_naming_a_source_only_by_its_alias_makes_that_source_the_origin()
    {
        OriginChoice choice = StoryOrigin.Choose(
            [new(20, 2, Morning, ["mc  KALSEL"]), new(21, 1, Morning.AddHours(2), ["MC Kalsel"])],
            [MediaCenter, PortalA, PortalB]);

        Assert.Equal(21, choice.ItemId);
        Assert.Equal(OriginRule.CreditLine, choice.Rule);
        Assert.Contains("MC Kalsel", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_longest_alias_a_credit_matches_wins()
    {
        OriginSource province = new(4, IsOrigin: false, "Pemprov", ["Kalsel"]);
        OriginChoice choice = StoryOrigin.Choose(
            [new(20, 4, Morning, []), new(21, 1, Morning.AddHours(1), []), new(22, 2, Morning.AddHours(2), ["Sumber: MC Kalsel"])],
            [MediaCenter, PortalA, province]);

        Assert.Equal(21, choice.ItemId);
    }

    [Fact]
    public void Without_flag_or_credit_the_earliest_copy_is_the_origin_and_ties_go_to_the_first_stored()
    {
        OriginChoice choice = StoryOrigin.Choose(
            [new(31, 3, Morning, []), new(30, 2, Morning, []), new(29, 1, Morning.AddHours(1), [])],
            [MediaCenter, PortalA, PortalB]);

        Assert.Equal(30, choice.ItemId);
        Assert.Equal(OriginRule.EarliestPublished, choice.Rule);
    }

    [Fact]
    public void A_credit_to_a_source_whose_copy_is_missing_falls_back_to_the_earliest()
    {
        OriginChoice before = StoryOrigin.Choose([new(20, 2, Morning, ["MC Kalsel"]), new(21, 3, Morning.AddHours(1), ["MC Kalsel"])], [MediaCenter, PortalA, PortalB]);
        OriginChoice after = StoryOrigin.Choose(
            [new(20, 2, Morning, ["MC Kalsel"]), new(21, 3, Morning.AddHours(1), ["MC Kalsel"]), new(22, 1, Morning.AddHours(-1), [])],
            [MediaCenter, PortalA, PortalB]);

        Assert.Equal(20, before.ItemId);
        Assert.Equal(22, after.ItemId);
        Assert.Equal(OriginRule.CreditLine, after.Rule);
    }

    [Fact]
    public void One_directory_shared_by_many_stories_chooses_as_resolving_every_credit_against_every_name_does()
    {
        // Names that overlap, tie in length, differ in case, spacing and accents, are shorter than
        // three letters once compacted, or blank; credit lines that name one, two or none of them.
        string[] names = ["MC Kalsel", "mc kalsel", "MC", "Kalsel", "Kalsel Terkini", "Portal Banua", "Banua", "Diskominfo Kalsel", "Pemkab Banjar", "Banjar", "Bañjar", "  ", "A.B"];
        string[] credits = ["(Sumber : MC Kalsel)", "Sumber: mc  KALSEL", "Kalsel Terkini", "foto: Portal Banua / MC Kalsel", "Pemkab Bañjar", "Antara", "", "ab", "Diskominfo Kalsel - MC Kalsel", "BANJAR"];
        var random = new Random(12);
        List<OriginSource> sources = [.. Enumerable.Range(1, 9).Select(id => new OriginSource(
            id,
            IsOrigin: random.Next(12) == 0,
            random.Next(3) == 0 ? null : names[random.Next(names.Length)],
            [.. Enumerable.Range(0, random.Next(3)).Select(_ => names[random.Next(names.Length)])]))];
        var directory = new OriginDirectory(sources);
        var rules = new Dictionary<OriginRule, int>();

        for (int story = 0; story < 400; story++)
        {
            List<OriginCandidate> copies = [.. Enumerable.Range(0, 1 + random.Next(6)).Select(copy => new OriginCandidate(
                (story * 10) + copy,
                sources[random.Next(sources.Count)].SourceId,
                Morning.AddMinutes(random.Next(4) * 30),
                [.. Enumerable.Range(0, random.Next(3)).Select(_ => credits[random.Next(credits.Length)])]))];

            OriginChoice shared = StoryOrigin.Choose(copies, directory);
            Assert.Equal(ChooseByEveryName(copies, sources), shared);
            Assert.Equal(StoryOrigin.Choose(copies, sources), shared);
            rules[shared.Rule] = rules.GetValueOrDefault(shared.Rule) + 1;
        }

        // Every rule decided a fair share of the stories, so each was compared.
        Assert.All(Enum.GetValues<OriginRule>(), rule => Assert.InRange(rules.GetValueOrDefault(rule), 40, 400));
    }

    /// <summary>The rules of <see cref="StoryOrigin"/>, each credit resolved by comparing it with
    /// every source's every name anew: what a shared directory must agree with.</summary>
    private static OriginChoice ChooseByEveryName(List<OriginCandidate> copies, List<OriginSource> sources)
    {
        List<OriginCandidate> ordered = [.. copies.OrderBy(copy => copy.PublishedAt).ThenBy(copy => copy.ItemId)];
        if (ordered.FirstOrDefault(copy => sources.Single(source => source.SourceId == copy.SourceId).IsOrigin) is { } flagged)
        {
            return new OriginChoice(flagged.ItemId, OriginRule.OriginSource, $"source {flagged.SourceId} is marked as an origin");
        }

        var votes = new Dictionary<long, (int Count, string Credit, string Alias)>();
        foreach (OriginCandidate copy in ordered)
        {
            var named = new HashSet<long>();
            foreach (string credit in copy.Credits)
            {
                string compactCredit = MatchingText.Compact(credit);
                (OriginSource Source, string Name)? best = null;
                foreach (OriginSource source in sources)
                {
                    foreach (string name in source.Aliases.Concat(string.IsNullOrWhiteSpace(source.Title) ? [] : [source.Title]))
                    {
                        string compact = MatchingText.Compact(name);
                        if (compact.Length >= 3 && compact.Length > (best is { } b ? MatchingText.Compact(b.Name).Length : 0) && compactCredit.Contains(compact, StringComparison.Ordinal))
                        {
                            best = (source, name);
                        }
                    }
                }

                if (best is { } found && ordered.Any(c => c.SourceId == found.Source.SourceId) && named.Add(found.Source.SourceId))
                {
                    (int count, string first, string alias) = votes.GetValueOrDefault(found.Source.SourceId, (0, credit, found.Name));
                    votes[found.Source.SourceId] = (count + 1, first, alias);
                }
            }
        }

        if (votes.Count > 0)
        {
            int most = votes.Values.Max(vote => vote.Count);
            OriginCandidate copy = ordered.First(copy => votes.TryGetValue(copy.SourceId, out var vote) && vote.Count == most);
            (int count, string credit, string alias) = votes[copy.SourceId];
            return new OriginChoice(copy.ItemId, OriginRule.CreditLine, $"credit line \"{credit}\" names source {copy.SourceId} (\"{alias}\"), in {count} of {ordered.Count} copies");
        }

        return new OriginChoice(ordered[0].ItemId, OriginRule.EarliestPublished, $"earliest published copy ({ordered[0].PublishedAt:u})");
    }
}
