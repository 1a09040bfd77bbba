using System.CommandLine;
using System.Globalization;
using FeedHub.Administration.Retention;
using FeedHub.Core.Retention;

namespace FeedHub.Worker.Commands;

/// <summary><c>purge [--dry-run] [--rebuild]</c>: the scheduled retention purge, once, with what it removed.</summary>
internal static class PurgeCommand
{
    public static Command Create(TextWriter output)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Count what would be removed; change nothing." };
        var rebuild = new Option<bool>("--rebuild")
        {
            Description = "After purging, rewrite the whole database (VACUUM) so that it can shrink in place from then on. "
                + "Needed once for databases created before incremental vacuum; holds the write lock throughout, so stop the worker first.",
        };
        var command = new Command(
            "purge",
            "Delete items their feeds stopped listing more than FeedHub:Retention:ItemMaxAge ago, the stories left empty and audit entries "
            + "older than FeedHub:Retention:AuditMaxAge, finish sources removed with --purge, hand freed space back, print what was removed and exit.")
        {
            dryRun,
            rebuild,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(dryRun) && result.GetValue(rebuild))
            {
                result.AddError("--dry-run changes nothing; it cannot be combined with --rebuild.");
            }
        });
        command.SetAction(async (ParseResult parsed, CancellationToken cancellationToken) =>
        {
            using IHost host = await CommandHost.StartAsync(parsed, cancellationToken);
            RetentionPurger purger = host.Services.GetRequiredService<RetentionPurger>();
            PurgeReport report = await purger.RunAsync(parsed.GetValue(dryRun), cancellationToken);
            await output.WriteLineAsync(Describe(report));
            if (parsed.GetValue(rebuild))
            {
                long freed = await host.Services.GetRequiredService<IRetentionStore>().RebuildAsync(cancellationToken);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Rebuilt the database: {freed} bytes reclaimed; later purges shrink it in place."));
            }

            return CommandLineConventions.Success;
        });
        return command;
    }

    public static string Describe(PurgeReport report) => report.DryRun
        ? string.Create(CultureInfo.InvariantCulture, $"Would remove {report.Items} items, {report.Stories} stories, {report.AuditEntries} audit entries and {report.Sources} purged sources; database {report.DatabaseBytes} bytes.")
        : string.Create(CultureInfo.InvariantCulture, $"Removed {report.Items} items, {report.Stories} stories, {report.AuditEntries} audit entries and {report.Sources} purged sources; {report.BytesReclaimed} bytes reclaimed; database {report.DatabaseBytes} bytes.");
}
