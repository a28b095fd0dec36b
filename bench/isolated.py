"""Run one benchmark case in a fresh process, so its peak memory is its own.

Each bench script imports this from its own folder (Python puts a script's folder first on
the import path). The case must be a module-level function: the child re-imports the script.
"""

from __future__ import annotations

import multiprocessing
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Measured:
    result: Any
    seconds: float
    peak_mb: float
    cpu_seconds: float = float("nan")  # every thread of the process, so it can exceed seconds


def _child(function: Callable[..., Any], args: tuple[Any, ...], queue: Any) -> None:
    started, cpu = time.perf_counter(), time.process_time()
    result = function(*args)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    queue.put(Measured(result, seconds, _peak_mb(), cpu))


def _peak_mb() -> float:
    """This process's peak resident memory since it started.

    Linux keeps `ru_maxrss` across the fork and exec that start a spawned process, so it
    reports the parent's size if that was larger; `VmHWM` belongs to the new address space.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_fresh_process(function: Callable[..., Any], *args: Any) -> Measured:
    """Call `function(*args)` in a spawned process: its result, wall time and peak RSS (MB)."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(function, args, queue))
    process.start()
    measured: Measured = queue.get()
    process.join()
    return measured
