#!/usr/bin/env python3
"""The benchmarks behind `scripts/bench echo`, `idle` and `timers`, which
build the programs and then run this (see `scripts/bench --help`). It can
also be run directly on built programs:

    bench-suite.py echo --bin-dir build/default/bin --out-dir build/bench \
        --chapters 08_poll_epoll

Each command prints a table and writes its plot (SVG) and its raw results
(one JSON object a line) to --out-dir. Python 3 standard library only.
"""

import argparse
import html
import json
import math
import os
import re
import resource
import signal
import socket
import subprocess
import sys
import time

COLOURS = ["#222222", "#2471a3", "#c0392b", "#27ae60", "#8e44ad", "#e67e22"]
HANG_GUARD = 120  # seconds: a program that runs longer is broken
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BOOK_IDLE_FIGURE = os.path.join(ROOT, "book", "figures", "08_idle.svg")


def say(text):
    print(text, file=sys.stderr, flush=True)


def raise_descriptor_limit():
    """Soft open-files limit up to the hard one, for us and our children:
    a thousand connections need a thousand descriptors on each side."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


# ---------------------------------------------------------------- plots --

def nice_step(span, ticks=5):
    """A round step (1, 2 or 5 times a power of ten) for about `ticks`."""
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def short_number(value):
    for limit, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= limit:
            return f"{value / limit:g}{suffix}"
    return f"{value:g}"


class Axis:
    """Maps values onto [0, 1]: linear from 0, or logarithmic. A log axis
    that must show 0 (idle connections: 0, 10, ... 10,000) maps v + 1."""

    def __init__(self, values, log, plus_one=False):
        self.log, self.plus_one = log, plus_one
        values = [v for v in values if v is not None]
        if log:
            low = min(self._f(v) for v in values)
            high = max(self._f(v) for v in values)
            self.low = math.floor(math.log10(low))
            self.high = max(math.ceil(math.log10(high)), self.low + 1)
        else:
            self.low, top = 0.0, max(values) * 1.08 or 1
            self.step = nice_step(top)
            self.high = math.ceil(top / self.step) * self.step

    def _f(self, value):
        return value + 1 if self.plus_one else max(value, 1e-12)

    def at(self, value):
        if self.log:
            return ((math.log10(self._f(value)) - self.low) /
                    (self.high - self.low))
        return value / self.high

    def ticks(self):
        if self.log and self.plus_one:
            # 0, 10, 100, ...: drawn at v + 1, named as they are.
            yield 0, 0
            for power in range(max(self.low, 1), self.high + 1):
                yield 10 ** power, 10 ** power
        elif self.log:
            # Within two decades, 2 and 5 as well: a lone "10k" and "100k"
            # do not let a reader read a point off the axis.
            steps = (1, 2, 5) if self.high - self.low <= 2 else (1,)
            for power in range(self.low, self.high + 1):
                for step in steps:
                    value = step * 10 ** power
                    if value <= 10 ** self.high:
                        yield (value - 1 if self.plus_one else value), value
        else:
            tick = 0.0
            while tick <= self.high + 1e-9:
                yield tick, tick
                tick += self.step


def panel(out, box, title, series, x_axis, y_axis, x_label, y_label,
          x_names=None):
    """Draws one plot in box (left, top, width, height). series: a list of
    (label, colour, [(x, y), ...], marks), marks a list of (x, y, text)
    drawn as labelled crosses (where a curve ends at a wall, say)."""
    left, top, width, height = box

    def px(v):
        return left + width * x_axis.at(v)

    def py(v):
        return top + height * (1 - y_axis.at(v))

    out.append(f'<text x="{left + width / 2}" y="{top - 10}" '
               f'text-anchor="middle" font-size="13">{html.escape(title)}'
               '</text>')
    for value, shown in y_axis.ticks():
        out.append(f'<line x1="{left}" y1="{py(value):.1f}" '
                   f'x2="{left + width}" y2="{py(value):.1f}" '
                   'stroke="#e5e5e5"/>')
        out.append(f'<text x="{left - 6}" y="{py(value) + 4:.1f}" '
                   f'text-anchor="end">{short_number(shown)}</text>')
    for value, shown in x_axis.ticks():
        name = x_names(value) if x_names else short_number(shown)
        out.append(f'<line x1="{px(value):.1f}" y1="{top}" '
                   f'x2="{px(value):.1f}" y2="{top + height}" '
                   'stroke="#e5e5e5"/>')
        out.append(f'<text x="{px(value):.1f}" y="{top + height + 16}" '
                   f'text-anchor="middle">{name}</text>')
    out.append(f'<rect x="{left}" y="{top}" width="{width}" '
               f'height="{height}" fill="none" stroke="#444"/>')
    out.append(f'<text x="{left + width / 2}" y="{top + height + 34}" '
               f'text-anchor="middle">{html.escape(x_label)}</text>')
    out.append(f'<text transform="translate({left - 48} {top + height / 2}) '
               f'rotate(-90)" text-anchor="middle">{html.escape(y_label)}'
               '</text>')
    for label, colour, points, marks in series:
        points = [(x, y) for x, y in points if y is not None]
        if len(points) > 1:
            line = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in points)
            out.append(f'<polyline points="{line}" fill="none" '
                       f'stroke="{colour}" stroke-width="2"/>')
        for x, y in points:
            out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3" '
                       f'fill="{colour}"/>')
        for x, y, text in marks:
            cx, cy = px(x), py(y)
            if points:  # dotted from the curve's last point to its end
                lx, ly = px(points[-1][0]), py(points[-1][1])
                out.append(f'<line x1="{lx:.1f}" y1="{ly:.1f}" '
                           f'x2="{cx:.1f}" y2="{cy:.1f}" stroke="{colour}" '
                           'stroke-width="1.5" stroke-dasharray="2 3"/>')
            out.append(f'<path d="M{cx - 6:.1f},{cy - 6:.1f}l12,12'
                       f'm0,-12l-12,12" stroke="{colour}" '
                       'stroke-width="2.5"/>')
            # The text in lines of at most about 20 characters, under the
            # cross and to its right, where no curve goes.
            words, lines = text.split(), [""]
            for word in words:
                if lines[-1] and len(lines[-1]) + len(word) > 19:
                    lines.append("")
                lines[-1] = (lines[-1] + " " + word).strip()
            for row, line in enumerate(lines):
                out.append(f'<text x="{cx + 8:.1f}" '
                           f'y="{cy + 22 + 14 * row:.1f}" fill="{colour}">'
                           f'{html.escape(line)}</text>')


def svg_document(width, height, title, body, legend, note):
    """legend: (label, colour) pairs, in a row under the title."""
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" '
           f'height="{height}" viewBox="0 0 {width} {height}" '
           'font-family="sans-serif" font-size="11">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{width / 2}" y="22" text-anchor="middle" '
           f'font-size="15">{html.escape(title)}</text>']
    x = 70
    for label, colour in legend:
        out.append(f'<line x1="{x}" y1="42" x2="{x + 24}" y2="42" '
                   f'stroke="{colour}" stroke-width="2"/>')
        out.append(f'<text x="{x + 30}" y="46">{html.escape(label)}</text>')
        x += 40 + 7 * len(label)
    out += body
    out.append(f'<text x="{width / 2}" y="{height - 8}" text-anchor="middle" '
               f'fill="#555">{html.escape(note)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def write(path, text):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)


def machine_note():
    cpus = os.cpu_count()
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{cpus} CPUs" + (f", {model}" if model else "")


# ----------------------------------------------------------------- echo --

def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(server, port, deadline):
    while time.monotonic() < deadline:
        if server.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def help_text(program):
    try:
        return subprocess.run([program, "--help"], capture_output=True,
                              text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return ""


class Server:
    """An echo server running for the whole comparison."""

    def __init__(self, label, argv, log_path, port=None):
        self.label, self.port, self.error = label, port, None
        self.log_path = log_path
        log = open(log_path, "w", encoding="utf-8")
        self.process = subprocess.Popen(
            argv, stdout=subprocess.PIPE if port is None else log,
            stderr=log, text=True)
        if port is None:  # the raw server says its port
            line = self.process.stdout.readline()
            match = re.search(r":(\d+)\s*$", line)
            self.port = int(match.group(1)) if match else 0
        if not wait_until_listening(self.process, self.port,
                                    time.monotonic() + 30):
            self.error = "did not start listening; see " + log_path

    def alive(self):
        if self.error is None and self.process.poll() is not None:
            self.error = (f"exited ({self.process.returncode}); see "
                          f"{self.log_path}")
        return self.error is None

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def chapter_server(bin_dir, chapter, out_dir):
    """A chapter's echo server alone, for outside clients (--listen)."""
    program = os.path.join(bin_dir, chapter)
    port = free_port()
    options = help_text(program)
    argv = [program]
    if "echo (the default)" not in options:
        argv.append("echo")  # 14 on: the default demo is the chat room
    argv += ["--listen", f"127.0.0.1:{port}"]
    if "--stall-timeout" in options:
        argv += ["--stall-timeout", "0"]  # idle between its turns is fine
    if "--idle-timeout" in options:
        # Connections wait while the others are made (a thousand of them
        # may take seconds): dropping the silent ones is not measured here.
        argv += ["--idle-timeout", "0"]
    return Server(chapter, argv, os.path.join(out_dir, f"echo-{chapter}.log"),
                  port)


