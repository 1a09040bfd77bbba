using System.Collections.Concurrent;
using System.Reflection;
using FeedHub.Core.Items;
using FeedHub.Core.Rules;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using FeedHub.Core.Stories;
using FeedHub.Storage;
using FeedHub.Storage.Database;
using FeedHub.Storage.SqlServer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace FeedHub.IntegrationTests.Storage.SqlServer;

/// <summary>Every statement the stores send on SQL Server, collected rather than listed: every
/// method of every storage port the registration provides is called (each flag both ways, each
/// kind of input), on a SQL Server dialect over a <see cref="RecordingConnection"/>, and each text
/// that reached the connection must parse as T-SQL. A port method this test has no input for fails
/// it, so a new one cannot go unchecked.</summary>
public sealed class SqlServerStoreStatementTests
{
    private static readonly DateTimeOffset Now = SyntheticRows.Instant;

    [Fact]
    public async Task Every_statement_the_stores_send_parses_as_TSql()
    {
        var log = new ConcurrentQueue<string>();
        List<string> calls = [];
        List<string> failures = [];
        foreach ((Type port, object store) in Ports(log))
        {
            foreach (MethodInfo method in port.GetMethods())
            {
                foreach (object?[] arguments in ArgumentSets(method))
                {
                    calls.Add($"{port.Name}.{method.Name}");
                    try
                    {
                        await (Task)method.Invoke(store, arguments)!;
                    }
                    catch (Exception error)
                    {
                        failures.Add($"{port.Name}.{method.Name}: {(error as TargetInvocationException)?.InnerException ?? error}");
                    }
                }
            }
        }

        string[] statements = [.. log.Distinct(StringComparer.Ordinal)];
        List<string> unparsed = [.. statements.Select(ParseErrors).OfType<string>()];

        // Both lists in full: a statement that does not parse is the finding, and a call that
        // failed may have sent statements nobody checked.
        Assert.True(unparsed.Count == 0 && failures.Count == 0, string.Join(
            Environment.NewLine + Environment.NewLine,
            [$"{unparsed.Count} statements do not parse, {failures.Count} calls failed:", .. unparsed, .. failures]));
        Assert.Contains("IItemStore.CommitRefreshAsync", calls);
        Assert.Contains("IItemStore.FindKnownAsync", calls);
        Assert.Contains(statements, sql => sql.Contains("INSERT INTO items", StringComparison.Ordinal));
        Assert.Contains(statements, sql => sql.Contains("sp_getapplock", StringComparison.Ordinal));
        Assert.Contains(statements, sql => sql.Contains("INSERT INTO story_keys", StringComparison.Ordinal));
        Assert.Contains(statements, sql => sql.Contains("revision_count = revision_count + 1", StringComparison.Ordinal));
        Assert.Contains(statements, sql => sql.Contains("SELECT id, match_text, credits FROM items", StringComparison.Ordinal));
        Assert.Contains(statements, sql => sql.Contains("UPDATE story_keys SET published_at", StringComparison.Ordinal));
        Assert.Contains(statements, sql => sql.Contains("DELETE FROM story_keys WHERE item_id = @Id", StringComparison.Ordinal));
        Assert.Contains(statements, sql => sql.Contains("DELETE FROM item_tags WHERE item_id = @ItemId", StringComparison.Ordinal));
        Assert.Contains(statements, sql => sql.Contains("CROSS APPLY (SELECT s.story_id", StringComparison.Ordinal));
        Assert.Contains(statements, sql => sql.Contains("WITH (UPDLOCK, READPAST, ROWLOCK)", StringComparison.Ordinal));
        // A claimed poll's record, written in place and after reading the row, of a success and of a
        // failure. (A moved source's record is not reached here: the synthetic rows always show the
        // new address held by another source, so the redirect is refused.)
        Assert.Equal(4, statements.Count(sql => sql.StartsWith("UPDATE sources", StringComparison.Ordinal) && sql.EndsWith("AND claimed_by = @ClaimedBy", StringComparison.Ordinal)));
    }

