#!/usr/bin/env python3
"""Where a process's on-CPU time goes, from a `perf record -g` sample (docs/benchmarks.md, "Idle
threads that spin").

    DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 \
      perf record -e cpu-clock -F 999 -g -D 28000 -o perf.data -- dotnet FeedHub.Benchmarks.dll changed-poll-cpu 300 14 known
    python3 perf_shares.py perf.data

Unlike dotnet-trace's sampler (speedscope_top.py), which samples every thread whether it runs or
waits and so has to guess which native frames are waits, perf samples only what is on a CPU: a
thread spinning for work is counted, a thread blocked in the kernel is not. Each sample is charged
to the first category whose pattern appears anywhere on its stack; SQLite's native code has no
frame pointers, so its I/O (pwrite, pread, fsync) is matched by the system call itself.
"""
import collections
import re
import subprocess
import sys

CATEGORIES = [
    ("thread pool: idle threads spinning", r"LowLevelLifoSemaphore|__sched_yield"),
    ("SQLite native, its I/O included", r"libe_sqlite3|__libc_pwrite|__libc_pread|fsync|fdatasync"),
    ("batch writer: the poll's statements (managed)", r"ItemStore\+<WriteRefreshAsync>|ItemStore\+<CommitRefreshAsync>"),
    ("batch writer: other (managed)", r"SqliteBatchWriter"),
    ("parse", r"FeedRefresher::Parse"),
    ("normalize the changed entries", r"ChangedEntries"),
    ("find the known entries", r"FindKnownAsync"),
    ("store: other", r"FeedRefresher\+<StoreAsync>"),
    ("fetch (HTTP, sockets)", r"FeedFetcher|System\.Net\.Http|System\.Net\.Sockets|SocketAsyncEngine"),
    ("poll: other", r"FeedRefresher"),
    ("benchmark harness", r"FeedHub\.Benchmarks"),
    ("malloc/free (native)", r"malloc|_int_free|cfree"),
    ("wake-ups (futex, condition variables)", r"futex|pthread_cond"),
]


def stacks(path):
    out = subprocess.run(["perf", "script", "-i", path, "-F", "comm,ip,sym,dso"],
                         capture_output=True, text=True, check=True).stdout
    comm, frames = None, []
    for line in out.splitlines():
        if not line.strip():
            if comm is not None:
                yield comm, frames
            comm, frames = None, []
        elif not line.startswith((" ", "\t")):
            comm, frames = line.strip(), []
        else:
            frames.append(line.strip())
    if comm is not None:
        yield comm, frames


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    shares, total = collections.Counter(), 0
    for comm, frames in stacks(sys.argv[1]):
        total += 1
        if "Tiered Com" in comm:
            shares["JIT (the tiered-compilation thread)"] += 1
            continue
        text = "\n".join(frames)
        category = next((name for name, pattern in CATEGORIES if re.search(pattern, text)), None)
        if category is None:
            leaf = re.search(r"\(([^)]*)\)\s*$", frames[0]) if frames else None
            category = "other: " + (leaf.group(1).rsplit("/", 1)[-1] if leaf else "?")
        shares[category] += 1
    for name, count in shares.most_common(20):
        print(f"{100 * count / total:6.2f}%  {name}")
    print(f"{total} samples")


if __name__ == "__main__":
    main()
