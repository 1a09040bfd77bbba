using System.Data.Common;
using System.Globalization;
using Dapper;
using FeedHub.Storage.Database;

namespace FeedHub.Storage.SqlServer;

/// <summary>Named exclusive locks from <c>sp_getapplock</c>: they lock a name, not rows, so two
/// processes can agree on "only one of us does this now" without touching any table.</summary>
internal static class SqlServerAppLock
{
    public const string MigrationsResource = "FeedHub.Migrations";

    /// <summary><c>FeedHub.StoryAssignment</c>, or with an id <c>FeedHub.Source.42</c>.</summary>
    public static string ResourceName(SessionLock resource, long id) =>
        id == 0 ? $"FeedHub.{resource}" : string.Create(CultureInfo.InvariantCulture, $"FeedHub.{resource}.{id}");

    /// <summary>Takes <c>@Resource</c> for the owner given (Session or Transaction), waiting up to
    /// <c>@TimeoutMs</c>, and returns sp_getapplock's code: 0 or 1 granted, below 0 not.</summary>
    public static string AcquireSql(string owner) =>
        $"""
        DECLARE @fh_result int;
        EXEC @fh_result = sp_getapplock @Resource = @Resource, @LockMode = 'Exclusive', @LockOwner = '{owner}', @LockTimeout = @TimeoutMs;
        SELECT @fh_result;
        """;

    public const string ReleaseSessionSql = "EXEC sp_releaseapplock @Resource = @Resource, @LockOwner = 'Session';";

    /// <summary>The server waits <paramref name="timeoutSeconds"/> less a second, so it answers
    /// "timed out" before the client's command timeout cuts the call off without saying why.</summary>
    public static int WaitMilliseconds(int timeoutSeconds) => Math.Max(1000, (timeoutSeconds - 1) * 1000);

    public static void EnsureGranted(int result, string resource)
    {
        if (result >= 0)
        {
            return;
        }

        string reason = result switch
        {
            -1 => "it was not granted in time (another FeedHub process holds it)",
            -2 => "the request was cancelled",
            -3 => "the request was chosen as a deadlock victim",
            _ => $"sp_getapplock returned {result}",
        };
        throw new TimeoutException($"SQL Server lock {resource} could not be taken: {reason}.");
    }

    /// <summary>A session lock around the migration run, released when disposed. It waits as long
    /// as another process migrates (a long script must not make the second worker fail), until
    /// <paramref name="cancellationToken"/> ends the start-up. If the connection broke meanwhile the
    /// server has already released the lock with the session.</summary>
    public static async Task<IAsyncDisposable> AcquireSessionAsync(DbConnection connection, string resource, int commandTimeoutSeconds, CancellationToken cancellationToken)
    {
        int result = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            AcquireSql("Session"),
            new { Resource = resource, TimeoutMs = -1 },
            commandTimeout: 0,
            cancellationToken: cancellationToken));
        EnsureGranted(result, resource);
        return new ReleasedOnDispose(connection, resource, commandTimeoutSeconds);
    }

    private sealed class ReleasedOnDispose(DbConnection connection, string resource, int commandTimeoutSeconds) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (connection.State == System.Data.ConnectionState.Open)
            {
                // A pooled connection goes back to the pool still holding a session lock unless it
                // is released here.
                await connection.ExecuteAsync(new CommandDefinition(ReleaseSessionSql, new { Resource = resource }, commandTimeout: commandTimeoutSeconds));
            }
        }
    }
}
