using System.Globalization;
using System.Net;

namespace FeedHub.LoadFarm;

/// <summary>The harness's command line: <c>--name value</c> pairs, and <c>--FeedHub:...=value</c>
/// settings passed through to every FeedHub process.</summary>
internal sealed record FarmArguments
{
    public int Feeds { get; init; } = 1000;
    public int Hosts { get; init; } = 16;
    public int Port { get; init; }
    public int Entries { get; init; } = 5;
    public int Seed { get; init; } = 12;
    public double Changed { get; init; } = 1.0 / 3;
    public int MinNew { get; init; } = 1;
    public int MaxNew { get; init; } = 2;
    public TimeSpan RoundEvery { get; init; } = TimeSpan.Zero;
    public int Runs { get; init; } = 3;
    public string? Work { get; init; }
    public bool Keep { get; init; }
    public bool Reuse { get; init; }

    /// <summary>worker: start on sources never polled (no first refresh --all), as a worker
    /// started on a fresh import works through a backlog of first polls.</summary>
    public bool Cold { get; init; }
    public string? Worker { get; init; }

    /// <summary>refresh: another build's FeedHub.Worker.dll, run before each unchanged and changed
    /// run on a copy of the same database against the same farm state, for same-run ratios.</summary>
    public string? Baseline { get; init; }
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(60);
    public TimeSpan SampleEvery { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(5);
    public string? Out { get; init; }

    /// <summary>keys: a folder of real feeds (*.xml) instead of the farm or a database.</summary>
    public string? Corpus { get; init; }

    /// <summary>keys: also measure samples of this many items.</summary>
    public int Sample { get; init; }

    /// <summary>floor: copies of one database before and after a refresh --all.</summary>
    public string? Before { get; init; }
    public string? After { get; init; }

    /// <summary>floor: sources per replayed transaction (the batch writer commits up to 64 writes).</summary>
    public int Batch { get; init; } = 64;

    /// <summary>floor: each new item a transaction of its own, touching this many items of its source
    /// (a changed poll of a document with one new entry and this many known).</summary>
    public int? PerItem { get; init; }
    public IReadOnlyList<string> Settings { get; init; } = [];

    public static FarmArguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new FarmArguments();
        var settings = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            if (name.StartsWith("--FeedHub:", StringComparison.Ordinal) || name.StartsWith("--Logging:", StringComparison.Ordinal))
            {
                settings.Add(name);
                continue;
            }

            if (name == "--keep")
            {
                parsed = parsed with { Keep = true };
                continue;
            }

            if (name == "--cold")
            {
                parsed = parsed with { Cold = true };
                continue;
            }

            if (name == "--reuse")
            {
                parsed = parsed with { Reuse = true };
                continue;
            }

            string value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            parsed = name switch
            {
                "--feeds" => parsed with { Feeds = Int(value) },
                "--hosts" => parsed with { Hosts = Int(value) },
                "--port" => parsed with { Port = Int(value) },
                "--entries" => parsed with { Entries = Int(value) },
                "--seed" => parsed with { Seed = Int(value) },
                "--changed" => parsed with { Changed = double.Parse(value, CultureInfo.InvariantCulture) },
                "--min-new" => parsed with { MinNew = Int(value) },
                "--max-new" => parsed with { MaxNew = Int(value) },
                "--round-every" => parsed with { RoundEvery = ParseDuration(value) },
                "--runs" => parsed with { Runs = Int(value) },
                "--work" => parsed with { Work = value },
                "--worker" => parsed with { Worker = value },
                "--baseline" => parsed with { Baseline = value },
                "--duration" => parsed with { Duration = ParseDuration(value) },
                "--sample-every" => parsed with { SampleEvery = ParseDuration(value) },
                "--interval" => parsed with { Interval = ParseDuration(value) },
                "--out" => parsed with { Out = value },
                "--corpus" => parsed with { Corpus = value },
                "--sample" => parsed with { Sample = Int(value) },
                "--before" => parsed with { Before = value },
                "--after" => parsed with { After = value },
                "--batch" => parsed with { Batch = Int(value) },
                "--per-item" => parsed with { PerItem = Int(value) },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
        }

        parsed = parsed with { Settings = settings };
        return parsed.Port == 0 ? parsed with { Port = FreePorts.On(IPAddress.Parse("127.0.0.2")) } : parsed;
    }

    public IEnumerable<string> ToServeArguments() =>
    [
        "--feeds", Text(Feeds), "--hosts", Text(Hosts), "--port", Text(Port), "--entries", Text(Entries), "--seed", Text(Seed),
        "--changed", Changed.ToString("R", CultureInfo.InvariantCulture), "--min-new", Text(MinNew), "--max-new", Text(MaxNew),
        "--round-every", RoundEvery.ToString("c", CultureInfo.InvariantCulture),
    ];

    /// <summary>30s, 5m, 1h, or a TimeSpan (00:05:00).</summary>
    public static TimeSpan ParseDuration(string value) => value[^1] switch
    {
        's' => TimeSpan.FromSeconds(double.Parse(value[..^1], CultureInfo.InvariantCulture)),
        'm' => TimeSpan.FromMinutes(double.Parse(value[..^1], CultureInfo.InvariantCulture)),
        'h' => TimeSpan.FromHours(double.Parse(value[..^1], CultureInfo.InvariantCulture)),
        _ => TimeSpan.Parse(value, CultureInfo.InvariantCulture),
    };

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
