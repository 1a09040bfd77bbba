using System.Collections.Concurrent;
using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FeedHub.Storage.Mapping;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace FeedHub.Storage.Sqlite;

/// <summary>The statements every poll sends, prepared once per native SQLite connection and then
/// reused. Microsoft.Data.Sqlite compiles a command's SQL for every new command, and closing a
/// SqliteConnection (every store operation's, back to the pool) disposes its commands' statements,
/// so the same few statements were compiled again for every poll: sqlite3_prepare_v2 alone was
/// 23 % of the CPU of an unchanged refresh (docs/benchmarks.md). Parameters are bound by position,
/// resolved from their names once per statement.</summary>
/// <remarks>The cache is found by the native handle (as SqliteConnectionFactory finds the
/// handles it has set up) and is handed to the handle's <c>hook_handles</c>, where SQLitePCL keeps
/// what must be released when it closes the handle: it disposes them right after
/// sqlite3_close_v2, and finalizing the statements then completes that close (until then the file
/// stays open). A native connection is used by one SqliteConnection at a time, so the cache needs
/// no lock.</remarks>
internal sealed class SqliteStatementCache : IDisposable
{
    private static readonly ConcurrentDictionary<Type, ParameterSource> Sources = new();
    private static readonly ConditionalWeakTable<sqlite3, SqliteStatementCache> Caches = [];

    // The name the cache is registered under among the handle's collations: one no SQL names.
    private static readonly byte[] HookName = "feedhub statement cache\0"u8.ToArray();

    private readonly sqlite3 _db;
    private readonly Dictionary<string, Statement> _statements = new(StringComparer.Ordinal);

    private SqliteStatementCache(sqlite3 db) => _db = db;

