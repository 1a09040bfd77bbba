using Dapper;

namespace FeedHub.Storage.Mapping;

/// <summary>Process-wide Dapper configuration, applied once before the first query (a type
/// handler added after a query has run is not seen by Dapper's cached readers).</summary>
internal static class DapperSetup
{
    private static int _configured;

    public static void EnsureConfigured()
    {
        if (Interlocked.Exchange(ref _configured, 1) == 1)
        {
            return;
        }

        // DateTimeOffset is in Dapper's built-in type map, which wins over handlers when
        // parameters are written: without removing it, values go out with their local offset.
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
        SqlMapper.AddTypeHandler(new UtcTimestampHandler());

        // Columns are snake_case, row classes PascalCase: last_checked_at fills LastCheckedAt.
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }
}
