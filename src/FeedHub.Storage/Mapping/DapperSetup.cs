using Dapper;

namespace FeedHub.Storage.Mapping;

/// <summary>Process-wide Dapper configuration, applied once before the first query (a type
/// handler added after a query has run is not seen by Dapper's cached readers).</summary>
internal static class DapperSetup
{
    private static readonly Lock Gate = new();
    private static volatile bool _configured;

    /// <summary>Returns only once the configuration is complete: a caller that went ahead while
    /// another thread was still configuring would have Dapper cache a reader without the
    /// underscore matching (a row whose <c>url_key</c> reads as empty), for the life of the process.</summary>
    public static void EnsureConfigured()
    {
        if (_configured)
        {
            return;
        }

        lock (Gate)
        {
            if (!_configured)
            {
                Configure();
                _configured = true;
            }
        }
    }

    private static void Configure()
    {

        // DateTimeOffset is in Dapper's built-in type map, which wins over handlers when
        // parameters are written: without removing it, values go out with their local offset.
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
        SqlMapper.AddTypeHandler(new UtcTimestampHandler());

        // Columns are snake_case, row classes PascalCase: last_checked_at fills LastCheckedAt.
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }
}