    /// <summary>The storage ports as the host registers them (AddFeedHubStorage and
    /// AddFeedHubAdminStorage), over a SQL Server dialect on recording connections.</summary>
    private static IEnumerable<(Type Port, object Store)> Ports(ConcurrentQueue<string> log)
    {
        var database = new StorageDatabase(new RecordingConnections(log), new SqlServerDialect(commandTimeoutSeconds: 30));
        var clock = new FakeTimeProvider(Now);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(StorageBackends.Create(database, new StoryOptions(), clock));
        services.AddFeedHubStorage();
        services.AddFeedHubAdminStorage();
        ServiceProvider provider = services.BuildServiceProvider();
        Type[] ports = [.. services
            .Select(service => service.ServiceType)
            .Where(type => type.IsInterface && type.Assembly == typeof(ISourceStore).Assembly)
            .Distinct()];
        Assert.Contains(typeof(IItemStore), ports);
        Assert.Contains(typeof(IConfiguredSourceStore), ports);
        return ports.Select(port => (port, provider.GetRequiredService(port)));
    }

    private static IEnumerable<object?[]> ArgumentSets(MethodInfo method)
    {
        IEnumerable<object?[]> sets = [[]];
        foreach (ParameterInfo parameter in method.GetParameters())
        {
            object?[] choices = Samples(parameter);
            sets = sets.SelectMany(set => choices.Select(choice => (object?[])[.. set, choice])).ToList();
        }

        return sets;
    }

    /// <summary>Inputs for one parameter: both values of a flag, a success and a failure of a poll,
    /// a plain and a fully filtered story query, a seeding plan with every kind of step.</summary>
    private static object?[] Samples(ParameterInfo parameter)
    {
        Type type = parameter.ParameterType;
        if (type == typeof(CancellationToken))
        {
            return [TestContext.Current.CancellationToken];
        }

        if (type == typeof(long) || type == typeof(long?))
        {
            return [2L];
        }

        if (type == typeof(int))
        {
            return [10];
        }

        if (type == typeof(bool))
        {
            return [true, false];
        }

        if (type == typeof(DateTimeOffset))
        {
            return [Now];
        }

        if (type == typeof(DateTimeOffset?))
        {
            return [Now, null];
        }

        if (type == typeof(string))
        {
            return [parameter.Name switch
            {
                "url" => "https://mc.example.go.id/baru.xml",
                "actor" => "cli",
                "liveNodesTable" => "qrtz_scheduler_state",
                _ => "tag-authority",
            }];
        }

        if (type == typeof(IReadOnlyList<FeedItem>))
        {
            // SyntheticRows' stored item has the key, content hash and matching text "teks" and no
            // credits: a revision whose title is that text keeps its keys (moved to its publish time)
            // and gets new tags; one with another title is keyed again.
            FeedItem revised = TestItems.Item("teks", title: "teks") with { Summary = null, ContentHtml = null, Categories = ["Berita"] };
            return
            [
                new[] { TestItems.Item("g:1"), TestItems.Item("g:2", publishedAt: Now.AddHours(-2)) with { RawHash = "0123456789abcdef0123456789abcdef" } },
                new[] { revised },
                new[] { revised with { Title = "Banjir rendam Martapura" } },
            ];
        }

        if (type == typeof(IReadOnlyList<string>))
        {
            return [new[] { "0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210" }];
        }

        if (type == typeof(IReadOnlyList<FirstPoll>))
        {
            return [new[] { new FirstPoll(2, Now), new FirstPoll(3, Now.AddSeconds(4)) }];
        }

