#!/usr/bin/env python3
"""Samples the resident memory of chapter 05's and chapter 07's demos over
time and draws the curves as an SVG plot. scripts/bench-memory builds the
programs and runs this; it can also be run directly:

    bench-memory-plot.py --bin-dir build/default/bin --out plot.svg

Python 3 standard library only.
"""

import argparse
import html
import math
import os
import subprocess
import sys
import time

INTERVAL = 0.002  # seconds between two samples

# (label, program, extra arguments, colour, dash pattern)
RUNS = [
    ("05_buffers_writes", "05_buffers_writes", [], "#c0392b", ""),
    ("07_producers_consumers --whole-writes", "07_producers_consumers",
     ["--whole-writes"], "#e67e22", "6 4"),
    ("07_producers_consumers", "07_producers_consumers", [], "#2471a3", ""),
]


def resident_kib(pid):
    """VmRSS of a running process in KiB; None once it has exited."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return None  # gone, or a zombie: its memory is released


def sample(argv):
    """Runs argv with its output discarded; returns (exit code, samples),
    each sample (seconds since the start, resident MiB)."""
    samples = []
    start = time.monotonic()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    while child.poll() is None:
        kib = resident_kib(child.pid)
        if kib is not None:
            samples.append((time.monotonic() - start, kib / 1024))
        time.sleep(INTERVAL)
    return child.returncode, samples


def nice_step(span, ticks=6):
    """A round step (1, 2 or 5 times a power of ten) for about `ticks`."""
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def svg_plot(curves, limit_mib, title):
    """curves: (label, colour, dash, exit code, samples). Returns SVG text."""
    width, height = 760, 420
    left, right, top, bottom = 70, 20, 50, 130
    plot_w, plot_h = width - left - right, height - top - bottom
    t_max = max(s[-1][0] for *_, s in curves if s)
    m_max = max(max(m for _, m in s) for *_, s in curves if s)
    m_max = max(m_max, limit_mib) * 1.08
    t_step, m_step = nice_step(t_max), nice_step(m_max)
    t_max = math.ceil(t_max / t_step) * t_step

    def x(t):
        return left + plot_w * t / t_max

    def y(m):
        return top + plot_h * (1 - m / m_max)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" '
           f'height="{height}" viewBox="0 0 {width} {height}" '
           'font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{width / 2}" y="24" text-anchor="middle" '
           f'font-size="15">{html.escape(title)}</text>']
    # Grid and tick labels.
    tick = 0.0
    while tick <= t_max + 1e-9:
        out.append(f'<line x1="{x(tick):.1f}" y1="{top}" x2="{x(tick):.1f}" '
                   f'y2="{top + plot_h}" stroke="#e5e5e5"/>')
        out.append(f'<text x="{x(tick):.1f}" y="{top + plot_h + 18}" '
                   f'text-anchor="middle">{tick:g}</text>')
        tick += t_step
    tick = 0.0
    while tick <= m_max:
        out.append(f'<line x1="{left}" y1="{y(tick):.1f}" '
                   f'x2="{left + plot_w}" y2="{y(tick):.1f}" '
                   'stroke="#e5e5e5"/>')
        out.append(f'<text x="{left - 8}" y="{y(tick) + 4:.1f}" '
                   f'text-anchor="end">{tick:g}</text>')
        tick += m_step
    out.append(f'<rect x="{left}" y="{top}" width="{plot_w}" '
               f'height="{plot_h}" fill="none" stroke="#444"/>')
    out.append(f'<text x="{left + plot_w / 2}" y="{top + plot_h + 38}" '
               'text-anchor="middle">seconds since the program started'
               '</text>')
    out.append(f'<text transform="translate(18 {top + plot_h / 2}) '
               'rotate(-90)" text-anchor="middle">resident memory (MiB)'
               '</text>')
    # The cap.
    out.append(f'<line x1="{left}" y1="{y(limit_mib):.1f}" '
               f'x2="{left + plot_w}" y2="{y(limit_mib):.1f}" '
               'stroke="#777" stroke-dasharray="2 3"/>')
    out.append(f'<text x="{left + plot_w - 6}" y="{y(limit_mib) - 6:.1f}" '
               f'text-anchor="end" fill="#555">--memory-limit '
               f'{limit_mib:g} MiB (the heap cap)</text>')
    # The curves, each ending in a dot where its program exited.
    for label, colour, dash, code, samples in curves:
        if not samples:
            continue
        points = " ".join(f"{x(t):.1f},{y(m):.1f}" for t, m in samples)
        dashing = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<polyline points="{points}" fill="none" '
                   f'stroke="{colour}" stroke-width="2"{dashing}/>')
        t_end, m_end = samples[-1]
        out.append(f'<circle cx="{x(t_end):.1f}" cy="{y(m_end):.1f}" r="4" '
                   f'fill="{colour}"/>')
    # The legend, under the plot.
    for row, (label, colour, dash, code, samples) in enumerate(curves):
        ly = top + plot_h + 62 + 20 * row
        dashing = f' stroke-dasharray="{dash}"' if dash else ""
        peak = max((m for _, m in samples), default=0)
        seconds = samples[-1][0] if samples else 0
        text = (f"{label}: exit {code} after {seconds:.2f} s, "
                f"peak {peak:.1f} MiB")
        out.append(f'<line x1="{left}" y1="{ly - 4}" x2="{left + 30}" '
                   f'y2="{ly - 4}" stroke="{colour}" stroke-width="2"'
                   f'{dashing}/>')
        out.append(f'<text x="{left + 40}" y="{ly}">{html.escape(text)}'
                   '</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def parse_mib(text):
    units = {"KiB": 1 / 1024, "MiB": 1, "GiB": 1024}
    for unit, factor in units.items():
        if text.endswith(unit):
            return float(text[:-len(unit)]) * factor
    return float(text) / (1024 * 1024)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin-dir", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--memory-limit", default="256MiB")
    args = parser.parse_args()

    curves = []
    for label, program, extra, colour, dash in RUNS:
        argv = [os.path.join(args.bin_dir, program),
                "--memory-limit", args.memory_limit] + extra
        code, samples = sample(argv)
        peak = max((m for _, m in samples), default=0)
        seconds = samples[-1][0] if samples else 0
        print(f"{label}: exit {code} after {seconds:.2f} s, "
              f"peak resident {peak:.1f} MiB, {len(samples)} samples")
        curves.append((label, colour, dash, code, samples))

    title = (f"Resident memory over time, all three under "
             f"--memory-limit {args.memory_limit}")
    svg = svg_plot(curves, parse_mib(args.memory_limit), title)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as out:
        out.write(svg)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
