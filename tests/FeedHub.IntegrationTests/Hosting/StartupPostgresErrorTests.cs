using System.Net;
using System.Net.Sockets;
using FeedHub.IntegrationTests.Admin;
using FeedHub.IntegrationTests.Fixtures;
using Npgsql;

namespace FeedHub.IntegrationTests.Hosting;

/// <summary>A PostgreSQL server that refuses the connection, a database that does not exist and
/// a login without the right to create FeedHub's tables: the worker and a command each print one
/// line naming the database (no password) and the error class, and exit 1. Skipped, with the
/// reason, without <c>FEEDHUB_TEST_POSTGRES</c>.</summary>
public sealed class StartupPostgresErrorTests
{
    [Theory]
    [InlineData("unreachable", "NpgsqlException")]
    [InlineData("missing-database", "PostgresException: 3D000")]
    [InlineData("no-permission", "PostgresException: 42501")]
    public async Task The_worker_and_a_command_print_one_line_and_exit_1(string fault, string expected)
    {
        string server = TestPostgres.RequireServer();
        string? database = null;
        string? role = null;
        try
        {
            var target = new NpgsqlConnectionStringBuilder(server) { Password = "not-to-be-shown", Timeout = 3 };
            switch (fault)
            {
                case "unreachable":
                    target.Port = ClosedPort();
                    target.Database = "feedhub";
                    break;
                case "missing-database":
                    target.Database = "feedhub_test_missing_" + Guid.NewGuid().ToString("N");
                    break;
                default:
                    database = await TestPostgres.CreateDatabaseAsync();
                    role = "feedhub_test_reader_" + Guid.NewGuid().ToString("N");
                    await using (var admin = new NpgsqlConnection(database))
                    {
                        await admin.OpenAsync(TestContext.Current.CancellationToken);
                        // PostgreSQL 15 lets only the owner create in schema public: this login can connect and read, no more.
                        await using var create = new NpgsqlCommand($"CREATE ROLE {role} LOGIN; REVOKE CREATE ON SCHEMA public FROM PUBLIC", admin);
                        await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
                    }

                    target.Database = new NpgsqlConnectionStringBuilder(database).Database;
                    target.Username = role;
                    break;
            }

            using var directory = new TempDirectory();
            var cli = new AdminCli(directory);
            cli.Environment["FeedHub__Storage__Provider"] = "Postgres";
            cli.Environment["FeedHub__Storage__ConnectionString"] = target.ConnectionString;

            using WorkerProcess worker = WorkerProcess.Start(directory.Path, cli.Environment, "--urls", "http://127.0.0.1:0");
            await worker.WaitForExitAsync(TimeSpan.FromSeconds(60));
            using WorkerProcess command = await cli.RunAsync("sources", "list");

            foreach (WorkerProcess process in new[] { worker, command })
            {
                Assert.Equal(1, process.ExitCode);
                string line = Assert.Single(AdminCliTests.Lines(process.StandardError));
                Assert.StartsWith("Unable to use the database Postgres ", line, StringComparison.Ordinal);
                Assert.Contains($"database={target.Database}", line, StringComparison.OrdinalIgnoreCase);
                Assert.Contains(expected, line, StringComparison.Ordinal);
                Assert.DoesNotContain("not-to-be-shown", process.StandardOutput + process.StandardError, StringComparison.Ordinal);
                Assert.DoesNotContain("   at ", process.StandardOutput + process.StandardError, StringComparison.Ordinal);
            }
        }
        finally
        {
            if (database is not null)
            {
                await TestPostgres.DropDatabaseAsync(database);
            }

            if (role is not null)
            {
                await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
                await admin.OpenAsync(TestContext.Current.CancellationToken);
                await using var drop = new NpgsqlCommand($"DROP ROLE IF EXISTS {role}", admin);
                await drop.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            }
        }
    }

    /// <summary>A loopback port nothing listens on (taken and released at once).</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
