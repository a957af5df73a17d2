#!/usr/bin/env python3
"""The bench's own test (ctest bench.load): bench_load against
bench_raw_epoll_echo, briefly, with every field of its JSON line present and
every byte sent checked; a wrong byte and a closed connection end it with
exit 1; an address off this machine is refused before any connect. Nothing
here depends on the machine's speed: no figure is compared with a number.

    load_test.py --bin-dir build/default/bin
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import threading

FIELDS = [
    "connect", "connections", "block_bytes", "seconds", "round_trips",
    "round_trips_per_second", "mib_per_second", "latency_p50_us",
    "latency_p99_us", "round_trips_min", "round_trips_max", "fairness_jain",
    "server_cpu_us_per_round_trip", "client_cpu_us_per_round_trip",
    "bytes_sent", "bytes_checked",
]
HANG_GUARD = 60  # seconds; a guard against a hang, never a speed limit

failures = []


def check(condition, what):
    print(("ok      " if condition else "FAILED  ") + what)
    if not condition:
        failures.append(what)


def load(bin_dir, *args):
    return subprocess.run([os.path.join(bin_dir, "bench_load"), *args],
                          capture_output=True, text=True, timeout=HANG_GUARD)


def start_raw_server(bin_dir):
    server = subprocess.Popen(
        [os.path.join(bin_dir, "bench_raw_epoll_echo"), "0"],
        stdout=subprocess.PIPE, text=True)
    line = server.stdout.readline()  # "listening on 127.0.0.1:PORT"
    return server, int(line.rsplit(":", 1)[1])


def test_against_raw_server(bin_dir):
    server, port = start_raw_server(bin_dir)
    try:
        # 16 bytes, and blocks larger than a socket buffer, which the
        # kernel takes in pieces (partial sends on both sides).
        for size in ("16", "4MiB"):
            run = load(bin_dir, "--connect", f"127.0.0.1:{port}",
                       "--connections", "2", "--size", size,
                       "--seconds", "1", "--warmup", "0.1",
                       "--server-pid", str(server.pid))
            check(run.returncode == 0,
                  f"size {size}: exit 0 (got {run.returncode}: "
                  f"{run.stderr.strip()})")
            lines = run.stdout.splitlines()
            check(len(lines) == 1, f"size {size}: one line out")
            report = json.loads(lines[0]) if lines else {}
            missing = [f for f in FIELDS if f not in report]
            check(not missing, f"size {size}: every field (missing {missing})")
            block = report.get("block_bytes", 0)
            check(report.get("connections") == 2, f"size {size}: 2 connections")
            # Each connection sends its first block before the window can
            # end, and the drain awaits every block sent.
            check(report.get("bytes_sent", 0) >= 2 * block > 0,
                  f"size {size}: at least one block per connection sent")
            check(report.get("bytes_checked") == report.get("bytes_sent"),
                  f"size {size}: every byte sent was checked")
            check(report.get("server_cpu_us_per_round_trip") is not None,
                  f"size {size}: the server's CPU was read")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=HANG_GUARD)


def serve_once(behaviour):
    """A one-connection server on a thread; behaviour(connection)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def run():
        connection, _ = listener.accept()
        with connection:
            behaviour(connection)
        listener.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return listener.getsockname()[1], thread


def corrupting(connection):
    """Echoes, with the 21st byte of the stream changed."""
    seen = 0
    while data := connection.recv(65536):
        data = bytearray(data)
        if seen <= 20 < seen + len(data):
            data[20 - seen] ^= 0x01
        seen += len(data)
        connection.sendall(data)


def closing(connection):
    """Echoes the first block, then hangs up (reading on, so that the
    hang-up is an end of stream and not a reset)."""
    connection.sendall(connection.recv(16))
    connection.shutdown(socket.SHUT_WR)
    while connection.recv(65536):
        pass


def test_wrong_byte_and_hang_up(bin_dir):
    port, thread = serve_once(corrupting)
    run = load(bin_dir, "--connect", f"127.0.0.1:{port}", "--size", "16",
               "--seconds", "1", "--warmup", "0")
    thread.join(HANG_GUARD)
    check(run.returncode == 1, f"a wrong byte: exit 1 (got {run.returncode})")
    check("round 1: byte 4 of the block is not the byte sent" in run.stderr,
          f"a wrong byte: named ({run.stderr.strip()})")
    check(run.stdout == "", "a wrong byte: no report")

    port, thread = serve_once(closing)
    run = load(bin_dir, "--connect", f"127.0.0.1:{port}", "--size", "16",
               "--seconds", "1", "--warmup", "0")
    thread.join(HANG_GUARD)
    check(run.returncode == 1, f"a hang-up: exit 1 (got {run.returncode})")
    check("the server closed the connection" in run.stderr,
          f"a hang-up: named ({run.stderr.strip()})")


def test_not_loopback(bin_dir):
    # Documentation addresses (RFC 5737, RFC 3849): nobody answers there,
    # and the refusal must come before any attempt to connect.
    for address in ("192.0.2.1:9", "[2001:db8::1]:9", "0.0.0.0:9"):
        run = load(bin_dir, "--connect", address, "--seconds", "1")
        check(run.returncode == 2,
              f"{address}: exit 2 (got {run.returncode})")
        check("is not a loopback address" in run.stderr,
              f"{address}: says why ({run.stderr.strip()})")
    for address in ("127.0.0.1", "127.0.0.1:99999"):
        run = load(bin_dir, "--connect", address)
        check(run.returncode == 2, f"--connect {address}: usage error, exit 2")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin-dir", required=True)
    bin_dir = parser.parse_args().bin_dir
    test_not_loopback(bin_dir)
    test_wrong_byte_and_hang_up(bin_dir)
    test_against_raw_server(bin_dir)
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
