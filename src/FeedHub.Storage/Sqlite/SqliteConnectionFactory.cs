using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using FeedHub.Storage.Database;
using FeedHub.Storage.Mapping;
using Microsoft.Data.Sqlite;

namespace FeedHub.Storage.Sqlite;

/// <summary>Opens a new pooled connection per operation (SQLite connections are not
/// thread-safe) with the pragmas every FeedHub connection relies on, set once per physical
/// connection.</summary>
internal sealed class SqliteConnectionFactory : IConnectionFactory
{
    // busy_timeout comes first: turning a fresh file to WAL needs a brief exclusive lock, and a
    // second process opening the file at the same moment should wait for it, not fail. It is the
    // configured command timeout, the one bound on any wait: a fixed 10 s left the rest of that bound
    // to Microsoft.Data.Sqlite's own retry loop, which sleeps a thread 150 ms per try and, unlike
    // SQLite's busy handler, does not take the lock the moment it is free.
    // auto_vacuum before WAL: it takes effect only on a file with no tables yet (a new database),
    // and only if set before the WAL switch writes the header; elsewhere it changes nothing until
    // a full VACUUM (`purge --rebuild`). It lets the purge shrink the file in place. It is read
    // first and set only when it is not incremental yet: on a file that already is, setting it
    // again still writes the header page, a write transaction at every new connection, which waited
    // behind any other writer (a command starting beside a busy worker) and added a WAL frame.
    private const string BusyTimeoutPragma = "PRAGMA busy_timeout={0};";

    private const string ReadVacuum = "PRAGMA auto_vacuum";

    private const string SetPragmas = "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;";

    private const string SetIncrementalVacuum = "PRAGMA auto_vacuum=INCREMENTAL; ";

    // PRAGMA auto_vacuum's answer for INCREMENTAL.
    private const long IncrementalVacuum = 2;

    private readonly string _busyTimeoutPragma;

    // The native connections the pragmas were set on. They are per connection and a pooled
    // SqliteConnection hands back the same native handle, which keeps them; setting them again on
    // every open was five statements prepared and run per store operation, about a sixth of an
    // unchanged poll's CPU (docs/benchmarks.md). Weak: a handle the pool closes is forgotten.
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = [];
    private readonly string _probeConnectionString;
    private readonly string _unpooledConnectionString;
    private string? _folder;

    public SqliteConnectionFactory(StorageOptions options)
    {
        DapperSetup.EnsureConfigured();
        CommandTimeoutSeconds = Math.Max(1, (int)Math.Ceiling(options.CommandTimeout.TotalSeconds));
        _busyTimeoutPragma = string.Format(CultureInfo.InvariantCulture, BusyTimeoutPragma, (long)CommandTimeoutSeconds * 1000);
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString)
        {
            Pooling = true,
            DefaultTimeout = CommandTimeoutSeconds,
        };
        if (IsFilePath(builder))
        {
            builder.DataSource = Path.GetFullPath(builder.DataSource);
            _folder = Path.GetDirectoryName(builder.DataSource);
        }

        ConnectionString = builder.ToString();
        builder.Pooling = false;
        _unpooledConnectionString = builder.ToString();

        // A pooled connection keeps working on a file whose folder was removed or replaced, and
        // ReadWriteCreate would make a new empty file: the probe does neither.
        if (builder.Mode == SqliteOpenMode.ReadWriteCreate && IsFilePath(builder))
        {
            builder.Mode = SqliteOpenMode.ReadWrite;
        }

        _probeConnectionString = builder.ToString();
    }

    public string ConnectionString { get; }

    public int CommandTimeoutSeconds { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        // Created at the first open, not when configured: a folder that cannot be made is then a
        // database error like any other, and commands that only read (migrate --script) make none.
        // Only once: a folder that disappears later is an outage, not a cue to start a new database.
        if (Volatile.Read(ref _folder) is { } folder)
        {
            Directory.CreateDirectory(folder);
            Volatile.Write(ref _folder, null);
        }

        return await OpenAsync(ConnectionString, cancellationToken);
    }

    public async Task<DbConnection> OpenProbeAsync(CancellationToken cancellationToken) =>
        await OpenAsync(_probeConnectionString, cancellationToken);

    /// <summary>A connection of its own, never handed to anyone else by the pool, for a caller
    /// that keeps it (the batch writer): its settings and page cache stay its own, and closing it
    /// frees them.</summary>
    public async Task<SqliteConnection> OpenUnpooledAsync(CancellationToken cancellationToken) =>
        await OpenAsync(_unpooledConnectionString, cancellationToken);

    private async Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            SQLitePCL.sqlite3 handle = connection.Handle!;
            if (!_configured.TryGetValue(handle, out _))
            {
                // A plain command, not Dapper: a short process (a refresh whose sources all answer
                // 304) would otherwise pay Dapper's set-up for this alone.
                await using SqliteCommand pragmas = connection.CreateCommand();
                pragmas.CommandText = _busyTimeoutPragma;
                pragmas.CommandTimeout = CommandTimeoutSeconds;
                await pragmas.ExecuteNonQueryAsync(cancellationToken);
                pragmas.CommandText = ReadVacuum;
                bool incremental = Convert.ToInt64(await pragmas.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == IncrementalVacuum;
                pragmas.CommandText = incremental ? SetPragmas : SetIncrementalVacuum + SetPragmas;
                await pragmas.ExecuteNonQueryAsync(cancellationToken);
                _configured.AddOrUpdate(handle, handle);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    bool IConnectionFactory.DatabaseExists
    {
        get
        {
            var builder = new SqliteConnectionStringBuilder(ConnectionString);
            return !IsFilePath(builder) || File.Exists(builder.DataSource);
        }
    }

    private static bool IsFilePath(SqliteConnectionStringBuilder builder) =>
        builder.Mode != SqliteOpenMode.Memory
        && !string.IsNullOrEmpty(builder.DataSource)
        && builder.DataSource != ":memory:"
        && !builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
}
