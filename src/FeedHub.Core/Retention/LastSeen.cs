namespace FeedHub.Core.Retention;

/// <summary>How precisely an item's last-seen time is kept. A document that lists an item moves
/// the time to now only when it is at least <see cref="Precision"/> old: rewriting every listed
/// row on every changed poll was about a quarter of what SQLite spends on such a poll (the row is
/// the item's whole record, and the time is in an index), for a value that retention reads in
/// days. A day is at least a poll interval (<c>MaxInterval</c>, 24 hours by default), so a listed
/// item's row is written at most about once a day. <see cref="RetentionPolicy"/> allows for the
/// same precision, so an item its feed still lists is never taken for one a later document
/// dropped.</summary>
public static class LastSeen
{
    public static readonly TimeSpan Precision = TimeSpan.FromDays(1);

    /// <summary>A listed item last seen at or before this instant has its time moved to
    /// <paramref name="now"/>; one seen since keeps it, so a listed item's time is never more than
    /// <see cref="Precision"/> behind the listing's.</summary>
    public static DateTimeOffset StaleUpTo(DateTimeOffset now) => now - Precision;
}
