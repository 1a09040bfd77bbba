using Dapper;
using FeedHub.Storage;
using FeedHub.Storage.Copying;
using FeedHub.Storage.Database;
using Microsoft.Data.Sqlite;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace FeedHub.IntegrationTests.Storage.SqlServer;

/// <summary>A version means the same schema on every engine: the tables, columns and indexes the
/// SQL Server scripts create are those of a SQLite file migrated to the same version, read from
/// both (the SQLite file from the engine, the T-SQL through its parse tree), not from a list.</summary>
public sealed class SqlServerSchemaParityTests
{
    // SQLite's means to an end that SQL Server gets otherwise (IDENTITY never reuses an id).
    private static readonly string[] SqliteOnlyTables = ["story_ids", "schema_migrations"];

    // Each engine's own text index over the same folded search_text (0012_search_index): SQLite's
    // FTS5 table (a virtual table and the shadow tables FTS5 keeps), SQL Server's token table.
    private const string SqliteTextIndexPrefix = "items_search";
    private static readonly string[] SqlServerOnlyTables = ["item_search_terms"];

    [Fact]
    public async Task Tables_and_columns_match_a_migrated_SQLite_file()
    {
        Schema sqlite = await SqliteSchemaAsync();
        Schema sqlServer = SqlServerSchema();

        Assert.Equal(sqlite.Columns.Keys.Order(), sqlServer.Columns.Keys.Order());
        // 0021: an ALTER TABLE ... ADD of two columns, read from the T-SQL parse tree.
        Assert.Superset(new SortedSet<string>(["document_hash", "document_item_ids"], StringComparer.Ordinal), sqlServer.Columns["sources"]);
        Assert.Superset(new SortedSet<string>(["document_hash", "document_item_ids"], StringComparer.Ordinal), sqlite.Columns["sources"]);
        foreach ((string table, SortedSet<string> columns) in sqlite.Columns)
        {
            Assert.Equal(columns, sqlServer.Columns[table]);
        }
    }

    [Fact]
    public async Task Every_SQLite_index_and_unique_key_has_its_SQL_Server_counterpart()
    {
        Schema sqlite = await SqliteSchemaAsync();
        Schema sqlServer = SqlServerSchema();

        Assert.Contains("unique items (source_id, item_key)", sqlite.Indexes);
        Assert.Contains("unique story_keys (key, published_at, item_id)", sqlite.Indexes);
        Assert.DoesNotContain("story_keys (story_id)", sqlite.Indexes);
        Assert.DoesNotContain("story_keys (story_id)", sqlServer.Indexes);

        // A key too long for an index key is indexed by its hash (see the baseline's header).
        foreach (string index in sqlite.Indexes)
        {
            string expected = index
                .Replace("(canonical_link)", "(canonical_link_hash)", StringComparison.Ordinal)
                .Replace("(url_key)", "(url_key_hash)", StringComparison.Ordinal);
            Assert.Contains(expected, sqlServer.Indexes);
        }
    }

