using System.Globalization;
using Quartz;

namespace FeedHub.Worker.Scheduling;

/// <summary>One Quartz job per source, keyed by the source id.</summary>
internal static class SourceJobKeys
{
    public const string Group = "sources";
    public const string SourceIdKey = "SourceId";

    /// <summary>What the job was scheduled for (URL and interval), to notice edits made elsewhere.</summary>
    public const string DefinitionKey = "Definition";

    public static string DefinitionOf(FeedHub.Core.Sources.FeedSource source) =>
        string.Create(CultureInfo.InvariantCulture, $"{source.Url}\n{source.Interval}");

    /// <summary>The source id is kept as a string: the clustered job store keeps job data as strings.</summary>
    public static long SourceIdOf(IJobDetail job) =>
        long.Parse(job.JobDataMap.GetString(SourceIdKey) ?? throw new InvalidOperationException($"Job {job.Key} has no {SourceIdKey}."), CultureInfo.InvariantCulture);

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
