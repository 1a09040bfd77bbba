using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using SQLitePCL;

namespace FeedHub.Storage.Sqlite;

/// <summary>Reads a cached statement's row into a <typeparamref name="T"/> the way Dapper maps the
/// same row on the other path: each column fills the writable property of its name (case ignored,
/// underscores ignored as <c>MatchNamesWithUnderscores</c> does: <c>url_key</c> fills
/// <c>UrlKey</c>), a NULL leaves the property's default, timestamps as
/// <see cref="Mapping.UtcTimestampHandler"/> reads them, columns without a property ignored. One
/// mapping for both paths, so a row class is written once and read the same on every engine.</summary>
/// <remarks>Compiled once per SQL text from the prepared statement's column names.</remarks>
internal static class SqliteRowReader<T>
    where T : class, new()
{
    private static readonly ConcurrentDictionary<string, Func<SqliteRow, T>> Readers = new(StringComparer.Ordinal);

    public static Func<SqliteRow, T> For(string sql, sqlite3_stmt statement) =>
        Readers.TryGetValue(sql, out Func<SqliteRow, T>? read) ? read : Readers.GetOrAdd(sql, Compile(statement));

    private static Func<SqliteRow, T> Compile(sqlite3_stmt statement)
    {
        PropertyInfo[] properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance);
        ParameterExpression row = Expression.Parameter(typeof(SqliteRow), "row");
        ParameterExpression result = Expression.Variable(typeof(T), "result");
        var body = new List<Expression> { Expression.Assign(result, Expression.New(typeof(T))) };
        int columns = raw.sqlite3_column_count(statement);
        for (int i = 0; i < columns; i++)
        {
            string name = raw.sqlite3_column_name(statement, i).utf8_to_string();
            PropertyInfo? property = Find(properties, name) ?? Find(properties, name.Replace("_", "", StringComparison.Ordinal));
            if (property is null || !property.CanWrite)
            {
                continue;
            }

            Type type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            string getter = type == typeof(long) ? nameof(SqliteRow.Int64)
                : type == typeof(int) ? nameof(SqliteRow.Int32)
                : type == typeof(string) ? nameof(SqliteRow.String)
                : type == typeof(DateTimeOffset) ? nameof(SqliteRow.Timestamp)
                : type == typeof(double) ? nameof(SqliteRow.Double)
                : type == typeof(bool) ? nameof(SqliteRow.Boolean)
                : throw new NotSupportedException($"{typeof(T).Name}.{property.Name} ({property.PropertyType.Name}) is not read by the statement cache.");
            Expression value = Expression.Call(row, typeof(SqliteRow).GetMethod(getter)!, Expression.Constant(i));
            if (value.Type != property.PropertyType)
            {
                value = Expression.Convert(value, property.PropertyType);
            }

            body.Add(Expression.IfThen(
                Expression.Not(Expression.Call(row, typeof(SqliteRow).GetMethod(nameof(SqliteRow.IsNull))!, Expression.Constant(i))),
                Expression.Assign(Expression.Property(result, property), value)));
        }

        body.Add(result);
        return Expression.Lambda<Func<SqliteRow, T>>(Expression.Block([result], body), row).Compile();
    }

    private static PropertyInfo? Find(PropertyInfo[] properties, string name) =>
        Array.Find(properties, property => string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase));
}
