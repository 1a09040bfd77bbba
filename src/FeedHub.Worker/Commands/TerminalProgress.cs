namespace FeedHub.Worker.Commands;

/// <summary>A progress line for long work, rewritten in place on a terminal; silent when stderr
/// goes to a pipe or file, so scripts and cron logs get only the result.</summary>
internal sealed class TerminalProgress<T> : IProgress<T>, IDisposable
{
    private readonly TextWriter _error;
    private readonly Func<T, string> _format;
    private readonly bool _enabled;
    private readonly Lock _gate = new();
    private long _lastWrite;
    private bool _written;

    public TerminalProgress(TextWriter error, Func<T, string> format)
    {
        _error = error;
        _format = format;
        _enabled = !Console.IsErrorRedirected && ReferenceEquals(error, Console.Error);
    }

    public void Report(T value)
    {
        if (!_enabled)
        {
            return;
        }

        // Parallel work reports from several threads: one line at a time.
        lock (_gate)
        {
            // A few updates a second are enough to see movement; more would only slow the work down.
            long now = Environment.TickCount64;
            if (_written && now - _lastWrite < 100)
            {
                return;
            }

            _lastWrite = now;
            _written = true;
            _error.Write("\r" + _format(value) + "\u001b[K");
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_written)
            {
                _error.Write("\r\u001b[K");
            }
        }
    }
}