        if (type == typeof(PollOutcome))
        {
            PollOutcome failure = new() { CheckedAt = Now, HttpStatus = 410, Error = "Gone", PauseSource = true, NextDueAt = Now.AddHours(1) };
            PollOutcome success = TestItems.Ok(Now) with
            {
                ListedItemIds = [3, 4],
                NewUrl = "https://mc.example.go.id/pindah.xml",
                FeedTitle = "MC Kalsel",
                SiteUrl = "https://mc.example.go.id/",
                SkippedEntries = 1,
                Metadata = new FeedMetadata { Language = "id", Description = "Berita", ImageUrl = "https://mc.example.go.id/logo.png", UpdatedAt = Now },
            };

            // Items are committed only with a successful poll (a failure is refused up front), and a
            // document without a parse only with the hash the source keeps (SyntheticRows' text).
            return parameter.Member.Name switch
            {
                // Each also as the poll of a clustered worker's claim (the record's fenced statements), that of
                // the claimant the synthetic row holds ("teks").
                nameof(IItemStore.CommitRefreshAsync) => [success, success with { DocumentHash = "teks" }, success with { ClaimedBy = "teks" }],
                nameof(IItemStore.CommitUnchangedDocumentAsync) => [success with { DocumentHash = "teks" }, success with { DocumentHash = "teks", ClaimedBy = "teks" }],
                _ => [success, failure, success with { ClaimedBy = "teks" }, failure with { ClaimedBy = "teks" }, TestItems.Ok(Now) with { ClaimedBy = "teks" }, failure with { NewUrl = "https://mc.example.go.id/pindah.xml", ClaimedBy = "teks" }],
            };
        }

        if (type == typeof(SourceDefinition))
        {
            return [Definition()];
        }

        if (type == typeof(StoryQuery))
        {
            return
            [
                new StoryQuery { Limit = 20 },
                new StoryQuery
                {
                    Limit = 20,
                    Words = ["banjir", "50%_off"],
                    Since = Now.AddDays(-7),
                    Until = Now,
                    Before = new StoryCursor(Now.AddHours(-1), 9),
                    Selections =
                    [
                        new StorySelection { Tags = ["Kalsel"], SourceIds = [1, 2], SourceUrls = ["https://mc.example.go.id/feed.xml"] },
                        new StorySelection { SourceUrls = ["not a url"] },
                    ],
                },
            ];
        }

        if (type == typeof(SourceFetchSettings))
        {
            return
            [
                SourceFetchSettings.Default,
                new SourceFetchSettings
                {
                    UserAgent = "Portal reader",
                    Headers = new Dictionary<string, string> { ["X-Api-Token"] = "enc:v1:k:abc" },
                    Timeout = TimeSpan.FromSeconds(10),
                    MaxResponseBytes = 1_000_000,
                },
            ];
        }

        if (type == typeof(ItemRules))
        {
            return [ItemRules.None, new ItemRules { Keep = [Rule("words:Kalsel")], Block = [Rule("title:regex:^\\[ADV\\]")] }];
        }

        if (type == typeof(AuditEntry))
        {
            return [new AuditEntry { At = Now, Actor = "cli", Action = "add", SourceId = 2, Details = "added" }];
        }

        if (type == typeof(Func<SeedingState, IReadOnlyList<SeedStep>>))
        {
            return [(Func<SeedingState, IReadOnlyList<SeedStep>>)(_ => [.. Enum.GetValues<SeedAction>().Select(Step)])];
        }

        throw new NotSupportedException($"No sample input for {type} ({parameter.Member.DeclaringType?.Name}.{parameter.Member.Name} {parameter.Name}): add one here.");
    }

    private static ItemRule Rule(string text) =>
        ItemRuleSyntax.TryParse(text, out ItemRule? rule, out string? error) ? rule! : throw new InvalidOperationException(error);

    private static SourceDefinition Definition() => new()
    {
        Url = "https://mc.example.go.id/feed.xml",
        Title = "MC Kalsel",
        Tags = ["Kalsel"],
        Interval = TimeSpan.FromMinutes(30),
        IsOrigin = true,
        Credits = ["MC Kalsel"],
    };

    private static SeedStep Step(SeedAction action) =>
        new(action, "https://mc.example.go.id/feed.xml", Definition(), action == SeedAction.Add ? null : 2, Definition(), $"{action} by the test");

    private static string? ParseErrors(string sql)
    {
        new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out IList<ParseError> errors);
        return errors.Count == 0
            ? null
            : string.Join("; ", errors.Select(error => $"line {error.Line}: {error.Message}")) + Environment.NewLine + sql;
    }
}
