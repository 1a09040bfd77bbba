using FeedHub.Storage.SqlServer;

namespace FeedHub.IntegrationTests.Storage.SqlServer;

public sealed class SqlServerBatchesTests
{
    [Fact]
    public void A_line_holding_only_GO_in_any_case_ends_a_batch()
    {
        IReadOnlyList<string> batches = SqlServerBatches.Split("SELECT 1;\r\ngo\r\nSELECT 2;\n  Go  \nSELECT 3;");

        Assert.Equal(["SELECT 1;", "SELECT 2;", "SELECT 3;"], batches);
    }

    [Fact]
    public void GO_inside_a_line_or_a_word_is_not_a_separator()
    {
        IReadOnlyList<string> batches = SqlServerBatches.Split("SELECT 'GO' AS go_on;\nGOTO done;\ndone: SELECT 1;");

        Assert.Single(batches);
    }

    [Fact]
    public void Batches_of_only_comments_or_blanks_are_not_sent()
    {
        IReadOnlyList<string> batches = SqlServerBatches.Split("-- header\nGO\nSELECT 1;\nGO\n\n-- trailing note\n");

        Assert.Equal(["SELECT 1;"], batches);
    }
}