def load(bin_dir, server, connections, size, seconds, warmup):
    argv = [os.path.join(bin_dir, "bench_load"),
            "--connect", f"127.0.0.1:{server.port}",
            "--connections", str(connections), "--size", str(size),
            "--seconds", str(seconds), "--warmup", str(warmup),
            "--server-pid", str(server.process.pid)]
    try:
        run = subprocess.run(argv, capture_output=True, text=True,
                             timeout=seconds + warmup + HANG_GUARD)
    except subprocess.TimeoutExpired:
        return None, "bench_load hung"
    if run.returncode != 0:
        return None, run.stderr.strip() or f"exit {run.returncode}"
    return json.loads(run.stdout), None


def size_name(size):
    return f"{size // 1024} KiB" if size >= 1024 else f"{size} B"


def ratio_text(value, raw, digits):
    if value is None:
        return "-"
    text = f"{value:,.{digits}f}"
    if raw:
        text += f" ({value / raw:.2f}x)"
    return text


def echo_tables(results, labels, cells):
    """Three tables: round trips per second, server CPU per round trip,
    p99 latency, each figure with its ratio to the raw server's."""
    tables = [("round trips per second", "round_trips_per_second", 0),
              ("server CPU per round trip, microseconds",
               "server_cpu_us_per_round_trip", 2),
              ("latency p99, microseconds", "latency_p99_us", 0)]
    width = max(18, *(len(label) + 2 for label in labels))
    lines = []
    for title, key, digits in tables:
        lines.append(f"\n{title} (ratio to {labels[0]}):")
        lines.append(f"{'conns':>6} {'block':>7}" +
                     "".join(f"{label:>{width}}" for label in labels))
        for connections, size in cells:
            raw = results.get((labels[0], connections, size), {}).get(key)
            row = f"{connections:>6} {size_name(size):>7}"
            for label in labels:
                value = results.get((label, connections, size), {}).get(key)
                shown = (ratio_text(value, raw, digits) if label != labels[0]
                         else ratio_text(value, None, digits))
                row += f"{shown:>{width}}"
            lines.append(row)
    lines.append("\nfairness (Jain's index over connections; 1 is even), "
                 "worst cell:")
    for label in labels:
        worst = min((r["fairness_jain"] for (l, *_), r in results.items()
                     if l == label), default=None)
        lines.append(f"  {label}: " +
                     ("-" if worst is None else f"{worst:.3f}"))
    return "\n".join(lines)


