"""Throughput: gunicorn with 2 workers on 127.0.0.1 and a small client of N concurrent sessions,
each sending its next request as soon as the previous one answered, for a fixed time per page.
Loopback only, bounded in time and in concurrency."""

import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int, env: dict, log: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--workers", "2",
               "--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    server_env = {**os.environ, **env, "DJANGO_SETTINGS_MODULE": "config.settings"}
    with log.open("wb") as handle:
        process = subprocess.Popen(command, env=server_env, stdout=subprocess.DEVNULL, stderr=handle)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped: {log.read_text()[-2000:]}") from None
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("gunicorn did not start within 30 s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def load(port: int, path: str, cookie: str, *, sessions: int, seconds: float) -> dict:
    """`sessions` threads, each with its own connection, for `seconds`; every answer must be 200."""
    timings, failures, lock = [], [], threading.Lock()
    stop_at = time.monotonic() + seconds

    def session():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            connection.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
            response = connection.getresponse()
            response.read()
            mine.append((time.perf_counter() - started) * 1000)
            if response.status != 200:
                with lock:
                    failures.append(response.status)
        connection.close()
        with lock:
            timings.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=session) for _ in range(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    if failures:
        raise RuntimeError(f"{path}: {len(failures)} answers were not 200 (e.g. {failures[0]})")
    timings.sort()
    return {"requests": len(timings), "rps": len(timings) / elapsed,
            "p50": statistics.median(timings),
            "p95": timings[min(len(timings) - 1, int(len(timings) * 0.95))]}
