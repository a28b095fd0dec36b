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


def _child(function: Callable[..., Any], args: tuple[Any, ...], queue: Any) -> None:
    started = time.perf_counter()
    result = function(*args)
    seconds = time.perf_counter() - started
    queue.put(Measured(result, seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def in_fresh_process(function: Callable[..., Any], *args: Any) -> Measured:
    """Call `function(*args)` in a spawned process: its result, wall time and peak RSS (MB)."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(function, args, queue))
    process.start()
    measured: Measured = queue.get()
    process.join()
    return measured
