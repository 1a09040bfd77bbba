using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Microsoft.Extensions.Options;

namespace FeedHub.Worker.Commands;

/// <summary>Exit codes and error lines the way shells and cron expect them: 0 done, 1 failed,
/// 2 the command line itself was wrong; every error one line on stderr, no stack traces.</summary>
internal static class CommandLineConventions
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;

    public const string ExecutableName = "FeedHub.Worker";

    /// <summary>Reads an option's value in a validator. Validators run before the parser reports a
    /// value that did not convert (<c>--limit abc</c>), and reading such a value throws; this leaves
    /// it to the parser's own one-line error instead of a stack trace.</summary>
    public static bool TryGetValue<T>(this OptionResult? result, out T? value)
    {
        value = default;
        if (result is null)
        {
            return false;
        }

        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public static async Task<int> InvokeAsync(RootCommand root, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
        {
            if (parsed.Action is ParseErrorAction report)
            {
                // The errors and System.CommandLine's typo suggestions ("Did you mean..."), all on
                // stderr: stdout is for results only.
                report.ShowHelp = false;
                report.ShowTypoCorrections = true;
                parsed.Invoke(new InvocationConfiguration { Output = error, Error = error });
            }
            else
            {
                foreach (ParseError problem in parsed.Errors)
                {
                    await error.WriteLineAsync(OneLine(problem.Message));
                }
            }

            await error.WriteLineAsync($"See '{CommandPath(parsed.CommandResult)} --help'.");
            return Usage;
        }

        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        if (parsed.CommandResult.Command is RootCommand)
        {
            // The worker (the root's own action) stops on SIGTERM through its host, which waits up to
            // FeedHub:Operations:ShutdownTimeout; the commands get a cancelled token instead.
            configuration.ProcessTerminationTimeout = null;
        }

        try
        {
            return await parsed.InvokeAsync(configuration, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("Cancelled.");
            return Failure;
        }
        catch (Exception ex)
        {
            await error.WriteLineAsync(OneLine(Describe(ex)));
            return Failure;
        }
    }

    /// <summary>The innermost message says what went wrong; the wrappers only say where.</summary>
    private static string Describe(Exception exception)
    {
        Exception inner = exception;
        while (inner is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            inner = aggregate.InnerExceptions[0];
        }

        return inner is OptionsValidationException invalid ? ConfigurationErrorText.Describe(invalid) : inner.Message;
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string CommandPath(CommandResult result)
    {
        var names = new Stack<string>();
        for (SymbolResult? current = result; current is not null; current = current.Parent)
        {
            if (current is CommandResult command && command.Command is not RootCommand)
            {
                names.Push(command.Command.Name);
            }
        }

        return string.Join(' ', [ExecutableName, .. names]);
    }
}
