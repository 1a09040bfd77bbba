using System.Data;
using Dapper;
using Microsoft.Data.Sqlite;

namespace FeedHub.Storage.Mapping;

/// <summary>Writes and reads <see cref="DateTimeOffset"/> as UTC. Without it Dapper fails to
/// read SQLite text back, and Microsoft.Data.Sqlite would write the caller's offset, which
/// breaks ordering of mixed-offset values.</summary>
internal sealed class UtcTimestampHandler : SqlMapper.TypeHandler<DateTimeOffset>
{
    public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
    {
        // Dapper's handlers are process-wide: engines with a native instant type get one.
        if (parameter is SqliteParameter)
        {
            parameter.DbType = DbType.String;
            parameter.Value = UtcTimestamp.ToText(value);
        }
        else
        {
            parameter.DbType = DbType.DateTimeOffset;
            parameter.Value = value.ToUniversalTime();
        }
    }

    public override DateTimeOffset Parse(object value) => value switch
    {
        string text => UtcTimestamp.Parse(text),
        DateTimeOffset instant => instant.ToUniversalTime(),
        DateTime dateTime => new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)),
        _ => throw new DataException($"A {value.GetType().Name} column cannot be read as a timestamp."),
    };
}
