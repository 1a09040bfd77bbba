using System.ComponentModel.DataAnnotations;

namespace FeedHub.Worker.Scheduling;

/// <summary>Section <c>FeedHub:Scheduling</c>.</summary>
public sealed class FeedSchedulingOptions
{
    public const string Section = "FeedHub:Scheduling";

    /// <summary>Where a source without a fixed interval starts, before its posting rate or its
    /// publisher's hints are known; within <see cref="MinInterval"/> and <see cref="MaxInterval"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan DefaultInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Shortest interval an adaptive source is polled on, whatever it posts or asks.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest interval an adaptive source is polled on, however long it stays silent.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Longest wait between polls of a failing source.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Each delay is stretched or shrunk by up to this fraction.</summary>
    [Range(0.0, 0.5)]
    public double Jitter { get; set; } = 0.1;

    /// <summary>First polls after start are spread over this window.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan StartupWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often Quartz's jobs are reconciled with the <c>sources</c> table.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Quartz keeps its jobs in the database (PostgreSQL or SQL Server), clustered: several
    /// workers on one database share the sources, each poll run by one of them.</summary>
    public bool Clustered { get; set; }

    /// <summary>In a cluster, how many coarse Quartz triggers claim due sources, each firing once a
    /// second on whichever worker gets it: a due source waits about a second divided by this for a
    /// claim. About one or two per worker.</summary>
    [Range(1, 64)]
    public int ClaimTriggers { get; set; } = 4;

    /// <summary>Prefix of Quartz's tables in the clustered job store.</summary>
    [RegularExpression("^[a-z][a-z0-9_]{0,15}$", ErrorMessage = "The table prefix must be lower-case letters, digits and underscores, starting with a letter (at most 16).")]
    public string TablePrefix { get; set; } = "qrtz_";

    /// <summary>How often a clustered node checks in; a node silent for several of these is presumed
    /// dead and its jobs move to the others.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(7.5);
}
