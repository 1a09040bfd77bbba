using System.Data;
using System.Globalization;
using FeedHub.Storage.Mapping;

namespace FeedHub.Storage.Copying;

/// <summary>A value read from one engine in the form another engine's column takes: SQLite's
/// 0/1 and text timestamps become booleans and instants, and back.</summary>
internal static class CopyValues
{
    public static DbType DbTypeOf(ColumnKind kind) => kind switch
    {
        ColumnKind.Integer => DbType.Int64,
        ColumnKind.Real => DbType.Double,
        ColumnKind.Boolean => DbType.Boolean,
        ColumnKind.Timestamp => DbType.DateTimeOffset,
        ColumnKind.Binary => DbType.Binary,
        _ => DbType.String,
    };

    public static object Convert(object? value, ColumnKind kind)
    {
        if (value is null or DBNull)
        {
            return DBNull.Value;
        }

        return kind switch
        {
            ColumnKind.Integer => value is bool flag ? (flag ? 1L : 0L) : System.Convert.ToInt64(value, CultureInfo.InvariantCulture),
            ColumnKind.Real => System.Convert.ToDouble(value, CultureInfo.InvariantCulture),
            ColumnKind.Boolean => value switch
            {
                bool flag => flag,
                string text => text is "1" || bool.Parse(text),
                _ => System.Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0,
            },
            ColumnKind.Timestamp => value switch
            {
                DateTimeOffset instant => instant.ToUniversalTime(),
                DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
                string text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                _ => throw new InvalidCastException($"A {value.GetType().Name} cannot be copied into a timestamp column."),
            },
            ColumnKind.Binary => value,
            _ => value switch
            {
                string text => text,
                // The text form every instant has in SQLite (0001_initial.sql).
                DateTimeOffset instant => UtcTimestamp.ToText(instant),
                DateTime time => UtcTimestamp.ToText(new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc))),
                IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString() ?? "",
            },
        };
    }
}