def echo_plot(results, labels, connection_counts, sizes, seconds,
              repeat=1):
    width, height = 900, 640
    boxes = {}
    for row, key in enumerate(("round_trips_per_second",
                               "server_cpu_us_per_round_trip")):
        for column, size in enumerate(sizes):
            boxes[(key, size)] = (90 + column * 430, 90 + row * 260, 350, 190)
    body = []
    x_axis = Axis(connection_counts, log=True)
    for (key, size), box in boxes.items():
        values = [r[key] for (_, _, s), r in results.items()
                  if s == size and r.get(key)]
        if not values:
            continue
        y_axis = Axis(values, log=True)
        series = []
        for index, label in enumerate(labels):
            points = [(c, results.get((label, c, size), {}).get(key))
                      for c in connection_counts]
            series.append((label, COLOURS[index % len(COLOURS)], points, []))
        what = ("round trips per second"
                if key == "round_trips_per_second"
                else "server CPU per round trip (µs)")
        panel(body, box, f"{size_name(size)} blocks: {what}", series,
              x_axis, y_axis, "connections", what.split(" (")[0]
              if key == "round_trips_per_second" else "µs of server CPU")
    legend = [(label, COLOURS[i % len(COLOURS)])
              for i, label in enumerate(labels)]
    median = f", median of {repeat} runs" if repeat > 1 else ""
    note = (f"ping-pong, every byte checked; {seconds:g} s windows{median}, "
            f"servers alternating in one run; {machine_note()}")
    return svg_document(width, height,
                        "Echo servers against the raw epoll limit",
                        body, legend, note)


