using System.Globalization;
using System.Reflection;

namespace FeedHub.Storage.Database;

internal sealed record MigrationScript(int Version, string Name, string Sql);

/// <summary>Reads the embedded <c>Migrations/&lt;folder&gt;/NNNN_name.sql</c> scripts.</summary>
internal static class MigrationScripts
{
    public static IReadOnlyList<MigrationScript> Load(string folder)
    {
        Assembly assembly = typeof(MigrationScripts).Assembly;
        // Embedded resources are named from the project's root namespace and the folder path.
        string prefix = $"FeedHub.Storage.Migrations.{folder}.";
        List<MigrationScript> scripts = [];
        foreach (string resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            string name = resource[prefix.Length..^".sql".Length];
            int separator = name.IndexOf('_', StringComparison.Ordinal);
            if (separator <= 0 || !int.TryParse(name.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out int version))
            {
                throw new InvalidOperationException($"Migration script '{resource}' is not named NNNN_description.sql.");
            }

            using Stream stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"Migration script '{resource}' cannot be read.");
            using var reader = new StreamReader(stream);
            scripts.Add(new MigrationScript(version, name, reader.ReadToEnd()));
        }

        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (int i = 1; i < scripts.Count; i++)
        {
            if (scripts[i].Version == scripts[i - 1].Version)
            {
                throw new InvalidOperationException($"Migrations '{scripts[i - 1].Name}' and '{scripts[i].Name}' share version {scripts[i].Version}.");
            }
        }

        if (scripts.Count == 0)
        {
            throw new InvalidOperationException($"No migration scripts are embedded for '{folder}'.");
        }

        return scripts;
    }
}
