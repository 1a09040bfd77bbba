using FeedHub.Core.Scheduling;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;
using Microsoft.Extensions.Options;

namespace FeedHub.Worker.Operations.Status;

/// <summary>Source statuses with their state worked out for now and the configured
/// <see cref="OperationsOptions.FailingAfter"/>; what status pages, metrics and admin tools show.</summary>
public sealed class SourceStatusReport(ISourceStatusReader reader, IOptions<OperationsOptions> options, CadenceSettings cadence, TimeProvider time)
{
    public async Task<IReadOnlyList<SourceStatusView>> ListAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<SourceStatus> statuses = await reader.ListStatusAsync(cancellationToken);
        DateTimeOffset now = time.GetUtcNow();
        return [.. statuses.Select(status => View(status, now))];
    }

    public async Task<SourceStatusView?> GetAsync(long id, CancellationToken cancellationToken)
    {
        SourceStatus? status = await reader.GetStatusAsync(id, cancellationToken);
        return status is null ? null : View(status, time.GetUtcNow());
    }

    /// <summary>The totals the metrics show, with the states decided as <see cref="ListAsync"/> decides them.</summary>
    public Task<SourceTotals> CountAsync(CancellationToken cancellationToken) =>
        reader.CountAsync(SourceStates.FailingTooLongSince(time.GetUtcNow(), options.Value.FailingAfter), cancellationToken);

    private SourceStatusView View(SourceStatus status, DateTimeOffset now) =>
        SourceStatusView.From(status, SourceStates.Classify(status, now, options.Value.FailingAfter), cadence);
}
