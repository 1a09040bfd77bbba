namespace FeedHub.IntegrationTests.Fixtures;

/// <summary>OpenTelemetry listens to meters by name across the whole process, so a host's
/// /metrics also counts what hosts of tests running beside it measure. Tests that read exact
/// metric values join this collection and run on their own.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMetrics
{
    public const string Name = "Process-wide metrics";
}
