namespace FeedHub.Tests.Corpus;

/// <summary>Finds the third-party test corpus: $FEEDHUB_CORPUS, else &lt;repo root&gt;/../shared/corpus.</summary>
public static class CorpusLocator
{
    public static string Root
    {
        get
        {
            string? configured = Environment.GetEnvironmentVariable("FEEDHUB_CORPUS");
            if (!string.IsNullOrWhiteSpace(configured))
            {
                return configured;
            }

            return Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "corpus"));
        }
    }

    /// <summary>The folder holding FeedHub.sln, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FeedHub.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("FeedHub.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);
}