    /// <summary>The cache of an open SQLite connection; null on the server engines (Npgsql
    /// prepares by itself).</summary>
    public static SqliteStatementCache? For(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle })
        {
            return null;
        }

        if (Caches.TryGetValue(handle, out SqliteStatementCache? cache))
        {
            return cache;
        }

        // The handle's one "extra" slot holds its hook_handles once anything registered a hook or
        // function; made here the way the provider makes them (names compared byte by byte) when
        // nothing did yet. Should the slot hold something else, nothing would finalize the
        // statements on close: no cache.
        if (handle.GetOrCreateExtra<IDisposable>(() => new hook_handles(SameBytes)) is not hook_handles hooks)
        {
            return null;
        }

        cache = new SqliteStatementCache(handle);
        hooks.AddCollation(HookName, cache);
        Caches.AddOrUpdate(handle, cache);
        return cache;
    }

    /// <summary>Runs a statement that returns no rows; the number of rows it changed.</summary>
    public int Execute(string sql, object parameters, CancellationToken cancellationToken) =>
        Run(sql, parameters, cancellationToken, statement =>
        {
            Step(statement);
            return raw.sqlite3_changes(_db);
        });

    /// <summary>Runs a statement that returns one integer (an insert's <c>RETURNING id</c>): the
    /// first column of its first row, as ExecuteScalar reads it. The statement is stepped to its end.</summary>
    public long ExecuteScalarInt64(string sql, object parameters, CancellationToken cancellationToken) =>
        Run(sql, parameters, cancellationToken, statement =>
        {
            if (!Step(statement))
            {
                throw new InvalidOperationException("The statement returned no row.");
            }

            long value = raw.sqlite3_column_int64(statement, 0);
            while (Step(statement))
            {
            }

            return value;
        });

    /// <summary>Hands each row to <paramref name="read"/> until it returns false or the rows end:
    /// the rows after a stop are not read at all.</summary>
    public int QueryEach(string sql, object parameters, Func<SqliteRow, bool> read, CancellationToken cancellationToken) =>
        Run(sql, parameters, cancellationToken, statement =>
        {
            int rows = 0;
            while (Step(statement))
            {
                rows++;
                if (!read(new SqliteRow(statement)))
                {
                    break;
                }
            }

            return rows;
        });

    /// <summary>The first row as a <typeparamref name="T"/> (columns to properties by name, as
    /// Dapper maps them: <see cref="SqliteRowReader{T}"/>), or null when there is none.</summary>
    public T? QueryFirstOrDefault<T>(string sql, object parameters, CancellationToken cancellationToken)
        where T : class, new() =>
        Run(sql, parameters, cancellationToken, statement => Step(statement) ? SqliteRowReader<T>.For(sql, statement)(new SqliteRow(statement)) : null);

    /// <summary>Every row as a <typeparamref name="T"/> (see <see cref="SqliteRowReader{T}"/>).</summary>
    public List<T> Query<T>(string sql, object parameters, CancellationToken cancellationToken)
        where T : class, new() =>
        Run(sql, parameters, cancellationToken, statement =>
        {
            var rows = new List<T>();
            Func<SqliteRow, T>? read = null;
            while (Step(statement))
            {
                read ??= SqliteRowReader<T>.For(sql, statement);
                rows.Add(read(new SqliteRow(statement)));
            }

            return rows;
        });

    /// <summary>The SQL of every cached statement (for tests).</summary>
    internal IReadOnlyCollection<string> CachedSql => _statements.Keys;

    /// <summary>The cached native statement of <paramref name="sql"/>, if any (for tests).</summary>
    internal sqlite3_stmt? Cached(string sql) => _statements.TryGetValue(sql, out Statement? statement) ? statement.Handle : null;

    public void Dispose()
    {
        foreach (Statement statement in _statements.Values)
        {
            statement.Handle.Dispose();
        }

        _statements.Clear();
    }

    private static bool SameBytes(IntPtr left, IntPtr right, int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (Marshal.ReadByte(left, i) != Marshal.ReadByte(right, i))
            {
                return false;
            }
        }

        return true;
    }

    private T Run<T>(string sql, object parameters, CancellationToken cancellationToken, Func<sqlite3_stmt, T> body)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // A statement still in use (a read that runs the same statement while it steps) is not shared:
        // that caller gets one of its own, finalized after.
        bool cached = !_statements.TryGetValue(sql, out Statement? statement) || !statement.InUse;
        if (statement is null || !cached)
        {
            statement = Prepare(sql);
            if (cached)
            {
                _statements.Add(sql, statement);
            }
        }

        statement.InUse = true;
        try
        {
            statement.Bind(parameters, _db);
            return body(statement.Handle);
        }
        finally
        {
            // Also after a failed step or read: a statement left mid-read would keep its read
            // transaction open, and its next use would continue where this one stopped.
            raw.sqlite3_reset(statement.Handle);
            raw.sqlite3_clear_bindings(statement.Handle);
            statement.InUse = false;
            if (!cached)
            {
                statement.Handle.Dispose();
            }
        }
    }

    private Statement Prepare(string sql)
    {
        int rc = raw.sqlite3_prepare_v2(_db, sql, out sqlite3_stmt handle, out string tail);
        SqliteException.ThrowExceptionForRC(rc, _db);
        if (!string.IsNullOrWhiteSpace(tail))
        {
            handle.Dispose();
            throw new ArgumentException("A cached statement must be a single statement.", nameof(sql));
        }

        return new Statement(handle);
    }

    private bool Step(sqlite3_stmt statement)
    {
        int rc = raw.sqlite3_step(statement);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }

        return false;
    }

    private sealed class Statement(sqlite3_stmt handle)
    {
        private Type? _parameterType;
        private int[] _positions = [];

        public sqlite3_stmt Handle { get; } = handle;

        public bool InUse { get; set; }

        public void Bind(object parameters, sqlite3 db)
        {
            ParameterSource source = Sources.GetOrAdd(parameters.GetType(), ParameterSource.For);
            if (_parameterType != parameters.GetType())
            {
                _positions = Positions(source);
                _parameterType = parameters.GetType();
            }

            object?[] values = source.Values(parameters);
            for (int i = 0; i < _positions.Length; i++)
            {
                int rc = values[_positions[i]] switch
                {
                    null => raw.sqlite3_bind_null(Handle, i + 1),
                    long value => raw.sqlite3_bind_int64(Handle, i + 1, value),
                    int value => raw.sqlite3_bind_int64(Handle, i + 1, value),
                    bool value => raw.sqlite3_bind_int64(Handle, i + 1, value ? 1 : 0),
                    double value => raw.sqlite3_bind_double(Handle, i + 1, value),
                    string value => raw.sqlite3_bind_text(Handle, i + 1, value),
                    // As UtcTimestampHandler writes them on SQLite.
                    DateTimeOffset value => raw.sqlite3_bind_text(Handle, i + 1, UtcTimestamp.ToText(value)),
                    object value => throw new NotSupportedException($"A {value.GetType().Name} parameter is not bound by the statement cache."),
                };
                SqliteException.ThrowExceptionForRC(rc, db);
            }
        }

        // Which property fills each parameter, by the parameter's name (@Id is the property Id), as
        // Dapper matches them.
        private int[] Positions(ParameterSource source)
        {
            var positions = new int[raw.sqlite3_bind_parameter_count(Handle)];
            for (int i = 0; i < positions.Length; i++)
            {
                string name = raw.sqlite3_bind_parameter_name(Handle, i + 1).utf8_to_string()[1..];
                positions[i] = Array.FindIndex(source.Names, candidate => string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase));
                if (positions[i] < 0)
                {
                    throw new InvalidOperationException($"No value was given for the parameter @{name}.");
                }
            }

            return positions;
        }
    }

    /// <summary>The public properties of a parameter object, read by one compiled delegate.</summary>
    private sealed record ParameterSource(string[] Names, Func<object, object?[]> Values)
    {
        public static ParameterSource For(Type type)
        {
            PropertyInfo[] properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
            ParameterExpression boxed = Expression.Parameter(typeof(object));
            Expression typed = Expression.Convert(boxed, type);
            var values = Expression.NewArrayInit(
                typeof(object),
                properties.Select(property => Expression.Convert(Expression.Property(typed, property), typeof(object))));
            return new ParameterSource(
                [.. properties.Select(property => property.Name)],
                Expression.Lambda<Func<object, object?[]>>(values, boxed).Compile());
        }
    }
}

/// <summary>The current row of a cached statement, read by column position.</summary>
internal readonly struct SqliteRow(sqlite3_stmt statement)
{
    public bool IsNull(int column) => raw.sqlite3_column_type(statement, column) == raw.SQLITE_NULL;

    public long Int64(int column) => raw.sqlite3_column_int64(statement, column);

    public int Int32(int column) => checked((int)Int64(column));

    public bool Boolean(int column) => Int64(column) != 0;

    public double Double(int column) => raw.sqlite3_column_double(statement, column);

    public string String(int column) => raw.sqlite3_column_text(statement, column).utf8_to_string();

    // The bytes as stored (UTF-8 text), parsed without a string in between.
    public DateTimeOffset Timestamp(int column) => UtcTimestamp.Parse(raw.sqlite3_column_blob(statement, column));
}
