using System.Data.Common;
using System.Globalization;
using FeedHub.Storage.Database;
using FeedHub.Storage.Mapping;
using Microsoft.Data.SqlClient;

namespace FeedHub.Storage.SqlServer;

/// <summary>Opens pooled Microsoft.Data.SqlClient connections; the pool, not FeedHub, keeps them.</summary>
internal sealed class SqlServerConnectionFactory : IConnectionFactory
{
    private readonly string _connectionString;
    private readonly string _probeConnectionString;

    public SqlServerConnectionFactory(StorageOptions options)
    {
        DapperSetup.EnsureConfigured();
        CommandTimeoutSeconds = Math.Max(1, (int)Math.Ceiling(options.CommandTimeout.TotalSeconds));
        var builder = new SqlConnectionStringBuilder(options.ConnectionString)
        {
            CommandTimeout = CommandTimeoutSeconds,
        };
        if (string.IsNullOrEmpty(builder.ApplicationName) || builder.ApplicationName == new SqlConnectionStringBuilder().ApplicationName)
        {
            // Names FeedHub's sessions in sys.dm_exec_sessions and in the server's own logs.
            builder.ApplicationName = "FeedHub";
        }

        _connectionString = builder.ConnectionString;
        builder.Pooling = false;
        _probeConnectionString = builder.ConnectionString;
    }

    public int CommandTimeoutSeconds { get; }

    /// <summary>Why SqlClient cannot run in this process, or null. It refuses .NET's
    /// globalization-invariant mode (it maps server collations to cultures), which this build turns
    /// on (InvariantGlobalization in Directory.Build.props): without this check the first connection
    /// would fail with "Globalization Invariant Mode is not supported." and nothing naming the setting.</summary>
    public static string? EnvironmentProblem() =>
        GlobalizationInvariant()
            ? "Microsoft.Data.SqlClient does not run in .NET's globalization-invariant mode, which this build turns on; build the worker with InvariantGlobalization=false (and ICU installed) to use SQL Server."
            : null;

    /// <summary>Why <paramref name="connectionString"/> cannot be a SqlClient connection string
    /// (an unknown keyword, a bad value), or null: said at start-up rather than at the first query.</summary>
    public static string? ProblemWith(string connectionString)
    {
        try
        {
            _ = new SqlConnectionStringBuilder(connectionString);
            return null;
        }
        catch (Exception error) when (error is ArgumentException or FormatException or InvalidOperationException)
        {
            return error.Message;
        }
    }

    public Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => OpenAsync(_connectionString, cancellationToken);

    public Task<DbConnection> OpenProbeAsync(CancellationToken cancellationToken) => OpenAsync(_probeConnectionString, cancellationToken);

    private static bool GlobalizationInvariant()
    {
        if (AppContext.TryGetSwitch("System.Globalization.Invariant", out bool invariant))
        {
            return invariant;
        }

        try
        {
            return CultureInfo.GetCultureInfo("en-US").CompareInfo.LCID == CultureInfo.InvariantCulture.CompareInfo.LCID;
        }
        catch (CultureNotFoundException)
        {
            return true;
        }
    }

    private static async Task<DbConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
