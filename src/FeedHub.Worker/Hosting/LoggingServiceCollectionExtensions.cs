using Microsoft.Extensions.Logging.Console;

namespace FeedHub.Worker.Hosting;

public static class LoggingServiceCollectionExtensions
{
    /// <summary>ISO 8601 UTC, to the millisecond, as the log's own time format.</summary>
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>Console timestamps in ISO 8601 UTC for every built-in formatter: without a format the
    /// simple formatter prints no time and the others print the machine's local time. Registered
    /// after the configuration binding, so a <c>Logging:Console:FormatterOptions:TimestampFormat</c>
    /// of the operator's stays, but the clock is always UTC.</summary>
    public static IServiceCollection AddFeedHubLogging(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        // Without a formatter name the console logger takes the simple formatter's settings from its
        // own obsolete options and ignores Logging:Console:FormatterOptions altogether.
        services.Configure<ConsoleLoggerOptions>(options => options.FormatterName ??= ConsoleFormatterNames.Simple);

        // The simple formatter writes the timestamp right before the level, hence the space.
        services.Configure<SimpleConsoleFormatterOptions>(options => UseIsoUtc(options, TimestampFormat + " "));
        services.Configure<JsonConsoleFormatterOptions>(options => UseIsoUtc(options, TimestampFormat));
        services.Configure<ConsoleFormatterOptions>(options => UseIsoUtc(options, TimestampFormat + " "));
        return services;
    }

    private static void UseIsoUtc(ConsoleFormatterOptions options, string format)
    {
        options.TimestampFormat ??= format;
        options.UseUtcTimestamp = true;
    }
}
