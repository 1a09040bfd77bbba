using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.SqlClient;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using IsolationLevel = System.Data.IsolationLevel;

namespace FeedHub.IntegrationTests.Storage.SqlServer;

/// <summary>A connection that runs nothing: it records every command text the stores send (after
/// Dapper has expanded it) and answers each query with one made-up row whose columns are read from
/// the query's own select list, so that the stores walk their paths as they would on a server.
/// The values only have to be plausible enough to lead to the next statement.</summary>
internal sealed class RecordingConnection(ConcurrentQueue<string> log) : DbConnection
{
    private ConnectionState _state = ConnectionState.Closed;

    [AllowNull]
    public override string ConnectionString { get; set; } = "Server=recording";

    public override string Database => "recording";

    public override string DataSource => "recording";

    public override string ServerVersion => "16.0";

    public override ConnectionState State => _state;

    public override void ChangeDatabase(string databaseName)
    {
    }

    public override void Close() => _state = ConnectionState.Closed;

    public override void Open() => _state = ConnectionState.Open;

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => new RecordingTransaction(this, isolationLevel);

    protected override DbCommand CreateDbCommand() => new RecordingCommand(this, log);

    private sealed class RecordingTransaction(DbConnection connection, IsolationLevel isolationLevel) : DbTransaction
    {
        public override IsolationLevel IsolationLevel => isolationLevel;

        protected override DbConnection DbConnection => connection;

        public override void Commit()
        {
        }

        public override void Rollback()
        {
        }
    }

    private sealed class RecordingCommand(DbConnection connection, ConcurrentQueue<string> log) : DbCommand
    {
        // A real SqlClient parameter collection: the type handlers see the SqlParameter they would
        // see on a server.
        private readonly SqlCommand _parameters = new();

        [AllowNull]
        public override string CommandText { get; set; } = "";

        public override int CommandTimeout { get; set; }

        public override CommandType CommandType { get; set; }

        public override bool DesignTimeVisible { get; set; }

        public override UpdateRowSource UpdatedRowSource { get; set; }

        protected override DbConnection? DbConnection { get; set; } = connection;

        protected override DbParameterCollection DbParameterCollection => _parameters.Parameters;

        protected override DbTransaction? DbTransaction { get; set; }

        public override void Cancel()
        {
        }

        public override int ExecuteNonQuery()
        {
            log.Enqueue(CommandText);
            return 1;
        }

        public override object? ExecuteScalar()
        {
            log.Enqueue(CommandText);
            // sp_getapplock: granted; snapshot isolation: not allowed; a count or a new id: 2, so
            // that "is there one?" and "more than one copy?" both lead on.
            return CommandText.Contains("sp_getapplock", StringComparison.Ordinal) || CommandText.Contains("snapshot_isolation_state", StringComparison.Ordinal)
                ? 0
                : 2L;
        }

        public override void Prepare()
        {
        }

        protected override DbParameter CreateDbParameter() => new SqlParameter();

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
        {
            log.Enqueue(CommandText);
            var table = new DataTable();
            IReadOnlyList<string> columns = SelectedColumns(CommandText);
            if (columns.Count == 0)
            {
                return table.CreateDataReader();
            }

            var row = new object[columns.Count];
            for (int i = 0; i < columns.Count; i++)
            {
                row[i] = SyntheticRows.ValueFor(columns[i]);
                table.Columns.Add(columns[i].Length == 0 ? $"column{i}" : columns[i], row[i].GetType());
            }

            table.Rows.Add(row);
            return table.CreateDataReader();
        }

        /// <summary>The names of the first select list of the text (an unnamed expression gives "").
        /// Text that does not parse gives none; the test reports its parse errors itself.</summary>
        private static IReadOnlyList<string> SelectedColumns(string sql)
        {
            TSqlFragment fragment = new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out IList<ParseError> errors);
            if (errors.Count > 0)
            {
                return [];
            }

            var finder = new FirstSelectList();
            fragment.Accept(finder);
            return finder.Columns ?? [];
        }
    }

    private sealed class FirstSelectList : TSqlFragmentVisitor
    {
        public List<string>? Columns { get; private set; }

        public override void ExplicitVisit(SelectStatement node)
        {
            if (Columns is null)
            {
                QueryExpression query = node.QueryExpression;
                while (query is BinaryQueryExpression union)
                {
                    query = union.FirstQueryExpression;
                }

                while (query is QueryParenthesisExpression parenthesis)
                {
                    query = parenthesis.QueryExpression;
                }

                if (query is QuerySpecification specification)
                {
                    Columns = [.. specification.SelectElements.Select(Name)];
                }
            }
        }

        public override void ExplicitVisit(OutputClause node) =>
            Columns ??= [.. node.SelectColumns.Select(Name)];

        private static string Name(SelectElement element) => element switch
        {
            SelectScalarExpression { ColumnName: { } alias } => alias.Value,
            SelectScalarExpression { Expression: ColumnReferenceExpression column } => column.MultiPartIdentifier.Identifiers[^1].Value,
            _ => "",
        };
    }
}
