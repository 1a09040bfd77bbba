using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.RegularExpressions;
using FeedHub.Storage.Mapping;
using FeedHub.Storage.Sqlite;

namespace FeedHub.Storage.Database;

/// <summary>One statement run once per row of a batch (an insert whose generated id the next row
/// needs): the command and its parameters are made once and only their values change, so the
/// engine prepares the statement once and no per-row parameter set is built. Parameters are the
/// public properties of <typeparamref name="TRow"/> the SQL names, typed as Dapper types them
/// (timestamps through <see cref="UtcTimestampHandler"/>).
/// On SQLite the statement runs through the connection's <see cref="SqliteStatementCache"/>:
/// prepared once per native connection, not once per write, and its parameters bound by position
/// (resolved from their names once per statement) where the provider looked each of the row's
/// parameters up by name for every row (sqlite3_bind_parameter_index and the provider's own
/// lookups, 27 per new item). The values bound are the same: timestamps as UtcTimestampHandler writes
/// them on SQLite, integers, reals, texts and nulls as they are.</summary>
internal sealed class RepeatedCommand<TRow> : IAsyncDisposable
    where TRow : class
{
    private static readonly ConcurrentDictionary<string, Column[]> ColumnsBySql = new(StringComparer.Ordinal);
    private static readonly UtcTimestampHandler Timestamps = new();

    private readonly DbCommand? _command;
    private readonly Column[] _columns = [];
    private readonly SqliteStatementCache? _statements;
    private readonly string _sql;

    public RepeatedCommand(DbConnection connection, DbTransaction transaction, int commandTimeout, string sql)
    {
        _sql = sql;
        _statements = SqliteStatementCache.For(connection);
        if (_statements is not null)
        {
            return;
        }

        _columns = ColumnsBySql.GetOrAdd(sql, Columns);
        _command = connection.CreateCommand();
        _command.CommandText = sql;
        _command.Transaction = transaction;
        _command.CommandTimeout = commandTimeout;
        foreach (Column column in _columns)
        {
            DbParameter parameter = _command.CreateParameter();
            parameter.ParameterName = "@" + column.Name;
            _command.Parameters.Add(parameter);
        }
    }

    public async Task<long> ExecuteScalarInt64Async(TRow row, CancellationToken cancellationToken)
    {
        if (_statements is not null)
        {
            return _statements.ExecuteScalarInt64(_sql, row, cancellationToken);
        }

        for (int i = 0; i < _columns.Length; i++)
        {
            Set(_command!.Parameters[i], _columns[i], _columns[i].Get(row));
        }

        object? value = await _command!.ExecuteScalarAsync(cancellationToken);
        return Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public ValueTask DisposeAsync() => _command?.DisposeAsync() ?? ValueTask.CompletedTask;

    private static void Set(DbParameter parameter, Column column, object? value)
    {
        if (column.IsTimestamp && value is DateTimeOffset instant)
        {
            Timestamps.SetValue(parameter, instant);
            return;
        }

        // The type stays fixed over the rows, so a null is typed as the column's other values.
        parameter.DbType = column.DbType;
        parameter.Value = value ?? DBNull.Value;
    }

    private static Column[] Columns(string sql)
    {
        var columns = new List<Column>();
        foreach (PropertyInfo property in typeof(TRow).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            // Only what the SQL names becomes a parameter, as Dapper does.
            if (!property.CanRead || property.GetIndexParameters().Length > 0
                || !Regex.IsMatch(sql, $@"@{Regex.Escape(property.Name)}(?![\p{{L}}\p{{N}}_])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
            {
                continue;
            }

            Type type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            ParameterExpression row = Expression.Parameter(typeof(TRow), "row");
            Func<TRow, object?> get = Expression.Lambda<Func<TRow, object?>>(Expression.Convert(Expression.Property(row, property), typeof(object)), row).Compile();
            columns.Add(new Column(property.Name, DbTypeOf(type, property.Name), type == typeof(DateTimeOffset), get));
        }

        return [.. columns];
    }

    private static DbType DbTypeOf(Type type, string name) =>
        type == typeof(long) ? DbType.Int64
        : type == typeof(int) ? DbType.Int32
        : type == typeof(string) ? DbType.String
        : type == typeof(double) ? DbType.Double
        : type == typeof(bool) ? DbType.Boolean
        : type == typeof(DateTimeOffset) ? DbType.DateTimeOffset
        : throw new NotSupportedException($"Parameter {name} of type {type.Name} is not mapped by {nameof(RepeatedCommand<TRow>)}.");

    private sealed record Column(string Name, DbType DbType, bool IsTimestamp, Func<TRow, object?> Get);
}
