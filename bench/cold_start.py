"""Cold start: from launching ``sirene serve`` to its first answered request (``/healthz``), and idle memory.

    .venv/bin/python -m bench.cold_start [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from bench.harness import fake_slack
from bench.harness import report
from bench.harness import rss_mb
from bench.harness import sirene


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    times: list[float] = []
    memory: list[float] = []
    with fake_slack() as fake:
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as folder:
                started = time.perf_counter()
                with sirene(fake, Path(folder)) as server:
                    times.append(time.perf_counter() - started)
                    time.sleep(1.0)
                    assert server.process is not None
                    memory.append(rss_mb(server.process.pid))
    rows = [{"figure": "cold start to first answer (s)", "median": statistics.median(times), "max": max(times)},
            {"figure": "idle RSS (MB)", "median": statistics.median(memory), "max": max(memory)}]
    report("cold_start", rows, {"cold start": "< 2 s", "idle RSS": "< 150 MB"})


if __name__ == "__main__":
    main()
