"""Load benchmark: ``raqib serve`` on loopback, driven by wrk; prints a table of figures.

    .venv/bin/python bench/load.py [--db sqlite|postgresql] [--workers N] [--duration 10]
                                   [--connections 8]

For each endpoint — ``GET /livez`` (bare Flask, no database: the ceiling), ``POST
/api/v1/check`` (a full verdict, nothing stored) and ``POST /api/v1/comments`` (full verdict plus
a committed database write) — it runs wrk with the same server and concurrency and prints
requests/s, p50 and p99 latency, and the ratio to the bare endpoint.  It also prints the resident
memory of each gunicorn worker and in-process verdicts/s (no HTTP).  Requests rotate over a set
of realistic Arabic and English comments.  Captcha and rate limits are switched off for the run
(they are what a load test would otherwise measure).  wrk comes from Debian (``apt-get install
wrk``); the server and wrk share this machine's cores, so the figures are a lower bound.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RAQIB = Path(sys.executable).with_name("raqib")

COMMENTS = [
    "How did 300 fighters leave Raqqa without anyone noticing? The coalition owes us answers.",
    "الله يحمي المدنيين في الرقة، الوضع صعب جدا",
    "Good article, thanks for the clear report.",
    "شو هالحكي؟ كيف طلعوا ٣٠٠ مقاتل بدون ما حدا يشوفهم",
    "You are all idiots if you believe the coalition",
    "انت حمار وما بتفهم شي",
    "Buy cheap watches now at www.example-shop.com, call +962 79 123 4567",
    "The Syrian Democratic Forces said civilians were inspected during the evacuation.",
    "الروافض كلهم خونة",
    "Col. Ryan Dillon should resign after this",
    "حسبي الله ونعم الوكيل",
    "This has nothing to do with anything, who won the football match yesterday?",
]

ARTICLE = {
    "title": "International coalition: 300 ISIS fighters might have fled from Raqqa",
    "body": (
        "The International Coalition stated, after a month since Syria's democratic forces "
        "restored Raqqa, that dozens of foreign fighters could have been hiding among civilians "
        "and might have managed to escape elsewhere during the evacuation of 3,000 civilians "
        "from the city. Col. Ryan Dillon, the spokesman for the coalition forces, said there "
        "were about 300 militants who had been identified as potential fighters."
    ),
    "language": "en",
}

LUA = """
local bodies = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("%s", "%s", {["Content-Type"] = "application/json"},
                    bodies[(i %% #bodies) + 1])
end
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:  # noqa: S310 - loopback only
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"server did not come up at {url}")


def _request(url: str, body: dict, token: str | None = None, method: str = "POST") -> dict:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(  # noqa: S310 - loopback only
        url, data=json.dumps(body).encode(), headers=headers, method=method
    )
    with urllib.request.urlopen(req, timeout=10) as r:  # noqa: S310
        return json.loads(r.read())


def _lua(method: str, path: str, bodies: list[str]) -> str:
    quoted = ", ".join("[==[" + b + "]==]" for b in bodies)
    return LUA % (quoted, method, path)


def _wrk(url: str, script: str | None, duration: int, connections: int) -> dict[str, float]:
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "5s"]
    if script:
        cmd += ["-s", script]
    out = subprocess.run(cmd + [url], capture_output=True, text=True, check=True).stdout  # noqa: S603
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def pct(p: str) -> float:
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if m is None:  # no request completed at all
            return float("nan")
        value, unit = float(m.group(1)), m.group(2)
        return value * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    done = re.search(r"(\d+) requests in", out)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": rps,
        "p50": pct("50"),
        "p99": pct("99"),
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": errors.group(1) if errors else "",
        "requests": int(done.group(1)) if done else 0,
    }


def _server_cpu(master_pid: int) -> float:
    """CPU seconds used so far by the gunicorn master and its workers (user + system).

    Requests/s depend on whatever else the shared machine runs; CPU per request does not, so
    it is the figure to compare runs by.
    """
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(proc.name), int(fields[1])
        if pid == master_pid or ppid == master_pid:
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def _measured(master_pid: int, run) -> dict[str, float]:
    before = _server_cpu(master_pid)
    result = run()
    used = _server_cpu(master_pid) - before
    result["cpu_ms"] = 1000 * used / result["requests"] if result["requests"] else float("nan")
    return result


