using System.CommandLine;
using System.Globalization;
using FeedHub.Storage;
using FeedHub.Storage.Copying;
using FeedHub.Worker.Hosting;
using Microsoft.Extensions.Options;

namespace FeedHub.Worker.Commands;

/// <summary><c>storage copy --to-provider P --to CONNSTR</c>: every FeedHub table from the configured
/// database into an empty one, ids kept, counts verified.</summary>
/// <remarks>Workers must be stopped first (docs/moving-databases.md). The copy does not trust that:
/// it holds the source's write lock (SQLite) or share locks on its tables (server engines) to the
/// end, so a worker still running cannot change what is being copied; its writes wait, and fail
/// after the busy timeout, and are retried by its next poll against the old database.</remarks>
internal static class StorageCopyCommand
{
    /// <summary>Progress lines at most this often per table, so a million items give a hundred lines.</summary>
    private const long ProgressEvery = 10_000;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var provider = new Option<StorageProvider>("--to-provider")
        {
            Description = $"The target's engine: {string.Join(", ", Enum.GetNames<StorageProvider>())}.",
            Required = true,
            // Operators type engine names in any case (sqlite, postgresql).
            CustomParser = result =>
            {
                string token = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (Enum.TryParse(token, ignoreCase: true, out StorageProvider parsed) && Enum.IsDefined(parsed))
                {
                    return parsed;
                }

                result.AddError($"--to-provider must be one of {string.Join(", ", Enum.GetNames<StorageProvider>())}, not '{token}'.");
                return default;
            },
        };
        var to = new Option<string>("--to") { Description = "The target's connection string (an empty database; it is migrated first).", Required = true };
        var batch = new Option<int>("--batch-size") { Description = "Rows per INSERT statement (default 1000).", DefaultValueFactory = _ => 1000 };
        var command = new Command(
            "copy",
            "Copy every FeedHub table from the configured database into an empty database (same or other engine) with the same ids, "
            + "then compare the row counts of every table; exits 1 on a difference. Stop the workers first: the source is locked against writes while it runs.")
        {
            provider,
            to,
            batch,
        };
        batch.Validators.Add(result =>
        {
            if (result.TryGetValue(out int value) && value < 1)
            {
                result.AddError("--batch-size must be at least 1.");
            }
        });
        command.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValue(to)))
            {
                result.AddError("--to needs the target's connection string.");
            }

        });
        command.SetAction(async (ParseResult parsed, CancellationToken cancellationToken) =>
        {
            var target = new StorageOptions { Provider = parsed.GetValue(provider), ConnectionString = parsed.GetValue(to)!.Trim() };
            return await RunAsync(parsed, target, parsed.GetValue(batch), output, error, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parsed, StorageOptions target, int batchSize, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using IHost host = await CommandHost.StartAsync(parsed, cancellationToken, initializeDatabase: false);
        StorageOptions source = host.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        source = new StorageOptions { Provider = source.Provider, ConnectionString = source.ConnectionString, CommandTimeout = source.CommandTimeout };
        target.CommandTimeout = source.CommandTimeout;
        DatabaseCopier copier = DatabaseCopier.Create(
            source, target, host.Services.GetRequiredService<ILoggerFactory>(), host.Services.GetRequiredService<TimeProvider>());

        await output.WriteLineAsync($"Copying {StartupSummary.DescribeDatabase(source)} to {StartupSummary.DescribeDatabase(target)}.");
        CopyReport report = await copier.CopyAsync(batchSize, new ProgressLines(output), cancellationToken);
        foreach (string note in report.Notes)
        {
            await output.WriteLineAsync($"Note: {note}");
        }

        foreach (TableCount table in report.Tables.Where(table => !table.Matches))
        {
            await error.WriteLineAsync($"Row counts differ: {table.Table} has {Rows(table.Source)} in the source and {Rows(table.Target)} in the target.");
        }

        if (!report.Matches)
        {
            return CommandLineConventions.Failure;
        }

        long total = report.Tables.Sum(table => table.Target);
        await output.WriteLineAsync(
            $"Copied {Rows(total)} in {report.Tables.Count} tables; every table has as many rows in the target as in the source. "
            + "Point FeedHub:Storage at the target before starting the workers.");
        return CommandLineConventions.Success;
    }

    private static string Rows(long count) => count.ToString("N0", CultureInfo.InvariantCulture) + (count == 1 ? " row" : " rows");

    /// <summary>A line when a table starts, every <see cref="ProgressEvery"/> rows and when it is done;
    /// written at once (not through <see cref="Progress{T}"/>, which posts lines out of order).</summary>
    private sealed class ProgressLines(TextWriter output) : IProgress<CopyProgress>
    {
        private string? _table;
        private long _printed;

        public void Report(CopyProgress value)
        {
            if (value.Table != _table)
            {
                _table = value.Table;
                _printed = 0;
            }

            if (value.Copied == value.Total || value.Copied - _printed >= ProgressEvery)
            {
                _printed = value.Copied;
                output.WriteLine($"{value.Table}: {value.Copied.ToString(CultureInfo.InvariantCulture)}/{value.Total.ToString(CultureInfo.InvariantCulture)} rows");
            }
        }
    }
}
