using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FeedHub.Administration;
using FeedHub.Core.Scheduling;
using FeedHub.Worker.AdminApi;
using FeedHub.Worker.Scheduling;
using Microsoft.Extensions.DependencyInjection;

namespace FeedHub.Worker.Commands;

internal static class SourcesListCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create(TextWriter output)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON (as GET /api/sources returns it) instead of a table." };
        var command = new Command("list", "List sources: id, title, URL, tags, state, last success, failures, items.") { json };
        command.SetAction((parsed, cancellationToken) => AdministrationHost.RunAsync<IServiceProvider>(parsed, async services =>
        {
            SourceAdministration admin = services.GetRequiredService<SourceAdministration>();
            IReadOnlyList<SourceView> sources = await admin.ListAsync(cancellationToken);
            if (parsed.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(sources.Select(view => SourceResponse.From(view, services.GetRequiredService<CadenceSettings>())), Json));
                return CommandLineConventions.Success;
            }

            await SourceText.WriteTableAsync(
                output,
                ["ID", "TITLE", "URL", "TAGS", "STATE", "LAST SUCCESS", "FAILURES", "ITEMS"],
                sources.Select(view => new[]
                {
                    view.Source.Id.ToString(CultureInfo.InvariantCulture),
                    SourceText.Shorten(view.Source.Title, 40),
                    view.Source.Url,
                    SourceText.Tags(view.Source.Tags),
                    view.State,
                    SourceText.Time(view.Source.LastSuccessAt),
                    view.Source.ConsecutiveFailures.ToString(CultureInfo.InvariantCulture),
                    view.Items.ToString(CultureInfo.InvariantCulture),
                }));
            return CommandLineConventions.Success;
        }, cancellationToken));
        return command;
    }
}
