"""The load generators: wrk (HTTP, with bench/lua/haat.lua) and pgbench (baseline B2).

Each run is bounded in time, targets loopback only, and reports the CPU the generator
itself used, so a reader can tell the server's limit from the generator's.
"""

import json
import re
import resource
import shutil
import subprocess
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import env

LUA = env.ROOT / "bench" / "lua" / "haat.lua"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass
class LoadResult:
    """One measured run: throughput, latency (ms), errors and the generator's CPU."""

    name: str
    tool: str
    threads: int
    connections: int
    seconds: float
    requests: int
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    mean_ms: float
    errors: int
    http_5xx: int
    statuses: dict = field(default_factory=dict)
    outcomes: dict = field(default_factory=dict)
    generator_cpu_pct: float = 0.0
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def require_tools() -> None:
    """Exit if wrk or pgbench is missing (Debian: apt-get install wrk postgresql-client)."""
    missing = [tool for tool in ("wrk", "pgbench") if shutil.which(tool) is None]
    if missing:
        raise SystemExit(
            f"Missing {', '.join(missing)}: apt-get update && apt-get install -y wrk "
            "postgresql-client"
        )


def wrk(
    name: str,
    url: str,
    args: list[str],
    *,
    threads: int = 1,
    connections: int = 16,
    seconds: int = 15,
    timeout: int = 10,
) -> LoadResult:
    """Run wrk against ``url`` (loopback) with haat.lua and ``args``; return the result."""
    if not url.startswith(f"http://{env.HOST}:"):
        raise ValueError("The benchmark only loads loopback addresses.")
    command = [
        "wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", f"--timeout={timeout}s",
        "-s", str(LUA), url.rstrip("/") + "/", "--", *args,
    ]  # fmt: skip
    cpu_before, started = _children_cpu(), time.monotonic()
    run = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=False)
    wall = time.monotonic() - started
    cpu = _children_cpu() - cpu_before
    line = next((x for x in run.stdout.splitlines() if x.startswith("BENCHJSON ")), None)
    if run.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({run.returncode}): {run.stderr or run.stdout}")
    data = json.loads(line.removeprefix("BENCHJSON "))
    duration = data["duration_us"] / 1e6
    errors = data["errors"]
    statuses = dict(data["statuses"])
    http_5xx = sum(v for k, v in statuses.items() if k.startswith("5"))
    latency = data["latency_us"]
    return LoadResult(
        name=name,
        tool="wrk",
        threads=threads,
        connections=connections,
        seconds=round(duration, 2),
        requests=data["requests"],
        rps=round(data["requests"] / duration, 1) if duration else 0.0,
        p50_ms=latency["p50"] / 1000,
        p95_ms=latency["p95"] / 1000,
        p99_ms=latency["p99"] / 1000,
        mean_ms=round(latency["mean"] / 1000, 2),
        errors=sum(errors.values()),
        http_5xx=http_5xx,
        statuses=statuses,
        outcomes=data["outcomes"],
        generator_cpu_pct=round(100 * cpu / wall, 1) if wall else 0.0,
        extra={"socket_errors": {k: v for k, v in errors.items() if k != "status"}},
    )


def write_lines(path: Path, lines: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")
    return path


def pgbench(
    name: str, database: str, script: str, *, clients: int, seconds: int = 15
) -> LoadResult:
    """Run pgbench with a custom ``script`` at ``clients`` connections; return the result."""
    script_file = write_lines(env.VAR / f"{name}.sql", [script])
    command = [
        "pgbench", "-n", "-M", "prepared", "-c", str(clients), "-j", "2", "-T", str(seconds),
        "-f", str(script_file), "--log", "--log-prefix", str(env.VAR / f"{name}-log"),
        f"{env.PG}/{database}",
    ]  # fmt: skip
    for old in env.VAR.glob(f"{name}-log*"):
        old.unlink()
    cpu_before, started = _children_cpu(), time.monotonic()
    run = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120)
    wall = time.monotonic() - started
    cpu = _children_cpu() - cpu_before
    if run.returncode != 0:
        raise RuntimeError(f"pgbench failed: {run.stderr}")
    tps = float(re.search(r"tps = ([\d.]+)", run.stdout).group(1))
    failed = re.search(r"number of failed transactions: (\d+)", run.stdout)
    latencies = sorted(
        int(parts[2])
        for log in env.VAR.glob(f"{name}-log*")
        for parts in (line.split() for line in log.read_text().splitlines())
        if len(parts) > 2
    )
    for log in env.VAR.glob(f"{name}-log*"):
        log.unlink()

    def pct(p: float) -> float:
        if not latencies:
            return 0.0
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] / 1000

    return LoadResult(
        name=name,
        tool="pgbench",
        threads=2,
        connections=clients,
        seconds=seconds,
        requests=len(latencies),
        rps=round(tps, 1),
        p50_ms=pct(50),
        p95_ms=pct(95),
        p99_ms=pct(99),
        mean_ms=round(sum(latencies) / len(latencies) / 1000, 2) if latencies else 0.0,
        errors=int(failed.group(1)) if failed else 0,
        http_5xx=0,
        generator_cpu_pct=round(100 * cpu / wall, 1) if wall else 0.0,
    )
