using FeedHub.Administration.Retention;
using FeedHub.Core.Retention;
using Quartz;

namespace FeedHub.Worker.Scheduling;

/// <summary>The scheduled purge (<see cref="RetentionPurger"/>), every <see cref="RetentionOptions.Interval"/>.
/// A failure is logged and the next run starts over; whole batches already done stay done.</summary>
[DisallowConcurrentExecution]
internal sealed partial class RetentionPurgeJob(RetentionPurger purger, IHostApplicationLifetime lifetime, ILogger<RetentionPurgeJob> logger) : IJob
{
    public static readonly JobKey Key = new("purge", "retention");

    /// <summary>The first run waits for the start-up polls, at most this long.</summary>
    public static readonly TimeSpan FirstRunDelay = TimeSpan.FromMinutes(5);

    /// <summary>Adds the job with a trigger firing <see cref="FirstRunDelay"/> (or the interval, if
    /// shorter) after start and then every interval. Quartz is configured before options exist,
    /// so the interval is read straight from configuration.</summary>
    public static void Schedule(IQuartzBuilder quartz, IConfiguration configuration)
    {
        TimeSpan interval = configuration.GetSection(RetentionOptions.SectionName).Get<RetentionOptions>()?.Interval ?? new RetentionOptions().Interval;
        if (interval < TimeSpan.FromSeconds(1))
        {
            // Refused by validation at start; nothing to schedule meanwhile.
            return;
        }

        TimeSpan first = interval < FirstRunDelay ? interval : FirstRunDelay;
        quartz.AddJob<RetentionPurgeJob>(job => job.WithIdentity(Key));
        quartz.AddTrigger<RetentionPurgeJob>(trigger => trigger
            .ForJob(Key)
            .WithIdentity(new TriggerKey(Key.Name, Key.Group))
            .StartAt(TimeProvider.System.GetUtcNow() + first)
            // A run missed while down is not made up in a burst: the next one comes at its time.
            .WithSimpleSchedule(schedule => schedule.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        // Quartz does not cancel running jobs when the host stops; a long purge must stop with it.
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        try
        {
            await purger.RunAsync(dryRun: false, cancellation.Token);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            LogCancelled();
        }
        catch (Exception ex)
        {
            LogFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purge cancelled by shutdown; the batches done stay done")]
    private partial void LogCancelled();

    [LoggerMessage(Level = LogLevel.Error, Message = "Purge failed; the next scheduled run starts over")]
    private partial void LogFailed(Exception exception);
}
