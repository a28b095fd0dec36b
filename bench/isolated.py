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
    # CPU time (user + system, all threads) of the call: steadier than wall time on a
    # machine other work shares.
    cpu_seconds: float = 0.0


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _child(function: Callable[..., Any], args: tuple[Any, ...], queue: Any) -> None:
    started, cpu = time.perf_counter(), _cpu()
    result = function(*args)
    seconds, cpu = time.perf_counter() - started, _cpu() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put(Measured(result, seconds, peak, cpu))


def in_fresh_process(function: Callable[..., Any], *args: Any) -> Measured:
    """Call `function(*args)` in a spawned process: its result, wall time and peak RSS (MB)."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(function, args, queue))
    process.start()
    measured: Measured = queue.get()
    process.join()
    return measured
