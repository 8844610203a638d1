"""Peak resident memory of this process over a block of code, for the hostile-input tests.

Linux keeps the process's high-water mark of resident memory (VmHWM); writing 5 to
/proc/self/clear_refs resets it to the current size, so the peak reached inside the block
is read afterwards. Elapsed time is measured beside it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024


def _status_kb(key: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{key} not in /proc/self/status")


@dataclass
class Usage:
    start_rss: int = 0
    peak_rss: int = 0
    seconds: float = 0.0

    @property
    def growth_mb(self) -> float:
        """How far the peak rose above the resident size at the start, in MiB."""
        return max(0, self.peak_rss - self.start_rss) / MB


@contextmanager
def measured() -> Iterator[Usage]:
    usage = Usage()
    Path("/proc/self/clear_refs").write_text("5")
    usage.start_rss = _status_kb("VmRSS") * 1024
    started = time.monotonic()
    try:
        yield usage
    finally:
        usage.seconds = time.monotonic() - started
        usage.peak_rss = _status_kb("VmHWM") * 1024
