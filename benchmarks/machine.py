"""What machine a benchmark ran on, printed above its table."""

from __future__ import annotations

import os
import platform


def beschrijving() -> str:
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as bestand:
            cpu = next(regel.split(":", 1)[1].strip() for regel in bestand if regel.startswith("model name"))
    except (OSError, StopIteration):
        pass
    geheugen = "?"
    try:
        with open("/proc/meminfo") as bestand:
            kilobytes = int(next(regel.split()[1] for regel in bestand if regel.startswith("MemTotal")))
            geheugen = f"{kilobytes / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        pass
    return f"{os.cpu_count()} cores ({cpu}), {geheugen} RAM, Python {platform.python_version()}, {platform.system()}"
