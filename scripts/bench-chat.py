#!/usr/bin/env python3
"""scripts/bench chat: chapter 14's chat room under load, from outside.

It starts `14_chat --listen 127.0.0.1:PORT` and speaks the room's line
protocol to it (the first line a member sends is its nickname; the room
sends `NICK: text` for messages and `* text` for notices):

  1. For each member count (100 and 1,000 by default): that many members
     join; one of them, the sender, says a short line at a fixed rate
     (--rate a second, for --seconds); every other member reads. Reported:
     messages delivered per second (one line reaching one member), the
     delivery latency (from the sender's send() to the reader's recv(),
     median and p99), any delivery missing at the end, and the server's
     CPU time (user + system, /proc/PID/stat) per line delivered.
  2. Memory with a member that never reads: --readers members read a
     faster stream of longer lines (--slow-rate a second, --slow-size
     bytes), first alone (the baseline: the server's peak memory with that
     traffic), then with one more member that joins and never reads. The
     room must cut it once its queue passes the hard limit, and the
     server's peak memory must stay under the baseline plus the hard limit
     (--hard-limit, passed to the server), plus what the room keeps beside
     the queued text: half as much again for the allocator (a string and a
     malloc header per line, the heap's holes) and the 64 KiB the member's
     transport buffers before its writer waits. Exit 1
     if it does not, or if the member is never cut, or if a delivery of
     run 1 is missing.

The latency is measured by this one Python thread reading every member's
socket in turn, so it includes the client's own delay (a few ms at 1,000
members): an upper bound on the room's. The server's memory is its
resident set (VmRSS in /proc/PID/status), sampled every 10 ms. Loopback
only.

    bench-chat.py --bin-dir build/default/bin [--members 100,1000]
                  [--rate 20] [--seconds 5] [--readers 20]
                  [--slow-rate 1000] [--slow-size 512] [--hard-limit 256KiB]
"""

import argparse
import os
import re
import resource
import selectors
import signal
import socket
import subprocess
import sys
import time

SENDER = "sender"
HIGH_WATER = 64 * 1024  # chapter 7's high-water mark


def say(text):
    print(text, file=sys.stderr, flush=True)


def parse_size(text):
    match = re.fullmatch(r"\s*(\d+)\s*(|B|KiB|MiB)\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} "
                                         "(4096, 64KiB, 1MiB)")
    unit = {"": 1, "B": 1, "KiB": 1024, "MiB": 1024 * 1024}[match.group(2)]
    return int(match.group(1)) * unit


def size_text(size):
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MiB"
    if size >= 1024:
        return f"{size / 1024:.1f} KiB"
    return f"{size} B"