    private static async Task<Schema> SqliteSchemaAsync()
    {
        await using StorageTestDatabase db = await StorageTestDatabase.CreateAsync();
        using SqliteConnection connection = db.OpenRaw();
        var schema = new Schema();
        foreach (string table in connection.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
        {
            if (SqliteOnlyTables.Contains(table) || table.StartsWith(SqliteTextIndexPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            schema.Columns[table] = new SortedSet<string>(connection.Query<string>("SELECT name FROM pragma_table_info(@table)", new { table }), StringComparer.Ordinal);
            foreach ((string name, long unique) in connection.Query<(string, long)>("SELECT name, \"unique\" FROM pragma_index_list(@table)", new { table }))
            {
                string[] columns = [.. connection.Query<string>("SELECT name FROM pragma_index_info(@name) ORDER BY seqno", new { name })];
                schema.Indexes.Add(Index(table, columns, unique != 0));
            }

            // A primary key of more than one column, or on a text column, is an index too.
            string[] primaryKey = [.. connection.Query<string>("SELECT name FROM pragma_table_info(@table) WHERE pk > 0 ORDER BY pk", new { table })];
            schema.Indexes.Add(Index(table, primaryKey, unique: true));
        }

        return schema;
    }

    private static Schema SqlServerSchema()
    {
        var schema = new Schema();
        foreach (MigrationScript script in MigrationScripts.Load("SqlServer"))
        {
            TSql.Parse(script.Sql).Accept(new SchemaReader(schema));
        }

        foreach (string table in SqlServerOnlyTables)
        {
            Assert.True(schema.Columns.Remove(table), $"{table} is not created by the SQL Server scripts.");
            schema.Indexes.RemoveWhere(index => index.Contains($"{table} (", StringComparison.Ordinal));
        }

        // Quartz's tables (migration 0015, for the clustered scheduler) exist on the server engines
        // only: clustering on SQLite is refused. Their own shape is checked by Quartz at start.
        foreach (string quartz in schema.Columns.Keys.Where(table => table.StartsWith(DatabaseCopier.QuartzTablePrefix, StringComparison.Ordinal)).ToList())
        {
            schema.Columns.Remove(quartz);
        }

        schema.Indexes.RemoveWhere(index => index.Replace("unique ", "", StringComparison.Ordinal).StartsWith(DatabaseCopier.QuartzTablePrefix, StringComparison.Ordinal));
        return schema;
    }

    private static string Index(string table, IEnumerable<string> columns, bool unique) =>
        $"{(unique ? "unique " : "")}{table} ({string.Join(", ", columns)})";

    private sealed class Schema
    {
        public SortedDictionary<string, SortedSet<string>> Columns { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Indexes { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> IndexNames { get; } = new(StringComparer.Ordinal);
    }

    private sealed class SchemaReader(Schema schema) : TSqlFragmentVisitor
    {
        public override void ExplicitVisit(CreateTableStatement node)
        {
            string table = node.SchemaObjectName.BaseIdentifier.Value;
            // Computed columns (the hashes of long keys) are derived from stored ones; writers never name them.
            schema.Columns[table] = new SortedSet<string>(
                node.Definition.ColumnDefinitions.Where(column => column.ComputedColumnExpression is null).Select(column => column.ColumnIdentifier.Value),
                StringComparer.Ordinal);
            foreach (ColumnDefinition column in node.Definition.ColumnDefinitions)
            {
                if (column.Constraints.OfType<UniqueConstraintDefinition>().Any())
                {
                    schema.Indexes.Add(Index(table, [column.ColumnIdentifier.Value], unique: true));
                }
            }

            foreach (UniqueConstraintDefinition key in node.Definition.TableConstraints.OfType<UniqueConstraintDefinition>())
            {
                schema.Indexes.Add(Index(table, key.Columns.Select(Name), unique: true));
            }
        }

        public override void ExplicitVisit(AlterTableAddTableElementStatement node)
        {
            string table = node.SchemaObjectName.BaseIdentifier.Value;
            foreach (ColumnDefinition column in node.Definition.ColumnDefinitions.Where(column => column.ComputedColumnExpression is null))
            {
                schema.Columns[table].Add(column.ColumnIdentifier.Value);
            }
        }

        public override void ExplicitVisit(CreateIndexStatement node)
        {
            string index = Index(node.OnName.BaseIdentifier.Value, node.Columns.Select(Name), node.Unique);
            schema.Indexes.Add(index);
            schema.IndexNames[$"{node.OnName.BaseIdentifier.Value}.{node.Name.Value}"] = index;
        }

        // A later script's DROP INDEX removes what an earlier one created (0020: story_keys' story_id).
        public override void ExplicitVisit(DropIndexStatement node)
        {
            foreach (DropIndexClause clause in node.DropIndexClauses.OfType<DropIndexClause>())
            {
                Assert.True(schema.IndexNames.Remove($"{clause.Object.BaseIdentifier.Value}.{clause.Index.Value}", out string? index), $"{clause.Index.Value} is dropped but never created.");
                schema.Indexes.Remove(index!);
            }
        }

        private static string Name(ColumnWithSortOrder column) =>
            column.Column.MultiPartIdentifier.Identifiers[^1].Value;
    }
}
