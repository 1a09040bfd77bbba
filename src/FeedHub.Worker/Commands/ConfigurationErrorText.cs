using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace FeedHub.Worker.Commands;

/// <summary>Options validation failures as the operator must fix them: by the configuration key
/// (<c>FeedHub:Fetch:MaxConcurrency</c>), not by the options class and property.</summary>
internal static partial class ConfigurationErrorText
{
    public static string Describe(OptionsValidationException exception)
    {
        string? section = SectionOf(exception.OptionsType);
        // Each failure is a sentence of its own.
        return "Invalid configuration: " + string.Join(" ", exception.Failures.Select(failure => Describe(failure, section)));
    }

    private static string Describe(string failure, string? section)
    {
        Match annotation = DataAnnotationFailure().Match(failure);
        if (section is null || !annotation.Success)
        {
            // Our own validators already name the key.
            return failure;
        }

        IEnumerable<string> keys = annotation.Groups["members"].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(member => $"{section}:{member}");
        return $"{string.Join(", ", keys)}: {annotation.Groups["error"].Value}";
    }

    /// <summary>Every options class names the section it is bound from in a constant, <c>Section</c>
    /// or <c>SectionName</c>; the exception knows only the class.</summary>
    private static string? SectionOf(Type optionsType) =>
        new[] { "Section", "SectionName" }
            .Select(name => optionsType.GetField(name, BindingFlags.Public | BindingFlags.Static))
            .FirstOrDefault(field => field is { IsLiteral: true } && field.FieldType == typeof(string))
            ?.GetRawConstantValue() as string;

    // The wording of Microsoft.Extensions.Options.DataAnnotations' ValidateDataAnnotations failures.
    [GeneratedRegex(@"^DataAnnotation validation failed for '[^']*' members: '(?<members>[^']*)' with the error: '(?<error>.*)'\.$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotationFailure();
}
