namespace FeedHub.IntegrationTests.Storage.SqlServer;

/// <summary>Made-up column values by FeedHub's column naming: times end in <c>_at</c> (or are
/// <c>at</c>), numbers are ids, counts and flags, lists are JSON arrays.</summary>
internal static class SyntheticRows
{
    public static readonly DateTimeOffset Instant = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    private static readonly HashSet<string> Numbers = new(StringComparer.Ordinal)
    {
        "", "key", "version", "fingerprint", "enabled", "is_origin", "interval_seconds", "consecutive_failures",
        "last_http_status", "poll_count", "not_modified_count", "skipped_entries", "revision_count",
        "item_count", "story_count", "merged_into",
    };

    private static readonly HashSet<string> JsonLists = new(StringComparer.Ordinal) { "tags", "credits", "categories", "enclosures" };

    public static object ValueFor(string column)
    {
        if (column == "at" || column.EndsWith("_at", StringComparison.Ordinal) || column == "failing_since" || column == "retry_after_until")
        {
            return Instant;
        }

        if (column == "id" || column.EndsWith("_id", StringComparison.Ordinal) || Numbers.Contains(column))
        {
            return 2L;
        }

        if (column == "story_score")
        {
            return 0.5;
        }

        if (JsonLists.Contains(column))
        {
            return "[]";
        }

        if (column == "applied")
        {
            return """{"url":"https://mc.example.go.id/feed.xml"}""";
        }

        return column.Contains("url", StringComparison.Ordinal) || column.Contains("link", StringComparison.Ordinal)
            ? "https://mc.example.go.id/feed.xml"
            : "teks";
    }
}