def _half_sent(port: int, n: int) -> list[socket.socket]:
    """``n`` connections that send half a request and then nothing (slow or idle clients)."""
    socks = []
    head = b"POST /api/v1/check HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
    for i in range(n):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall(head if i % 2 else head + b'Content-Length: 999\r\n\r\n{"comm')
        socks.append(s)
    return socks


def _worker_memory(master_pid: int) -> list[tuple[float, float]]:
    """(RSS, PSS) in MiB per worker: PSS splits pages shared with the master and other workers."""
    out = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            status = (proc / "status").read_text()
            if not re.search(rf"^PPid:\s+{master_pid}$", status, re.M):
                continue
            if b"webhooks" in (proc / "cmdline").read_bytes():
                continue  # the webhook delivery worker, not a gunicorn worker
            rollup = (proc / "smaps_rollup").read_text()
        except OSError:
            continue
        rss = int(re.search(r"^VmRSS:\s+(\d+)", status, re.M).group(1))
        pss = re.search(r"^Pss:\s+(\d+)", rollup, re.M)
        out.append((rss / 1024, int(pss.group(1)) / 1024 if pss else float("nan")))
    return sorted(out)


def in_process(n: int = 2000) -> tuple[float, float, float, float]:
    """Verdicts/s one at a time and batched, and the median and p99 ms of one verdict."""
    from service import create_app
    from service.core import Article, Submission
    from service.extensions import db

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {"DATABASE_URL": f"sqlite:///{tmp}/b.sqlite3", "SECRET_KEY": "b", "INSTANCE_PATH": tmp}
        )
        with app.app_context():
            db.create_all()
            engine = app.extensions["raqib"]
            article = Article(id="a", title=ARTICLE["title"], body=ARTICLE["body"])
            items = [(Submission(COMMENTS[i % len(COMMENTS)]), article) for i in range(n)]
            engine.moderate(*items[0])
            took = []
            for s, a in items:
                t0 = time.perf_counter()
                engine.moderate(s, a)
                took.append(time.perf_counter() - t0)
            single = n / sum(took)
            t0 = time.perf_counter()
            engine.moderate_many(items)
            batched = n / (time.perf_counter() - t0)
    took.sort()
    return single, batched, 1000 * took[n // 2], 1000 * took[int(n * 0.99)]


def main(argv: list[str] | None = None) -> int:
    """Run the load benchmark and print its figures."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    ap.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/test")
    ap.add_argument("--workers", type=int, default=None,
                    help="default: what `raqib serve` starts (one per CPU)")
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--skip-in-process", action="store_true")
    ap.add_argument(
        "--slow-clients",
        type=int,
        default=50,
        help="half-sent requests held open during a last /livez run (0: skip it)",
    )
    args = ap.parse_args(argv)
    if args.workers is None:  # what `raqib serve` would start
        from service.cli import default_workers

        args.workers = int(os.environ.get("RAQIB_WORKERS", 0)) or default_workers()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")

    tmp = Path(tempfile.mkdtemp(prefix="raqib-bench-"))
    port = _free_port()
    env = dict(
        os.environ,
        RAQIB_SECRET_KEY="bench",  # noqa: S106 - a throwaway server on loopback
        RAQIB_INSTANCE_PATH=str(tmp),
        RAQIB_CAPTCHA="off",
        RAQIB_RATELIMIT_ENABLED="off",
        RAQIB_MODE="auto",
    )
    if args.db == "postgresql":
        schema = f"raqib_bench_{os.getpid()}"
        psql = shutil.which("psql") or sys.exit("psql is needed for --db postgresql")
        subprocess.run(  # noqa: S603
            [
                psql,
                args.pg_url,
                "-qc",
                f'DROP SCHEMA IF EXISTS "{schema}" CASCADE; CREATE SCHEMA "{schema}"',
            ],
            check=True,
        )
        env["RAQIB_DATABASE_URL"] = f"{args.pg_url}?options=-csearch_path%3D{schema}"
    else:
        env["RAQIB_DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"

    def run(*cmd: str) -> str:
        return subprocess.run(  # noqa: S603
            [str(RAQIB), *cmd], env=env, capture_output=True, text=True, check=True
        ).stdout

    run("db", "upgrade")
    token = run("moderator", "add", "bench", "--no-password").split("api token: ")[1].strip()
    pidfile = tmp / "gunicorn.pid"
    server = subprocess.Popen(  # noqa: S603
        [
            str(RAQIB),
            "serve",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
            "--pidfile",
            str(pidfile),
        ],
        env=dict(env, RAQIB_ACCESSLOG="0"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base + "/livez")
        # The run names the models it measured (a "+..." suffix differs with the layer off).
        with urllib.request.urlopen(base + "/healthz", timeout=10) as r:  # noqa: S310 - loopback
            model_version = json.loads(r.read()).get("model_version", "?")
        _request(base + "/api/v1/articles/bench", ARTICLE, token, method="PUT")
        check_bodies = [json.dumps({"comment": c, "article_id": "bench"}) for c in COMMENTS]
        # Unique names keep duplicate detection from turning the run into a spam test.
        post_bodies = [
            json.dumps({"article_id": "bench", "name": f"Reader {i}", "comment": f"{c} #{i}"})
            for i, c in enumerate(COMMENTS * 20)
        ]
        scripts = {}
        for name, method, path, bodies in [
            ("check", "POST", "/api/v1/check", check_bodies),
            ("comments", "POST", "/api/v1/comments", post_bodies),
        ]:
            f = tmp / f"{name}.lua"
            f.write_text(_lua(method, path, bodies), encoding="utf-8")
            scripts[name] = str(f)
        # Warm every worker (article vectors, caches) before measuring.
        _wrk(base + "/api/v1/check", scripts["check"], 2, args.connections)
        _wrk(base + "/livez", None, 1, args.connections)
        master = int(pidfile.read_text().strip())
        results = {
            "GET /livez (bare)": _measured(
                master, lambda: _wrk(base + "/livez", None, args.duration, args.connections)
            ),
            "POST /api/v1/check": _measured(
                master,
                lambda: _wrk(
                    base + "/api/v1/check", scripts["check"], args.duration, args.connections
                ),
            ),
            "POST /api/v1/comments": _measured(
                master,
                lambda: _wrk(
                    base + "/api/v1/comments", scripts["comments"], args.duration, args.connections
                ),
            ),
        }
        memory = _worker_memory(master)
        if args.slow_clients:
            # Slow or idle clients must not hold a worker: /livez while they are connected.
            socks = _half_sent(port, args.slow_clients)
            try:
                results[f"GET /livez, {args.slow_clients} slow clients connected"] = _wrk(
                    base + "/livez", None, args.duration, args.connections
                )
            finally:
                for s in socks:
                    s.close()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    bare = results["GET /livez (bare)"]["rps"]
    print(
        f"\nraqib serve --workers {args.workers} on {args.db}; wrk -t2 -c{args.connections} "
        f"-d{args.duration}s; {os.cpu_count()} cores shared by server and wrk; "
        f"model_version {model_version}\n"
    )
    print(
        "| endpoint | requests/s | p50 ms | p99 ms | vs bare | server CPU ms/request "
        "| non-2xx | socket errors |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for name, r in results.items():
        cpu = r.get("cpu_ms")
        print(
            f"| {name} | {r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | "
            f"{r['rps'] / bare:.0%} | {'-' if cpu is None else f'{cpu:.2f}'} | {r['non2xx']} "
            f"| {r['socket_errors'] or '-'} |"
        )
    print("\nmemory per worker, MiB (resident; proportional, shared pages split): "
          + ", ".join(f"{rss:.0f} ({pss:.0f})" for rss, pss in memory))
    if not args.skip_in_process:
        single, batched, p50, p99 = in_process()
        print(f"in-process verdicts/s: {single:.0f} one at a time ({p50:.1f} ms median, "
              f"{p99:.1f} ms p99 per verdict), {batched:.0f} batched")
    return 0


if __name__ == "__main__":
    sys.exit(main())
