using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.RegularExpressions;
using FeedHub.Storage.Mapping;

namespace FeedHub.Storage.Database;

/// <summary>One statement run once per row of a batch (an insert whose generated id the next row
/// needs): the command and its parameters are made once and only their values change, so the
/// engine prepares the statement once and no per-row parameter set is built. Parameters are the
/// public properties of <typeparamref name="TRow"/> the SQL names, typed as Dapper types them
/// (timestamps through <see cref="UtcTimestampHandler"/>).</summary>
internal sealed class RepeatedCommand<TRow> : IAsyncDisposable
    where TRow : class
{
    private static readonly ConcurrentDictionary<string, Column[]> ColumnsBySql = new(StringComparer.Ordinal);
    private static readonly UtcTimestampHandler Timestamps = new();

    private readonly DbCommand _command;
    private readonly Column[] _columns;

    public RepeatedCommand(DbConnection connection, DbTransaction transaction, int commandTimeout, string sql)
    {
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
        for (int i = 0; i < _columns.Length; i++)
        {
            Set(_command.Parameters[i], _columns[i], _columns[i].Get(row));
        }

        object? value = await _command.ExecuteScalarAsync(cancellationToken);
        return Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public ValueTask DisposeAsync() => _command.DisposeAsync();

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
