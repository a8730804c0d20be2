"""Every benchmark, one after the other: ``make bench`` (or ``.venv/bin/python -m bench``).

Results go to ``bench/results/<name>.json`` with the machine and the commit; each script also runs
alone with its own options (see its ``--help``).
"""

from __future__ import annotations

import subprocess
import sys

SCRIPTS = ["bench.cold_start", "bench.ack_latency", "bench.logbook_throughput", "bench.scaling", "bench.tick",
           "bench.load_users", "bench.reminder_delay", "bench.intake"]


def main() -> int:
    failed = 0
    for script in SCRIPTS:
        failed += subprocess.run([sys.executable, "-m", script]).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
