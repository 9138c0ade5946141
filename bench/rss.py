"""Resident memory and CPU time of processes, read from ``/proc`` (Linux)."""

from __future__ import annotations

import os

MIB = 1024 * 1024


def rss_mib(pid: int | str = "self") -> float:
    """Resident set size of ``pid`` in MiB (0.0 where ``/proc`` cannot say)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024 / MIB
    except OSError:
        pass
    return 0.0


def children(pid: int) -> list[int]:
    """The ids of ``pid``'s child processes."""
    found: list[int] = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                # The command name may hold spaces; the parent id follows its ')'.
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry))
    return sorted(found)


def cpu_s(pid: int) -> float:
    """User + system CPU seconds ``pid`` has used, its threads included (0.0 if unknown)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # After the ')': state is field 0, utime and stime are fields 11 and 12.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
