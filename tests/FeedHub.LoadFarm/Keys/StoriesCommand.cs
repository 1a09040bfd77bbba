using FeedHub.LoadFarm.Farm;
using Microsoft.Data.Sqlite;

namespace FeedHub.LoadFarm.Keys;

/// <summary><c>stories --work DIR</c>: FeedHub's stories in DIR/feedhub.db against the farm's
/// truth the harness left beside it (<see cref="FarmTruth.FileName"/>), as pairwise precision and
/// recall. Items are matched by link with tracking parameters dropped, from the canonical link
/// FeedHub stored or else the link as published.</summary>
internal static class StoriesCommand
{
    public static int Run(FarmArguments args)
    {
        if (args.Work is null)
        {
            Console.Error.WriteLine("stories needs --work DIR (a folder of a refresh or worker run, with feedhub.db and farm-truth.tsv)");
            return 2;
        }

        string truthFile = Path.Combine(args.Work, FarmTruth.FileName);
        if (!File.Exists(truthFile))
        {
            Console.Error.WriteLine($"no {truthFile}: the harness writes it at the end of refresh and worker runs");
            return 2;
        }

        StoryQuality quality = StoryQuality.Of(ReadItems(Path.Combine(args.Work, "feedhub.db")), FarmTruth.Parse(File.ReadAllText(truthFile)));
        Console.WriteLine($"stories of {args.Work} against the farm's truth");
        Console.WriteLine(quality);
        return 0;
    }

    public static List<(string Link, long Story)> ReadItems(string databasePath)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(canonical_link, link, ''), story_id FROM items WHERE story_id IS NOT NULL ORDER BY id";
        var items = new List<(string, long)>();
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            items.Add((FarmTruth.Link(reader.GetString(0)), reader.GetInt64(1)));
        }

        return items;
    }
}
