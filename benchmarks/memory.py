"""A process's peak resident memory, as the benchmarks report it."""

from __future__ import annotations

import resource
import sys


def peak_rss_bytes() -> int:
    """This process's peak resident set. On Linux ``VmHWM`` of /proc/self/status: the
    ``ru_maxrss`` of getrusage survives exec, so a process started by fork (or vfork) and
    exec reports the peak of its parent as its own when that was higher."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # bytes on macOS, KiB elsewhere