def run_echo(args):
    raise_descriptor_limit()
    os.makedirs(args.out_dir, exist_ok=True)
    chapters = [c for c in args.chapters.split(",") if c]
    if args.servers:
        wanted = args.servers.split(",")
        chapters = [c for c in chapters
                    if c in wanted or c.split("_")[0] in wanted]
    servers = [Server("raw epoll",
                      [os.path.join(args.bin_dir, "bench_raw_epoll_echo")],
                      os.path.join(args.out_dir, "echo-raw.log"))]
    servers += [chapter_server(args.bin_dir, c, args.out_dir)
                for c in chapters]
    labels = [s.label for s in servers]
    connection_counts = [int(c) for c in args.connections.split(",")]
    sizes = [int(s) for s in args.sizes.split(",")]
    cells = [(c, s) for s in sizes for c in connection_counts]
    runs = {}  # (label, connections, size) -> reports
    raw_lines = []
    rounds = [(index, cell) for index, cell in enumerate(cells)] * args.repeat
    try:
        for turn, (index, (connections, size)) in enumerate(rounds):
            # Alternate: each cell starts with a different server, so that
            # none is always measured first (or last) on a warm machine.
            shift = turn % len(servers)
            for server in servers[shift:] + servers[:shift]:
                if not server.alive():
                    continue
                say(f"==> {server.label}: {connections} connections, "
                    f"{size_name(size)} blocks")
                report, error = load(args.bin_dir, server, connections,
                                     size, args.seconds, args.warmup)
                if error:
                    say(f"    failed: {error}")
                    continue
                report["server"] = server.label
                runs.setdefault((server.label, connections, size),
                                []).append(report)
                raw_lines.append(json.dumps(report))
    finally:
        for server in servers:
            server.stop()
    for server in servers:
        if server.error:
            say(f"{server.label}: {server.error}")
    # With --repeat, each figure is the median run's (by round trips per
    # second): one run can be an outlier on a busy or virtual machine.
    results = {key: sorted(reports,
                           key=lambda r: r["round_trips_per_second"])[
                               len(reports) // 2]
               for key, reports in runs.items()}
    repeat = f", median of {args.repeat}" if args.repeat > 1 else ""
    print(f"Echo ping-pong, every byte checked, {args.seconds:g} s per "
          f"figure{repeat}, servers alternating in one run; "
          f"{machine_note()}.")
    print(echo_tables(results, labels, cells))
    write(os.path.join(args.out_dir, "echo.jsonl"), "\n".join(raw_lines) + "\n")
    svg_path = os.path.join(args.out_dir, "echo.svg")
    write(svg_path, echo_plot(results, labels, connection_counts, sizes,
                              args.seconds, args.repeat))
    print(f"\nwrote {svg_path} and echo.jsonl beside it")
    failed = [s for s in servers if s.error] or len(raw_lines) < len(
        rounds) * len(servers)
    return 1 if failed else 0


# ----------------------------------------------------------------- idle --

BACKENDS = ["select", "poll", "epoll"]
UNITS = {"ns": 1e-3, "µs": 1.0, "us": 1.0, "ms": 1e3}


REPORT = re.compile(r"turns: ([0-9,]+), cpu per turn: ([0-9.,]+) (ns|us|µs|ms), "
                    r"descriptors: ([0-9,]+), backend: (\w+)")
RATE = re.compile(r"round trips of [0-9,]+ bytes in [^:\n]*: ([0-9.,]+) per "
                  r"second")


def number(text):
    return float(text.replace(",", ""))


def parse_idle_report(text):
    """Chapter 08's report line, "turns: N, cpu per turn: X us,
    descriptors: D, backend: B", and its "... N per second" line. None for
    a figure that is not there."""
    result = {"cpu_us_per_turn": None, "turns": None, "descriptors": None,
              "round_trips_per_second": None}
    reports = list(REPORT.finditer(text))
    report = reports[-1] if reports else None  # the last one: the run's
    if report:
        result.update(turns=int(number(report.group(1))),
                      cpu_us_per_turn=number(report.group(2)) *
                      UNITS[report.group(3)],
                      descriptors=int(number(report.group(4))))
    rates = list(RATE.finditer(text))
    rate = rates[-1] if rates else None
    if rate:
        result["round_trips_per_second"] = number(rate.group(1))
    return result


def idle_run(program, backend, idle, rounds):
    argv = [program, "--backend", backend, "--idle", str(idle)]
    if rounds:
        argv += ["--rounds", str(rounds)]
    try:
        run = subprocess.run(argv, capture_output=True, text=True,
                             timeout=HANG_GUARD)
    except subprocess.TimeoutExpired:
        return {"error": "hung"}, 1
    text = run.stdout + run.stderr
    result = parse_idle_report(text) if run.returncode == 0 else {}
    result.update(backend=backend, idle=idle, exit=run.returncode)
    if run.returncode != 0:
        # The line that says why: select's wall at FD_SETSIZE, say.
        lines = text.strip().splitlines() or [""]
        result["why"] = next((line for line in lines
                              if "wall" in line or "limit" in line),
                             lines[-1])
        result["wall"] = run.returncode == 5 and "FD_SETSIZE" in text
    elif result["cpu_us_per_turn"] is None:
        result["exit"] = -1
        result["why"] = "no 'CPU per turn' in its report: " + " / ".join(
            text.strip().splitlines()[-4:])
    return result, run.returncode


def idle_table(results, counts):
    lines = ["CPU per turn of the loop, microseconds (and the ratio to the "
             "same backend with no idle connection):",
             f"{'idle':>7}" + "".join(f"{b:>22}" for b in BACKENDS)]
    for idle in counts:
        row = f"{idle:>7,}"
        for backend in BACKENDS:
            result = results.get((backend, idle))
            base = results.get((backend, counts[0]), {}).get(
                "cpu_us_per_turn")
            if result is None:
                shown = ""
            elif result.get("wall"):
                shown = "FD_SETSIZE wall"
            elif result["exit"] != 0:
                shown = f"failed (exit {result['exit']})"
            else:
                value = result["cpu_us_per_turn"]
                shown = f"{value:,.2f}"
                if base:
                    shown += f" ({value / base:.1f}x)"
            row += f"{shown:>22}"
        lines.append(row)
    notes = []
    for backend in BACKENDS:
        for idle in counts:
            result = results.get((backend, idle))
            if result and result["exit"] != 0:
                notes.append(f"{backend} at {idle:,} idle: {result['why']}")
    return "\n".join(lines + ([""] + notes if notes else []))


def idle_plot(results, counts, rounds):
    body = []
    x_axis = Axis(counts, log=True, plus_one=True)
    values = [r["cpu_us_per_turn"] for r in results.values()
              if r["exit"] == 0]
    if not values:
        return None
    y_axis = Axis(values, log=True)
    series = []
    for index, backend in enumerate(BACKENDS):
        points, marks = [], []
        for idle in counts:
            result = results.get((backend, idle))
            if result is None:
                continue
            if result["exit"] == 0:
                points.append((idle, result["cpu_us_per_turn"]))
            elif points:
                what = ("FD_SETSIZE wall" if result.get("wall")
                        else f"exit {result['exit']}")
                marks.append((idle, points[-1][1],
                              f"{backend}: {what} at {idle:,} idle"))
                break
        series.append((backend, COLOURS[index + 1], points, marks))
    panel(body, (90, 80, 620, 330),
          "CPU per turn of the loop against idle connections", series,
          x_axis, y_axis, "idle connections (besides one busy client)",
          "µs of CPU per turn",
          x_names=lambda v: short_number(v))
    legend = [(b, COLOURS[i + 1]) for i, b in enumerate(BACKENDS)]
    note = (f"08_poll_epoll --backend B --idle N --rounds {rounds} (fewer "
            f"past 1,000 idle); {machine_note()}")
    return svg_document(760, 480, "Chapter 08: select, poll and epoll",
                        body, legend, note)


def rounds_at(rounds, idle):
    """Fewer rounds past 1,000 idle connections, where a poll turn costs
    milliseconds: CPU per turn is an average, and a few hundred turns give
    it as well as thousands."""
    return rounds if idle <= 1000 else max(200, rounds * 1000 // idle)


def idle_figure_paths(out_dir, update_book):
    """Where the idle plot goes: under out_dir always, and over the book's
    tracked figure only when asked, so that a run never changes the book
    by surprise."""
    paths = [os.path.join(out_dir, "idle.svg")]
    return paths + ([BOOK_IDLE_FIGURE] if update_book else [])


def run_idle(args):
    limit = raise_descriptor_limit()
    chapter = next((c for c in args.chapters.split(",")
                    if c.startswith("08_")), None)
    if chapter is None:
        say("scripts/bench idle: chapter 08 is not built yet")
        return 1
    program = os.path.join(args.bin_dir, chapter)
    counts = [int(c) for c in args.idle.split(",")]
    # Both ends of every idle connection are in the one process: a count
    # the hard limit cannot hold becomes the largest (in hundreds) it can.
    most = max(0, (resource.getrlimit(resource.RLIMIT_NOFILE)[1] - 64) // 2
               // 100 * 100)
    if max(counts) > most:
        say(f"note: the hard open-files limit ({limit:,}) holds at most "
            f"{most:,} idle connections; measuring {most:,} instead of "
            f"more (raise ulimit -Hn as root for more)")
        counts = sorted({min(c, most) for c in counts})
    results, raw_lines = {}, []
    walled = set()
    for idle in counts:
        # Backends alternate at each count, so that none runs on a
        # machine warmer than the others'.
        for backend in BACKENDS:
            if backend in walled:
                continue
            say(f"==> {backend}: {idle:,} idle connections")
            result, code = idle_run(program, backend, idle,
                                    rounds_at(args.rounds, idle))
            results[(backend, idle)] = result
            raw_lines.append(json.dumps(result))
            if code != 0:
                say(f"    exit {code}: {result['why']}")
                walled.add(backend)
    print(f"{chapter}: one busy client against N idle connections, each "
          f"backend in turn; open-files limit {limit:,}; {machine_note()}.")
    print(idle_table(results, counts))
    os.makedirs(args.out_dir, exist_ok=True)
    write(os.path.join(args.out_dir, "idle.jsonl"), "\n".join(raw_lines) + "\n")
    svg = idle_plot(results, counts, args.rounds)
    if svg:
        svg_path, *book = idle_figure_paths(args.out_dir, args.update_book)
        for path in [svg_path] + book:
            write(path, svg)
        print(f"\nwrote {svg_path} and idle.jsonl beside it")
        for path in book:
            print(f"wrote {os.path.relpath(path, ROOT)}, the book's figure")
    # select's wall is the expected end of its curve; anything else failed.
    failed = [r for r in results.values()
              if r["exit"] != 0 and not (r["backend"] == "select" and
                                         r.get("wall"))]
    return 1 if failed or not svg else 0


# --------------------------------------------------------------- timers --

# (field, what, unit, target or None, format)
TIMER_FIGURES = [
    ("arm_ns_per_timer", "arm (callLater)", "ns per timer", 150, "{:.0f}"),
    ("cancel_ns_per_timer", "cancel", "ns per timer", 100, "{:.0f}"),
    ("compact_ns_per_timer", "compact", "ns per timer", None, "{:.0f}"),
    ("fire_cpu_ns_per_timer", "fire (CPU)", "ns per timer", None, "{:.0f}"),
    ("bytes_per_timer", "memory", "bytes per timer", 96, "{:.1f}"),
    ("worst_lateness_ms", "worst lateness", "ms", 2, "{:.3f}"),
    ("worst_wake_lateness_ms", "worst wake-up", "ms", None, "{:.3f}"),
    ("preempted_while_firing", "preempted", "times", None,
     "{:.0f}"),
    ("peak_rss_mib", "peak resident", "MiB", None, "{:.1f}"),
]
TIMER_CHECKS = [
    ("fired_once", "every timer fired exactly once"),
    ("in_deadline_order", "fired in deadline order"),
    ("ties_in_order", "equal deadlines fired in the order scheduled"),
    ("cancelled_never_fired", "no cancelled timer fired"),
]


def timers_table(report):
    lines = [f"{int(report['timers']):,} timers, deadlines "
             f"{report.get('spread', '1-1,000 ms')}:", "",
             f"{'':<18}{'measured':>12}  {'target':>8}  {'unit':<16}"]
    missed = []
    for key, what, unit, target, shape in TIMER_FIGURES:
        value = report.get(key)
        shown = "-" if value is None else shape.format(value)
        goal = "" if target is None else f"<= {target:g}"
        verdict = ""
        if target is not None and value is not None:
            verdict = "met" if value <= target else "MISSED"
            if value > target:
                missed.append(what)
        lines.append(f"{what:<18}{shown:>12}  {goal:>8}  {unit:<16}{verdict}")
    lines.append("")
    for key, what in TIMER_CHECKS:
        if key in report:
            verdict = "yes" if report[key] else "NO"
            lines.append(f"{what}: {verdict}")
            if not report[key]:
                missed.append(what)
    return "\n".join(lines), missed


def run_timers(args):
    program = os.path.join(args.bin_dir, "bench_timers_09")
    if not os.path.exists(program):
        say("scripts/bench timers: chapter 09 is not built yet")
        return 1
    argv = [program, "--timers", str(args.timers)]
    try:
        run = subprocess.run(argv, capture_output=True, text=True,
                             timeout=HANG_GUARD)
    except subprocess.TimeoutExpired:
        say("scripts/bench timers: bench_timers_09 hung")
        return 1
    if run.returncode != 0:
        say(run.stderr.strip() or f"bench_timers_09: exit {run.returncode}")
        return 1
    report = json.loads(run.stdout.strip().splitlines()[-1])
    table, missed = timers_table(report)
    print(f"Chapter 09's timer queue; {machine_note()}.")
    print(table)
    write(os.path.join(args.out_dir, "timers.json"), json.dumps(report) + "\n")
    if missed:
        print("\nmissed: " + ", ".join(missed))
    # A wrong order or a lost timer is a bug; a missed speed target is a
    # figure for the book, not a failure of the run.
    broken = [key for key, _ in TIMER_CHECKS if report.get(key) is False]
    return 1 if broken else 0


# ------------------------------------------------------------------ main --

def main():
    parser = argparse.ArgumentParser(
        prog="scripts/bench", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    echo = commands.add_parser(
        "echo", prog="scripts/bench echo",
        description="Every chapter's echo server (08_poll_epoll and later, "
        "run with --listen) and a raw epoll echo server "
        "(bench/raw_epoll_echo.cpp), each under bench_load "
        "(bench/load.cpp): ping-pong on N connections with S-byte blocks, "
        "every byte checked. The servers alternate within one run; every "
        "figure is also given as a ratio to the raw server's. Server CPU "
        "per round trip is read from /proc/PID/stat over the window: it "
        "does not depend on whether the client is the bottleneck.")
    echo.add_argument("--seconds", type=float, default=2.0,
                      help="measured window per figure (default 2)")
    echo.add_argument("--warmup", type=float, default=0.25,
                      help="unmeasured play before each window "
                      "(default 0.25)")
    echo.add_argument("--connections", default="1,10,100,1000",
                      help="connection counts (default 1,10,100,1000)")
    echo.add_argument("--sizes", default="16,16384",
                      help="block sizes in bytes (default 16,16384)")
    echo.add_argument("--repeat", type=int, default=1,
                      help="measure every figure this many times and show "
                      "the median run (default 1)")
    echo.add_argument("--servers", default="",
                      help="only these chapters, by name or number "
                      "(default: every one built); the raw server always "
                      "runs")

    idle = commands.add_parser(
        "idle", prog="scripts/bench idle",
        description="Chapter 08's demo with its built-in busy client and "
        "--idle N idle connections, for each backend (select, poll, epoll) "
        "in turn at each N: the CPU per turn of its loop, read from its "
        "report. select's curve ends where it refuses a descriptor at "
        "FD_SETSIZE (exit 5). The soft open-files limit is raised to the "
        "hard one first.")
    idle.add_argument("--idle", default="0,10,100,300,500,1000,3000,10000",
                      help="idle connection counts "
                      "(default 0,10,100,300,500,1000,3000,10000)")
    idle.add_argument("--rounds", type=int, default=2000,
                      help="the busy client's round trips in each run "
                      "(default 2000; past 1,000 idle connections, "
                      "proportionally fewer, at least 200)")
    idle.add_argument("--update-book", action="store_true",
                      help="also replace the book's figure, "
                      "book/figures/08_idle.svg (tracked by git; for "
                      "whoever maintains the book)")

    timers = commands.add_parser(
        "timers", prog="scripts/bench timers",
        description="bench_timers_09 (bench/timers_09.cpp) on chapter 09's "
        "timer queue, as libuv's million-timers benchmark: arm N timers "
        "with deadlines rising 1 ms every 1,000, run the loop until all "
        "fire, checking each fires once, in deadline order, and how late; "
        "then arm N more and cancel them all. Reports ns per timer to arm, "
        "fire and cancel, bytes per timer (what operator new holds) and the "
        "worst lateness (with the wake-up's share of it and how often the "
        "loop was preempted), beside the targets of issue 8.")
    timers.add_argument("--timers", type=int, default=1000000,
                        help="how many timers (default 1000000)")

    for sub in (echo, idle, timers):
        sub.add_argument("--bin-dir", required=True, help=argparse.SUPPRESS)
        sub.add_argument("--out-dir", required=True, help=argparse.SUPPRESS)
        sub.add_argument("--chapters", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    return {"echo": run_echo, "idle": run_idle,
            "timers": run_timers}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
