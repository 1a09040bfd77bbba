using System.Globalization;
using Quartz;

namespace FeedHub.Worker.Scheduling;

/// <summary>One Quartz job per source, keyed by the source id.</summary>
internal static class SourceJobKeys
{
    public const string Group = "sources";

    /// <summary>What a job was scheduled for (URL and interval), to notice edits made elsewhere.</summary>
    public static string DefinitionOf(string url, TimeSpan? interval) =>
        string.Create(CultureInfo.InvariantCulture, $"{url}\n{interval}");

    /// <summary>Whether <paramref name="definition"/> is <see cref="DefinitionOf"/> the two, compared in
    /// place: the sync compares every source's once a minute, and building each string only to
    /// compare it was 10,000 strings of garbage a minute.</summary>
    public static bool IsDefinition(string definition, string url, TimeSpan? interval)
    {
        ReadOnlySpan<char> rest = definition;
        if (!rest.StartsWith(url, StringComparison.Ordinal) || rest.Length <= url.Length || rest[url.Length] != '\n')
        {
            return false;
        }

        rest = rest[(url.Length + 1)..];
        if (interval is not TimeSpan value)
        {
            return rest.IsEmpty;
        }

        Span<char> formatted = stackalloc char[32];
        return value.TryFormat(formatted, out int written, default, CultureInfo.InvariantCulture) && rest.SequenceEqual(formatted[..written]);
    }

    /// <summary>The source a job polls: its name (<see cref="Job"/>).</summary>
    public static long SourceIdOf(IJobDetail job) => long.Parse(job.Key.Name, CultureInfo.InvariantCulture);

    public static JobKey Job(long sourceId) => new(sourceId.ToString(CultureInfo.InvariantCulture), Group);

    public static TriggerKey Trigger(long sourceId) => new(sourceId.ToString(CultureInfo.InvariantCulture), Group);

    public static ITrigger OneShot(long sourceId, DateTimeOffset at) => TriggerBuilder.Create()
        .WithIdentity(Trigger(sourceId))
        .ForJob(Job(sourceId))
        .StartAt(at)
        // Missed while busy or down: poll once now, never a burst.
        .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
        .Build();
}
