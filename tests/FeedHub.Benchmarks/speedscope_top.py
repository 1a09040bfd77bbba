#!/usr/bin/env python3
"""Top frames of a dotnet-trace speedscope file (docs/benchmarks.md, "Where a poll's CPU goes").

    python3 speedscope_top.py FILE.speedscope.json [top|feedhub|under FRAME] [N]

dotnet-trace's sample profiler samples every thread, waiting or not, and ends each stack in a pseudo
frame: CPU_TIME (managed code running) or UNMANAGED_CODE_TIME (native code: SQLite, sockets, or a
wait). Counted here: CPU_TIME, and native time unless its caller is a known wait (thread-pool
semaphores and spinning, epoll, the finalizer and GC-suspension waits, file watchers). Native time
inside a call (a SQLite COMMIT writing the WAL) is still partly I/O: shares, not exact CPU.

  top      inclusive and exclusive frames
  feedhub  each sample charged to the deepest FeedHub frame on its stack (which store or stage
           issued the work), so async plumbing does not hide the caller
  under F  what runs below the deepest frame containing F, two frames deep
"""
import collections
import json
import sys

WAITS = ('WaitNative', 'Monitor.Wait', 'Interop+Sys.Read', 'EventLoop', 'Thread.Sleep', 'WaitForSignal',
         'WaitOneNoCheck', 'ManualResetEventSlim.Wait', 'TimerLoop', 'SleepInternal', 'WaitCore',
         'WaitForSocketEvents', 'LowLevelLifoSemaphore', 'LowLevelSpinWaiter', 'RunFinalizers', 'SpinWait',
         'Thread.Join', 'TimerThread', 'Interop+Sys.Poll', 'PollGCWorker', 'WorkerThreadStart', 'DestroyScout',
         'Gen2GcCallback', 'Monitor.Enter_Slowpath', '?!?')
PLUMBING = ('AsyncStateMachineBox', 'AsyncMethodBuilder', 'AsyncTaskMethodBuilder', 'ExecutionContext',
            'TaskAwaiter', 'Task.RunContinuations', 'AwaitTaskContinuation', 'TrySetResult', 'ValueTaskAwaiter')


def samples(path):
    """(stack without the pseudo frame, weight in ms) for every counted sample."""
    data = json.load(open(path))
    names = [frame['name'] for frame in data['shared']['frames']]
    cpu, native = names.index('CPU_TIME'), names.index('UNMANAGED_CODE_TIME')
    for profile in data['profiles']:
        if 'Finalizer' in profile['name']:
            continue
        stack, last = [], profile['startValue']
        for event in profile['events']:
            at = event['at']
            if stack and at > last and stack[-1] in (cpu, native) and len(stack) > 1:
                caller = names[stack[-2]]
                if not any(wait in caller for wait in WAITS):
                    yield [names[f] for f in stack[:-1]], at - last
            last = at
            if event['type'] == 'O':
                stack.append(event['frame'])
            else:
                stack.pop()


def main():
    path = sys.argv[1]
    mode = sys.argv[2] if len(sys.argv) > 2 else 'top'
    target = sys.argv[3] if mode == 'under' else None
    count = int(sys.argv[-1]) if sys.argv[-1].isdigit() else 30
    inclusive, exclusive, charged = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0.0
    for stack, weight in samples(path):
        total += weight
        for name in set(stack):
            inclusive[name] += weight
        exclusive[stack[-1]] += weight
        if mode == 'feedhub':
            ours = [name for name in stack if name.startswith('FeedHub.') and 'MoveNext' in name and 'StorageSession' not in name]
            # The SQLite writer's loop runs every write: charge the write, or else the loop (its BEGIN/COMMIT).
            own = [name for name in ours if 'SqliteBatchWriter' not in name] or ours
            charged[own[-1].split('(')[0] if own else 'outside FeedHub: feed server, sockets, runtime'] += weight
        elif mode == 'under':
            hits = [i for i, name in enumerate(stack) if target in name]
            if hits:
                below = [name.split('(')[0] for name in stack[hits[-1] + 1:] if not any(p in name for p in PLUMBING)]
                charged[' > '.join(below[:2]) or '(itself)'] += weight
    print(f'{total:.0f} ms of samples counted')
    if mode == 'top':
        for title, counter in (('inclusive', inclusive), ('exclusive', exclusive)):
            print(f'--- {title}')
            for name, weight in counter.most_common(count):
                print(f'{100 * weight / total:6.2f}% {name[:160]}')
    else:
        for name, weight in charged.most_common(count):
            print(f'{100 * weight / total:6.2f}% {name[:240]}')


if __name__ == '__main__':
    main()
