using System.CommandLine;
using System.Globalization;
using FeedHub.Core.Sources;
using FeedHub.Core.Storage;

namespace FeedHub.Worker.Commands;

internal static class SourcesAuditCommand
{
    public static Command Create(TextWriter output)
    {
        var limit = new Option<int>("--limit") { Description = "How many entries, newest first (1 to 1000).", DefaultValueFactory = _ => 50 };
        limit.Validators.Add(result =>
        {
            if (result.TryGetValue(out int value) && value is < 1 or > 1000)
            {
                result.AddError("--limit must be from 1 to 1000.");
            }
        });
        var source = new Option<long?>("--source") { Description = "Only entries about this source id." };
        var command = new Command("audit", "The admin actions recorded through the API and this command line, newest first.") { limit, source };
        command.SetAction((parsed, cancellationToken) => AdministrationHost.RunAsync(parsed, async admin =>
        {
            IReadOnlyList<AuditEntry> entries = await admin.AuditAsync(parsed.GetValue(limit), parsed.GetValue(source), null, cancellationToken);
            await SourceText.WriteTableAsync(
                output,
                ["ID", "AT", "ACTOR", "ACTION", "SOURCE", "DETAILS"],
                entries.Select(e => new[]
                {
                    e.Id.ToString(CultureInfo.InvariantCulture),
                    e.At.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    e.Actor,
                    e.Action,
                    e.SourceId?.ToString(CultureInfo.InvariantCulture) ?? "-",
                    e.Details,
                }));
            return CommandLineConventions.Success;
        }, cancellationToken));
        return command;
    }
}