def raise_descriptor_limit(wanted):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < wanted:
        target = wanted if hard == resource.RLIM_INFINITY else min(wanted,
                                                                   hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def cpu_seconds(pid):
    """The process's user + system CPU time so far, all threads."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def resident_bytes(pid):
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class Room:
    """The chat server, started for one measurement and stopped after."""

    def __init__(self, program, hard_limit, log_path):
        self.port = free_port()
        argv = [program, "--listen", f"127.0.0.1:{self.port}",
                "--hard-limit", str(hard_limit), "--stall-timeout", "0"]
        self.log = open(log_path, "w", encoding="utf-8")
        self.process = subprocess.Popen(argv, stdout=self.log,
                                        stderr=subprocess.STDOUT)
        self.log_path = log_path
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"14_chat exited "
                                   f"({self.process.returncode}); see "
                                   f"{log_path}")
            try:
                probe = socket.create_connection(("127.0.0.1", self.port),
                                                 timeout=1)
                probe.close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"14_chat did not listen; see {log_path}")

    def memory(self):
        return resident_bytes(self.process.pid)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


class Member:
    """One connection to the room: what it has read, line by line."""

    def __init__(self, port, nick, read_buffer=None):
        self.nick = nick
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if read_buffer is not None:
            # A small window: the room's bytes pile up on its side.
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF,
                                 read_buffer)
        self.sock.connect(("127.0.0.1", port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.sendall(nick.encode() + b"\n")
        self.sock.setblocking(False)
        self.partial = b""
        self.closed = False

    def read_lines(self):
        """Complete lines read now (the socket is ready)."""
        try:
            data = self.sock.recv(1 << 16)
        except (BlockingIOError, InterruptedError):
            return []
        except ConnectionError:
            data = b""
        if not data:
            self.closed = True
            return []
        lines = (self.partial + data).split(b"\n")
        self.partial = lines.pop()
        return lines

    def drain_count(self):
        """Bytes read now, not looked at (the memory run's readers)."""
        try:
            data = self.sock.recv(1 << 16)
        except (BlockingIOError, InterruptedError):
            return 0
        except ConnectionError:
            data = b""
        if not data:
            self.closed = True
        return len(data)

    def say(self, text):
        self.sock.setblocking(True)
        self.sock.sendall(text.encode() + b"\n")
        self.sock.setblocking(False)

    def close(self):
        self.sock.close()


def join_all(room, count, deadline):
    """`count` members, the sender first; returns once every reader has
    seen a line of the sender (so every one of them is in the room)."""
    members = [Member(room.port, SENDER)]
    for i in range(1, count):
        members.append(Member(room.port, f"m{i:04d}"))
    selector = selectors.DefaultSelector()
    for member in members[1:]:
        selector.register(member.sock, selectors.EVENT_READ, member)
    prefix = f"{SENDER}: sync".encode()
    waiting = set(members[1:])
    next_sync = 0.0
    while waiting:
        now = time.monotonic()
        if now > deadline:
            raise RuntimeError(f"{len(waiting)} of {count - 1} members "
                               "never heard the sender")
        if now >= next_sync:
            members[0].say("sync")
            next_sync = now + 0.2
            drain_sender(members[0])
        for key, _ in selector.select(timeout=0.05):
            member = key.data
            if any(line.startswith(prefix) for line in member.read_lines()):
                waiting.discard(member)
            if member.closed:
                raise RuntimeError(f"the room closed {member.nick} while it "
                                   f"joined; see {room.log_path}")
    # Let the last syncs arrive and be read: a quiet moment.
    settle(selector, 0.3)
    return members, selector


def settle(selector, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        for key, _ in selector.select(timeout=0.05):
            key.data.read_lines()


def drain_sender(sender):
    """The sender reads what comes to it (notices), so it is never slow."""
    sender.read_lines()


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def measure_rate(program, args, count):
    """Run 1: `count` members, one sender at --rate; deliveries and
    latency."""
    room = Room(program, args.hard_limit,
                os.path.join(args.out_dir, f"chat-{count}.log"))
    try:
        members, selector = join_all(room, count, time.monotonic() + 60)
        sender, readers = members[0], members[1:]
        sent = {}  # sequence -> send time
        received = 0
        latencies = []
        prefix = f"{SENDER}: msg ".encode()
        interval = 1.0 / args.rate
        cpu_before = cpu_seconds(room.process.pid)
        start = time.monotonic()
        end = start + args.seconds
        next_send = start
        sequence = 0
        expected_end = None
        while True:
            now = time.monotonic()
            if now < end and now >= next_send:
                sent[sequence] = time.monotonic()
                sender.say(f"msg {sequence}")
                sequence += 1
                next_send += interval
                drain_sender(sender)
            if now >= end and expected_end is None:
                expected_end = now + 10  # the last deliveries
            if expected_end is not None and (
                    received >= sequence * len(readers) or
                    now > expected_end):
                break
            timeout = max(0.0, min(next_send - now, 0.05)) if now < end \
                else 0.05
            for key, _ in selector.select(timeout=timeout):
                member = key.data
                lines = member.read_lines()
                arrived = time.monotonic()
                for line in lines:
                    if line.startswith(prefix):
                        number = int(line[len(prefix):])
                        latencies.append(arrived - sent[number])
                        received += 1
                if member.closed:
                    raise RuntimeError(f"the room closed {member.nick}; see "
                                       f"{room.log_path}")
        elapsed = time.monotonic() - start
        cpu = cpu_seconds(room.process.pid) - cpu_before
        for member in members:
            member.close()
        return {
            "members": count, "sent": sequence, "delivered": received,
            "missing": sequence * len(readers) - received,
            "per_second": received / elapsed,
            "p50_ms": percentile(latencies, 0.50) * 1000,
            "p99_ms": percentile(latencies, 0.99) * 1000,
            "cpu_us": cpu / max(received, 1) * 1e6,
        }
    finally:
        room.stop()


def traffic(room, sender, readers, selector, seconds, line, slow=None):
    """--slow-rate lines for `seconds` (or until `slow` is cut: the room's
    notice naming it reaches the sender); the server's peak memory."""
    peak = room.memory()
    interval = 1.0 / args_global.slow_rate
    start = time.monotonic()
    next_send = start
    next_sample = start
    cut_after = None
    cut_notice = None
    while time.monotonic() - start < seconds:
        now = time.monotonic()
        if now >= next_send:
            sender.say(line)
            next_send += interval
        if now >= next_sample:
            peak = max(peak, room.memory())
            next_sample = now + 0.01
        for notice in sender.read_lines():
            # "* slow joined" is not the one: any other notice about it is
            # its end ("was cut off: ...", or "left (...)").
            about = f"* {slow} ".encode() if slow is not None else None
            if about and notice.startswith(about) and cut_after is None \
                    and notice != about + b"joined":
                cut_after = now - start
                cut_notice = notice.decode(errors="replace")
        if cut_after is not None and now - start > cut_after + 0.5:
            break  # a little more traffic after the cut, then stop
        for key, _ in selector.select(timeout=max(0.0, min(
                next_send, next_sample) - time.monotonic())):
            key.data.drain_count()
            if key.data.closed:
                raise RuntimeError(f"the room closed reader "
                                   f"{key.data.nick}: it was not meant to "
                                   f"be slow; see {room.log_path}")
    return peak, cut_after, cut_notice


def measure_memory(program, args):
    """Run 2: the server's memory with a member that never reads."""
    room = Room(program, args.hard_limit,
                os.path.join(args.out_dir, "chat-slow.log"))
    try:
        members, selector = join_all(room, args.readers + 1,
                                     time.monotonic() + 60)
        sender, readers = members[0], members[1:]
        line = "x" * args.slow_size
        baseline, _, _ = traffic(room, sender, readers, selector, 2.0,
                                 line)
        slow = Member(room.port, "slow", read_buffer=4096)
        peak, cut_after, cut_notice = traffic(
            room, sender, readers, selector, args.slow_seconds, line,
            slow="slow")
        slow.close()
        for member in members:
            member.close()
        return {"baseline": baseline, "peak": peak, "cut_after": cut_after,
                "notice": cut_notice}
    finally:
        room.stop()


args_global = None


def main():
    global args_global
    parser = argparse.ArgumentParser(
        prog="scripts/bench chat",
        description="Chapter 14's chat room under load (see the top of "
                    "scripts/bench-chat.py).")
    parser.add_argument("--bin-dir", required=True)
    parser.add_argument("--out-dir", default="build/bench")
    parser.add_argument("--members", default="100,1000",
                        help="member counts, comma-separated "
                             "(default 100,1000)")
    parser.add_argument("--rate", type=float, default=20,
                        help="the sender's lines a second (default 20)")
    parser.add_argument("--seconds", type=float, default=5,
                        help="how long the sender talks (default 5)")
    parser.add_argument("--readers", type=int, default=20,
                        help="members reading in the memory run "
                             "(default 20)")
    parser.add_argument("--slow-rate", type=float, default=1000,
                        help="lines a second in the memory run "
                             "(default 1000)")
    parser.add_argument("--slow-size", type=int, default=512,
                        help="bytes in each line of the memory run "
                             "(default 512)")
    parser.add_argument("--slow-seconds", type=float, default=30,
                        help="the longest the memory run waits for the "
                             "cut (default 30)")
    parser.add_argument("--hard-limit", type=parse_size,
                        default=parse_size("256KiB"),
                        help="the room's --hard-limit (default 256KiB)")
    args = parser.parse_args()
    args_global = args
    try:
        counts = [int(n) for n in args.members.split(",") if n]
    except ValueError:
        parser.error(f"--members: not a list of numbers: {args.members}")
    if not counts or min(counts) < 2 or args.rate <= 0 or \
            args.slow_rate <= 0 or args.readers < 1:
        parser.error("--members needs counts of 2 or more; --rate, "
                     "--slow-rate and --readers must be positive")
    program = os.path.join(args.bin_dir, "14_chat")
    if not os.access(program, os.X_OK):
        parser.error(f"no program {program}")
    os.makedirs(args.out_dir, exist_ok=True)
    limit = raise_descriptor_limit(max(counts) + 64)
    if limit < max(counts) + 16:
        say(f"bench chat: only {limit} descriptors allowed: "
            f"{max(counts)} members will not fit")
        return 1

    print(f"One sender, {args.rate:g} lines a second for {args.seconds:g} s;"
          " every other member reads:\n")
    print(f"{'members':>8} {'sent':>6} {'delivered':>10} {'per second':>11}"
          f" {'p50':>9} {'p99':>9} {'missing':>8} {'server CPU':>11}")
    failed = False
    for count in counts:
        try:
            result = measure_rate(program, args, count)
        except RuntimeError as error:
            print(f"{count:>8} failed: {error}")
            failed = True
            continue
        print(f"{result['members']:>8,} {result['sent']:>6,} "
              f"{result['delivered']:>10,} {result['per_second']:>11,.0f} "
              f"{result['p50_ms']:>6.2f} ms {result['p99_ms']:>6.2f} ms "
              f"{result['missing']:>8,} {result['cpu_us']:>6.1f} us")
        failed = failed or result["missing"] != 0
    print("\n(latency from the sender's send() to a reader's recv(), read by"
          " one Python\nthread: it includes the client's own delay; server "
          "CPU: its user + system\ntime per line delivered)\n")

    print(f"A member that never reads, among {args.readers} readers of "
          f"{args.slow_rate:g} lines of {args.slow_size} B a second "
          f"(hard limit {size_text(args.hard_limit)}):")
    try:
        memory = measure_memory(program, args)
    except RuntimeError as error:
        print(f"  failed: {error}")
        return 1
    growth = memory["peak"] - memory["baseline"]
    print(f"  server memory without it (baseline): "
          f"{size_text(memory['baseline'])}")
    print(f"  server memory with it, at its peak:  "
          f"{size_text(memory['peak'])} (+{size_text(max(growth, 0))})")
    if memory["cut_after"] is None:
        print(f"  NOT CUT after {args.slow_seconds:g} s")
        failed = True
    else:
        print(f"  cut after {memory['cut_after']:.2f} s: "
              f"{memory['notice']}")
    # What the room may hold for the member: its queue up to the hard
    # limit; the allocator's share of it (a string and a malloc header per
    # line, and the holes the heap keeps between them), counted as half
    # as much again; and what its transport buffers before the writer's
    # drain waits (chapter 7's high mark, 64 KiB).
    bound = args.hard_limit + args.hard_limit // 2 + HIGH_WATER
    print(f"  the bound: the hard limit, half as much for the allocator, "
          f"and the\n  transport's {size_text(HIGH_WATER)}: "
          f"{size_text(bound)}")
    if growth > bound:
        print("  OVER: the peak passed the baseline plus the bound")
        failed = True
    else:
        print("  under the baseline plus the bound: ok")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
