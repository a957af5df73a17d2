#!/usr/bin/env python3
"""Tests of scripts/bench and scripts/bench-suite.py that need no benchmark
run (ctest bench.suite): the commands --help lists, an unknown command, the
ratio tables, select's wall in the idle table and plot, and the parsing of
chapter 08's report, on the report its transcripts show, so that a change of
wording there fails here rather than leaving `scripts/bench idle` blind.

    suite_test.py --root .
"""

import argparse
import glob
import importlib.util
import os
import subprocess
import sys

failures = []


def check(condition, what):
    print(("ok      " if condition else "FAILED  ") + what)
    if not condition:
        failures.append(what)


def load_suite(root):
    spec = importlib.util.spec_from_file_location(
        "bench_suite", os.path.join(root, "scripts", "bench-suite.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_help(root):
    bench = os.path.join(root, "scripts", "bench")
    run = subprocess.run([bench, "--help"], capture_output=True, text=True,
                         timeout=60)
    check(run.returncode == 0, "--help: exit 0")
    for command in ("buffer", "echo", "idle", "timers", "chat"):
        check(f"\n  {command} " in run.stdout, f"--help lists {command}")
    run = subprocess.run([bench, "nonsense"], capture_output=True, text=True,
                         timeout=60)
    check(run.returncode == 2 and "unknown command 'nonsense'" in run.stderr,
          "an unknown command: exit 2, named")
    run = subprocess.run([bench, "echo", "--build-dir"], capture_output=True,
                         text=True, timeout=60)
    check(run.returncode == 2, "--build-dir without a directory: exit 2")


def test_echo_table(suite):
    def report(rate, cpu):
        return {"round_trips_per_second": rate,
                "server_cpu_us_per_round_trip": cpu,
                "latency_p99_us": 100.0, "fairness_jain": 0.99}
    results = {("raw epoll", 1, 16): report(100000.0, 4.0),
               ("08_poll_epoll", 1, 16): report(50000.0, 10.0)}
    table = suite.echo_tables(results, ["raw epoll", "08_poll_epoll"],
                              [(1, 16), (10, 16)])
    check("50,000 (0.50x)" in table, "echo: a rate with its ratio to raw")
    check("10.00 (2.50x)" in table, "echo: CPU per round trip with its ratio")
    missing_row = [line for line in table.splitlines()
                   if line.split()[:3] == ["10", "16", "B"]]
    check(bool(missing_row) and missing_row[0].split()[3:] == ["-", "-"],
          "echo: a figure not measured is shown as '-'")
    svg = suite.echo_plot(results, ["raw epoll", "08_poll_epoll"], [1, 10],
                          [16], 2.0)
    check(svg.startswith("<svg") and "08_poll_epoll" in svg,
          "echo: the plot names every server")


def test_idle_wall(suite):
    def ok(backend, idle, cpu):
        return {"backend": backend, "idle": idle, "exit": 0,
                "cpu_us_per_turn": cpu}
    results = {("select", 0): ok("select", 0, 1.0),
               ("select", 1000): ok("select", 1000, 20.0),
               ("select", 3000): {"backend": "select", "idle": 3000,
                                  "exit": 5, "why": "FD_SETSIZE", "wall": True},
               ("poll", 0): ok("poll", 0, 1.0),
               ("poll", 1000): ok("poll", 1000, 30.0),
               ("poll", 3000): ok("poll", 3000, 90.0),
               ("epoll", 0): ok("epoll", 0, 1.0),
               ("epoll", 1000): ok("epoll", 1000, 1.1),
               ("epoll", 3000): ok("epoll", 3000, 1.2)}
    table = suite.idle_table(results, [0, 1000, 3000])
    check("FD_SETSIZE wall" in table, "idle: select's wall in the table")
    check("90.00 (90.0x)" in table, "idle: a figure with its ratio to 0 idle")
    svg = suite.idle_plot(results, [0, 1000, 3000], 0)
    check("select: FD_SETSIZE" in svg and "wall at 3,000 idle" in svg,
          "idle: the plot marks where select's curve ends")


def test_idle_book_figure(suite, root):
    book = os.path.join(os.path.abspath(root), "book", "figures",
                        "08_idle.svg")
    check(suite.idle_figure_paths("out", False) == ["out/idle.svg"],
          "idle: the book's figure is left alone by default")
    check(suite.idle_figure_paths("out", True) == ["out/idle.svg", book],
          "idle: --update-book also writes book/figures/08_idle.svg")
    run = subprocess.run([os.path.join(root, "scripts", "bench"), "idle",
                          "--help"], capture_output=True, text=True,
                         timeout=60)
    check("--update-book" in run.stdout, "idle --help lists --update-book")


def transcript_reports(root):
    """The output of chapter 08's echo transcripts that holds a report,
    with the transcripts' placeholders ({n} a number, {*} anything) filled
    in as the program would."""
    texts = []
    for path in sorted(glob.glob(os.path.join(
            root, "tests", "transcripts", "08_poll_epoll.*.t"))):
        with open(path, encoding="utf-8") as transcript:
            text = transcript.read()
        if "cpu per turn" in text:
            texts.append(text.replace("{n}", "7").replace("{*}", "15 ms"))
    return texts


def test_idle_parsing(suite, root):
    texts = transcript_reports(root)
    check(bool(texts), "idle: a transcript of chapter 08 shows its report")
    for text in texts:
        parsed = suite.parse_idle_report(text)
        check(parsed["cpu_us_per_turn"] == 7.0,
              "idle: CPU per turn read from chapter 08's report")
        check(parsed["round_trips_per_second"] == 7.0,
              "idle: round trips per second read from chapter 08's report")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", required=True)
    root = parser.parse_args().root
    suite = load_suite(root)
    test_help(root)
    test_echo_table(suite)
    test_idle_wall(suite)
    test_idle_parsing(suite, root)
    test_idle_book_figure(suite, root)
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
