#!/usr/bin/env python3
"""Keeps the book's listings and sample output in step with the code, and
renders the book.

Every listing of project code in book/*.md is a named region of a source file:

    // region: run                 in the source
    ...                            the region's text
    // endregion: run

    ```cpp file=chapters/03_select_reactor/reactor.cpp region=run
    ...                            in the book: exactly the region's text
    ```

GitHub, like pandoc, takes the info string's first word as the language, so
the listing is highlighted as C++ there too. Regions may nest; an inner
region's marker lines are left out of the outer region's text. A C++ block
that is not project code is marked ```cpp sketch.

Every block of program output names the transcript test that runs the same
command, and may show only lines that transcript checks (see "Program output
in the book" below):

    ```text transcript=tests/transcripts/05_buffers_writes.memory.t

A text block that is not program output says so (```text not-output), and
one that cannot be checked says why (```text unchecked="two processes").

    booktool.py --check     every listing matches its region, markers balance,
                            every output block matches its transcript
    booktool.py --update    rewrites the listings' bodies from the code
    booktool.py             renders the book to HTML with pandoc

Python 3 standard library only; the renderer needs pandoc and diff.
"""

import argparse
import difflib
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

BOOK_TITLE = "Building a Twisted-style reactor in C++"
# Where each part of the book starts, by chapter number.
PARTS = [(1, "Part I: the event loop of Expert Twisted, in C++"),
         (8, "Part II: from the toy to a framework")]
CPP_LANGUAGES = {"cpp", "c++", "cxx", "cc", "hpp", "hxx"}
OUTPUT_LANGUAGES = {"text", "txt", "console", "output", "plaintext"}

MARKER = re.compile(r"^\s*//\s*(region|endregion):(.*)$")
REGION_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")
FENCE = re.compile(r"^( *)(`{3,}|~{3,})(.*)$")
ATTRIBUTE = re.compile(r"""\.([^\s{}.#=]+)|#([^\s{}]+)"""
                       r"""|([\w-]+)=(?:"([^"]*)"|'([^']*)'|([^\s}]+))""")
WORD = re.compile(r"""([\w-]+)=(?:"([^"]*)"|'([^']*)'|(\S+))|(\S+)""")


def split_lines(text):
    """The text's lines without their '\\n' (a final newline adds no line)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


class Problems:
    """Everything that is wrong, each as 'where: what', with optional detail."""

    def __init__(self):
        self.items = []

    def add(self, where, what, detail=()):
        self.items.append((where, what, list(detail)))

    def __len__(self):
        return len(self.items)

    def print(self, out=sys.stdout):
        for where, what, detail in self.items:
            print(f"{where}: {what}", file=out)
            for line in detail:
                print(f"    {line}", file=out)


# --- Regions in the sources ------------------------------------------------

@dataclass
class Region:
    name: str
    line: int                          # the line of its "// region:" marker
    lines: list = field(default_factory=list)


def parse_regions(text, label, problems):
    """The regions of one source file by name; marker mistakes go to problems
    as 'label:LINE: ...'."""
    regions = {}
    opened = {}                        # name -> line of its first marker
    stack = []
    for number, line in enumerate(split_lines(text), 1):
        match = MARKER.match(line)
        if not match:
            for region in stack:
                region.lines.append(line)
            continue
        kind, name = match.group(1), match.group(2).strip()
        where = f"{label}:{number}"
        if not REGION_NAME.match(name):
            problems.add(where, f"malformed marker: want '// {kind}: NAME' "
                                "(letters, digits, _ . -)")
        elif kind == "region":
            if name in opened:
                problems.add(where, f"region '{name}' appears twice in this "
                                    f"file (first at line {opened[name]})")
            else:
                opened[name] = number
            stack.append(Region(name, number))
        elif not any(region.name == name for region in stack):
            problems.add(where, f"endregion '{name}' without a matching "
                                "region")
        else:
            if stack[-1].name != name:
                inner = stack[-1]
                problems.add(where, f"endregion '{name}' while region "
                                    f"'{inner.name}' (line {inner.line}), "
                                    "opened inside it, is still open")
            index = max(i for i, r in enumerate(stack) if r.name == name)
            region = stack.pop(index)
            regions.setdefault(name, region)
    for region in stack:
        problems.add(f"{label}:{region.line}",
                     f"region '{region.name}' is never closed")
    return regions


class Sources:
    """Parses each source file once, reporting its marker problems once."""

    def __init__(self, root, problems):
        self.root = root
        self.problems = problems
        self.files = {}

    def regions(self, path):
        """The regions of path, or None when it is not a text file."""
        path = path.resolve()
        if path not in self.files:
            try:
                text = path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                self.files[path] = None
            else:
                label = (path.relative_to(self.root).as_posix()
                         if path.is_relative_to(self.root) else str(path))
                self.files[path] = parse_regions(text, label, self.problems)
        return self.files[path]

    def scan(self, directory):
        """Parses every file under directory; returns how many were text."""
        count = 0
        for path in sorted(directory.rglob("*")):
            if path.is_file() and self.regions(path) is not None:
                count += 1
        return count


# --- Fenced blocks in the book -----------------------------------------------

@dataclass
class Block:
    start: int                         # index of the opening fence line
    end: int                           # index of the closing fence line
    indent: int
    classes: list
    attributes: dict
    info: str = ""

    @property
    def is_cpp(self):
        return any(c.lower() in CPP_LANGUAGES for c in self.classes)

    @property
    def is_listing(self):
        return "file" in self.attributes or "region" in self.attributes

    @property
    def pandoc_form(self):
        return self.info.strip().startswith("{")

    @property
    def is_output(self):
        """A block that may show a program's output: text, console or no
        language at all. It must name its transcript or say what it is."""
        return not self.classes or self.classes[0].lower() in OUTPUT_LANGUAGES

    def body(self, lines):
        return [dedent(line, self.indent)
                for line in lines[self.start + 1:self.end]]


def dedent(line, indent):
    strip = len(line) - len(line.lstrip(" "))
    return line[min(strip, indent):]


def parse_info(info):
    """Classes and key=value attributes of a fence's info string: the
    GitHub form 'cpp file=PATH region=NAME' (the first word is the
    language, as GitHub and pandoc read it; later bare words are flags such
    as 'sketch') or pandoc's '{.cpp file="PATH" region="NAME"}'."""
    info = info.strip()
    if info.startswith("{") and info.endswith("}"):
        classes, attributes = [], {}
        for match in ATTRIBUTE.finditer(info[1:-1]):
            if match.group(1):
                classes.append(match.group(1))
            elif match.group(3):
                value = next(v for v in match.group(4, 5, 6) if v is not None)
                attributes[match.group(3)] = value
        return classes, attributes
    classes, attributes = [], {}
    for match in WORD.finditer(info):
        if match.group(1):
            value = next(v for v in match.group(2, 3, 4) if v is not None)
            attributes[match.group(1)] = value
        else:
            classes.append(match.group(5))
    return classes, attributes


def fenced_blocks(lines, label, problems):
    """The fenced code blocks of a Markdown page, outermost only."""
    blocks = []
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        indent, fence, info = opening.groups()
        if fence[0] == "`" and "`" in info:      # inline code, not a fence
            index += 1
            continue
        closing = re.compile(r"^ *" + re.escape(fence[0]) + "{"
                             + str(len(fence)) + r",}\s*$")
        end = next((i for i in range(index + 1, len(lines))
                    if closing.match(lines[i])), None)
        if end is None:
            problems.add(f"{label}:{index + 1}", "code fence never closed")
            break
        classes, attributes = parse_info(info)
        blocks.append(Block(index, end, len(indent), classes, attributes,
                            info))
        index = end + 1
    return blocks


@dataclass
class Listing:
    page: str                          # e.g. book/03_select_reactor.md
    block: Block
    name: str                          # file#region
    code: list                         # the region's lines, or None


def book_pages(root):
    book = root / "book"
    return sorted(book.glob("*.md")) if book.is_dir() else []


def read_listings(root, page, lines, sources, problems):
    """The page's listings; a listing whose region cannot be found has
    code None, and the reason is in problems."""
    label = page.relative_to(root).as_posix()
    listings = []
    for block in fenced_blocks(lines, label, problems):
        where = f"{label}:{block.start + 1}"
        if not block.is_listing:
            if block.is_cpp and "sketch" not in block.classes:
                problems.add(where, "C++ listing without a region: give it "
                                    "file= and region=, or mark it "
                                    "```cpp sketch")
            continue
        if block.pandoc_form:
            problems.add(where, "write the fence as ```cpp file=PATH "
                                "region=NAME, which GitHub highlights as C++")
        file = block.attributes.get("file")
        region = block.attributes.get("region")
        if not file or not region:
            problems.add(where, "a listing needs both file= and region=")
            continue
        name = f"{file}#{region}"
        listing = Listing(label, block, name, None)
        listings.append(listing)
        path = (root / file).resolve()
        if Path(file).is_absolute() or not path.is_relative_to(root):
            problems.add(where, f"listing {name}: file= must be a path "
                                "inside the repository")
        elif not path.is_file():
            problems.add(where, f"listing {name}: no such file")
        else:
            regions = sources.regions(path)
            if regions is None:
                problems.add(where, f"listing {name}: not a text file")
            elif region not in regions:
                known = ", ".join(sorted(regions)) or "none"
                problems.add(where, f"listing {name}: unknown region "
                                    f"(regions in that file: {known})")
            else:
                listing.code = regions[region].lines
    return listings


def short_diff(book, code, limit=16):
    lines = list(difflib.unified_diff(book, code, "book", "code",
                                      lineterm="", n=1))
    if len(lines) > limit:
        lines = lines[:limit] + [f"... ({len(lines) - limit} more lines)"]
    return lines


# --- Program output in the book ----------------------------------------------
#
# A block of program output names the transcript test that runs the same
# command (```text transcript=tests/transcripts/05_buffers_writes.memory.t),
# and every line it shows must be a line that transcript checks, in order:
# the transcript test ties the transcript to a real run, this ties the book
# to the transcript. In the block, "..." stands for lines left out, "^C" is
# the terminal's echo of Ctrl-C, "$ scripts/run NN ARGS" must be the
# transcript's command and "$ echo $?" and the code after it its exit code.
# A block without a command is a fragment: it may start and end anywhere.
# A block that is not program output says so (```text not-output), and one
# that cannot be checked says why (```text unchecked="two processes").

ELLIPSIS = "..."
GAP = None                              # a "..." in the book's block


@dataclass
class Transcript:
    command: list
    exit_code: int
    expected: list                     # patterns, and "..." for any lines


def read_transcript(path):
    """A transcript as tests/transcript_runner.cpp reads it; ValueError
    when it has no command."""
    command, exit_code, expected = None, 0, []
    for line in split_lines(path.read_text(encoding="utf-8")):
        line = line.rstrip(" \t\r")
        if line.startswith("#") or (not line and command is None):
            continue
        if line.startswith("$ "):
            command = line[2:].split()
        elif line.startswith("? exit "):
            exit_code = int(line[7:])
        elif not line.startswith("? "):  # how to run it, not what it prints
            expected.append(line)
    if command is None:
        raise ValueError("it has no '$ command' line")
    return Transcript(command, exit_code, expected)


def transcript_regex(pattern):
    """The runner's normalisation: {n} is any number (sign, commas,
    decimals), {*} any text, everything else itself."""
    parts = re.split(r"(\{n\}|\{\*\})", pattern)
    return re.compile("".join(
        r"-?[0-9][0-9,]*(\.[0-9]+)?" if part == "{n}" else
        ".*" if part == "{*}" else re.escape(part) for part in parts))


@dataclass
class Sample:
    """What an output block in the book shows."""
    command: list                      # None for a fragment
    exit_code: int                     # None when the block does not say
    items: list                        # (line number, text), or GAP


def read_sample(body, first_line, where, problems):
    """The block's command, shown lines and exit code."""
    sample = Sample(None, None, [])
    lines = [line.rstrip(" \t") for line in body]
    index = 0
    if lines and lines[0].startswith("$ "):
        sample.command = lines[0][2:].split("#")[0].split()
        index = 1
    while index < len(lines):
        line, number = lines[index], first_line + index
        if line == "$ echo $?":
            rest = [l for l in lines[index + 1:] if l]
            if len(rest) != 1 or not rest[0].isdigit():
                problems.add(f"{where}:{number}", "'$ echo $?' must be "
                                                  "followed by the exit code, "
                                                  "and end the block")
            else:
                sample.exit_code = int(rest[0])
            break
        if line.startswith("$ "):
            problems.add(f"{where}:{number}", "one command per output "
                                              "block (split it, or mark the "
                                              "block unchecked=\"why\")")
            break
        if line == ELLIPSIS:
            sample.items.append(GAP)
        else:
            sample.items.append((number, line.removeprefix("^C")))
        index += 1
    return sample


def same_command(shown, run):
    """Whether '$ scripts/run 05 ARGS' (or '$ 05_buffers_writes ARGS')
    is the transcript's '$ 05_buffers_writes ARGS'."""
    if shown[:1] in (["scripts/run"], ["./scripts/run"]):
        shown = shown[1:]
    if not shown or not run:
        return False
    program = shown[0].rsplit("/", 1)[-1]
    return (run[0] == program or run[0].startswith(program + "_")) \
        and shown[1:] == run[1:]


def match_sample(items, expected, whole):
    """Whether every shown line is a line the transcript checks, in order,
    consecutive where the block shows them consecutive. whole: the block
    starts at the output's first line and, unless it ends with "...", ends
    at its last. Returns (matched, how many items matched at most)."""
    patterns = [None if e == ELLIPSIS else transcript_regex(e)
                for e in expected]
    furthest = 0
    seen = set()
    # (shown item, transcript line, inside a "..." of the book)
    stack = [(0, 0, not whole)]
    while stack:
        state = stack.pop()
        if state in seen:
            continue
        seen.add(state)
        b, t, gap = state
        furthest = max(furthest, b)
        if b == len(items):
            if gap or not whole or all(p is None for p in patterns[t:]):
                return True, b
            if t < len(patterns) and patterns[t] is None:
                stack.append((b, t + 1, gap))
            continue
        if items[b] is GAP:
            stack.append((b + 1, t, True))
            continue
        if t == len(patterns):
            continue
        if patterns[t] is None or gap:  # a "..." of either side skips it
            stack.append((b, t + 1, gap))
        if patterns[t] is not None and patterns[t].fullmatch(items[b][1]):
            stack.append((b + 1, t + 1, False))
    return False, furthest


def check_output_block(root, label, lines, block, problems):
    """Checks one output block; returns 'tied', 'not-output', 'unchecked'
    or None (a problem was recorded)."""
    where = f"{label}:{block.start + 1}"
    name = block.attributes.get("transcript")
    if name is None:
        if "not-output" in block.classes:
            return "not-output"
        if block.attributes.get("unchecked", "").strip():
            return "unchecked"
        problems.add(where, "output block without a transcript: name the "
                            "transcript test that runs it (```text "
                            "transcript=tests/transcripts/NN_name.case.t), "
                            "or mark it ```text not-output (not a program's "
                            "output) or ```text unchecked=\"why\"")
        return None
    path = (root / name).resolve()
    if Path(name).is_absolute() or not path.is_relative_to(root) \
            or not path.is_file():
        problems.add(where, f"transcript {name}: no such file")
        return None
    try:
        transcript = read_transcript(path)
    except (ValueError, UnicodeDecodeError, OSError) as error:
        problems.add(where, f"transcript {name}: {error}")
        return None
    before = len(problems)
    sample = read_sample(block.body(lines), block.start + 2, label, problems)
    if sample.command is not None and \
            not same_command(sample.command, transcript.command):
        problems.add(where, f"the block runs '{' '.join(sample.command)}' "
                            f"but {name} runs "
                            f"'{' '.join(transcript.command)}'")
    if sample.exit_code is not None and \
            sample.exit_code != transcript.exit_code:
        problems.add(where, f"the block shows exit code {sample.exit_code} "
                            f"but {name} expects {transcript.exit_code}")
    matched, furthest = match_sample(sample.items, transcript.expected,
                                     whole=sample.command is not None)
    if not matched:
        shown = [item for item in sample.items[furthest:] if item is not GAP]
        if shown:
            number, text = shown[0]
            what = (f"line {number}, '{text}', is not a line {name} checks "
                    "there")
        else:
            what = f"the block ends where {name} expects more output"
        problems.add(where, f"output differs from the transcript: {what}",
                     ["(every line shown must match the transcript's "
                      "expected lines in order, {n} any number, {*} any "
                      "text; '...' in the book leaves lines out, but a "
                      "line the transcript skips with '...' is unchecked "
                      "and cannot be shown)"])
    return "tied" if len(problems) == before else None


def check_outputs(root, page, lines):
    """The page's output blocks checked; (problems, counts by kind)."""
    problems = Problems()
    label = page.relative_to(root).as_posix()
    counts = {"tied": 0, "not-output": 0, "unchecked": 0}
    for block in fenced_blocks(lines, label, Problems()):
        if block.is_output:
            kind = check_output_block(root, label, lines, block, problems)
            if kind:
                counts[kind] += 1
    return problems, counts


# --- --check and --update ----------------------------------------------------

def check(root, update=False):
    problems = Problems()
    sources = Sources(root, problems)
    chapters = root / "chapters"
    scanned = sources.scan(chapters) if chapters.is_dir() else 0
    pages = book_pages(root)
    total = 0
    outputs = {}
    updates = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        lines = split_lines(text)
        listings = read_listings(root, page, lines, sources, problems)
        total += len(listings)
        found, counts = check_outputs(root, page, lines)
        problems.items += found.items
        for kind, count in counts.items():
            outputs[kind] = outputs.get(kind, 0) + count
        stale = [l for l in listings
                 if l.code is not None and l.block.body(lines) != l.code]
        if not update:
            for listing in stale:
                problems.add(f"{listing.page}:{listing.block.start + 1}",
                             f"listing {listing.name} differs from the code",
                             short_diff(listing.block.body(lines),
                                        listing.code))
            continue
        for listing in reversed(stale):
            block = listing.block
            old = block.body(lines)
            pad = " " * block.indent
            lines[block.start + 1:block.end] = [
                pad + line if line else line for line in listing.code]
            changes = list(difflib.ndiff(old, listing.code))
            added = sum(1 for c in changes if c.startswith("+ "))
            removed = sum(1 for c in changes if c.startswith("- "))
            updates.append((listing.page, block.start + 1, listing.name,
                            added, removed))
        if stale:
            page.write_text("\n".join(lines) + "\n", encoding="utf-8")

    if update:
        for page, line, name, added, removed in sorted(updates):
            print(f"{page}:{line}: updated {name} (+{added} -{removed} lines)")
    problems.print()
    tied = outputs.get("tied", 0)
    summary = (f"{total} listing{'s' * (total != 1)} and {tied} output "
               f"block{'s' * (tied != 1)} in {len(pages)} "
               f"book page{'s' * (len(pages) != 1)}, markers in {scanned} "
               "files under chapters/")
    if problems:
        print(f"FAILED: {len(problems)} problem{'s' * (len(problems) != 1)}"
              f" ({summary})")
        return 1
    if update:
        pages_changed = len({u[0] for u in updates})
        print(f"OK: updated {len(updates)} listing"
              f"{'s' * (len(updates) != 1)} in {pages_changed} page"
              f"{'s' * (pages_changed != 1)} ({summary})" if updates else
              f"OK: nothing to update ({summary})")
    else:
        print(f"OK: {summary} checked; every listing matches the code "
              "and every output block its transcript")
        others = [f"{outputs[k]} {k}" for k in ("not-output", "unchecked")
                  if outputs.get(k)]
        if others:
            print(f"    (other text blocks: {', '.join(others)})")
    return 0


# --- Chapter diffs -----------------------------------------------------------

def chapter_names(root):
    chapters = root / "chapters"
    if not chapters.is_dir():
        return []
    return sorted(p.name for p in chapters.iterdir()
                  if p.is_dir() and re.match(r"^\d\d_", p.name))


def chapter_diff(root, before, after):
    """diff -ruN from chapters/before to chapters/after, with git-like
    headers (a/ and b/ prefixes, no timestamps): what
    scripts/diff-chapters prints."""
    result = subprocess.run(
        ["diff", "-ruN", f"chapters/{before}", f"chapters/{after}"],
        cwd=root, capture_output=True, encoding="utf-8", errors="replace")
    if result.returncode > 1:
        raise RuntimeError(f"diff failed: {result.stderr.strip()}")
    out = []
    header = False
    for line in split_lines(result.stdout):
        if line.startswith("diff "):
            header = True
            words = line.split(" ")
            words[2], words[3] = "a/" + words[2], "b/" + words[3]
            line = " ".join(words)
        elif line.startswith("Binary files "):
            words = line.split(" ")
            words[2], words[4] = "a/" + words[2], "b/" + words[4]
            line = " ".join(words)
        elif header and line.startswith(("--- ", "+++ ")):
            line = line[:4] + ("a/" if line[0] == "-" else "b/") \
                + line[4:].split("\t")[0]
        elif line.startswith("@@ "):
            header = False
        out.append(line)
    return out


def diff_stat(diff):
    """(file, added, removed, binary) per file of a chapter diff."""
    files = []
    header = False
    for line in diff:
        if line.startswith("diff "):
            header = True
            name = line.split(" ")[-1].split("/", 3)[-1]
            files.append([name, 0, 0, False])
        elif line.startswith("Binary files "):
            files[-1][3] = True
        elif line.startswith("@@ "):
            header = False
        elif not header and line.startswith("+"):
            files[-1][1] += 1
        elif not header and line.startswith("-"):
            files[-1][2] += 1
    return files


def format_stat(files):
    """The summary scripts/diff-chapters --stat prints."""
    width = max((len(f[0]) for f in files), default=0)
    most = max((f[1] + f[2] for f in files), default=0)
    scale = 50 / most if most > 50 else 1
    lines = []
    for name, added, removed, binary in files:
        if binary:
            lines.append(f" {name:<{width}} | Bin")
            continue
        plus = max(int(added * scale + 0.5), 1 if added else 0)
        minus = max(int(removed * scale + 0.5), 1 if removed else 0)
        lines.append(f" {name:<{width}} | {added + removed:4d} "
                     f"{'+' * plus}{'-' * minus}")
    added = sum(f[1] for f in files)
    removed = sum(f[2] for f in files)
    plural = lambda n: "" if n == 1 else "s"
    lines.append(f" {len(files)} file{plural(len(files))} changed, "
                 f"{added} insertion{plural(added)}(+), "
                 f"{removed} deletion{plural(removed)}(-)")
    return lines


def diff_line_class(line, header):
    """The class of one line of a chapter diff, as scripts/diff-chapters
    colours it in a terminal: file headers bold, hunk headers cyan, added
    lines green, removed lines red."""
    if line.startswith("@@ "):
        return "diff-hunk"
    if header:
        return "diff-file"
    if line.startswith("+"):
        return "diff-add"
    if line.startswith("-"):
        return "diff-del"
    return "diff-context"


def diff_html(diff):
    """The diff as one <pre>, a block <span> per line classed by
    diff_line_class: the colours come from the book's CSS, not from
    pandoc's highlighter, whose classes for diffs (removed lines as
    strings, green in every style) say nothing about diffs."""
    spans = []
    header = False
    for line in diff:
        if line.startswith("diff "):
            header = True
        elif line.startswith("@@ "):
            header = False
        kind = diff_line_class(line, header)
        spans.append(f'<span class="{kind}">{html.escape(line)}</span>')
    return '<pre class="diff"><code>' + "".join(spans) + "</code></pre>"


def stat_html(stat):
    """The --stat summary, its bars green and red as in a terminal."""
    out = []
    for line in stat:
        match = re.match(r"^(.* \| +\d+ )(\+*)(-*)$", line)
        if match:
            line = (html.escape(match.group(1))
                    + f'<span class="diff-add">{match.group(2)}</span>'
                    + f'<span class="diff-del">{match.group(3)}</span>')
        else:
            line = html.escape(line)
        out.append(line)
    return '<pre class="diff-stat"><code>' + "\n".join(out) + "</code></pre>"


# A chapter page may end with its own account of the diff: the rendered
# diff then goes under that heading, its files in the order the text
# names them.
CHANGED_HEADING = re.compile(r"^## What changed since chapter (\d+)\b")
# A file named in prose: demo.cpp, reactor.hpp/.cpp (both), reactor.*
# (any extension), chapters/06_x/main.cpp. Each extension is a group of
# its own so that each file is placed where its own name starts.
FILE_MENTION = re.compile(r"(?<![\w./-])((?:[\w-]+/)*[A-Za-z_][\w-]*)"
                          r"\.(\*|[A-Za-z]\w*)((?:/\.[A-Za-z]\w*)*)")


def split_files(diff):
    """A chapter diff cut into one list of lines per file."""
    files = []
    for line in diff:
        if line.startswith("diff ") or not files:
            files.append([])
        files[-1].append(line)
    return files


def file_mentions(prose):
    """(position, stem, extension or None for any) for every file name in
    the prose, in the order they appear."""
    text = "\n".join(prose)
    mentions = []
    for match in FILE_MENTION.finditer(text):
        stem = match.group(1)
        if match.group(2) == "*":
            mentions.append((match.start(2), stem, None))
            continue
        mentions.append((match.start(2), stem, match.group(2)))
        for more in re.finditer(r"/\.(\w+)", match.group(3)):
            mentions.append((match.start(3) + more.start(1), stem,
                             more.group(1)))
    return mentions


def names_file(stem, extension, name):
    """Whether a mention (stem, extension) names the chapter's file name;
    a mention without a folder names a file in any folder."""
    path, dot, suffix = name.rpartition(".")
    if not dot or (extension is not None and suffix != extension):
        return False
    return path == stem or path.endswith("/" + stem) or \
        stem.endswith("/" + path)


def order_files(files, prose):
    """The per-file parts of a diff in reading order: first the files the
    prose names, in the order it first names them, then the others as
    diff lists them, and README.md last whatever the prose says, so that
    the diff starts with code rather than with the chapter's README."""
    mentions = file_mentions(prose)

    def key(item):
        index, part = item
        name = diff_stat(part)[0][0] if part and \
            part[0].startswith("diff ") else ""
        if name == "README.md":
            return (2, 0, index)
        first = [pos for pos, stem, extension in mentions
                 if names_file(stem, extension, name)]
        return (0, min(first), index) if first else (1, 0, index)
    return [part for _, part in sorted(enumerate(files), key=key)]


def ends_with_changes(lines):
    """(chapter number, index of the heading) when the page's last section
    is its own "## What changed since chapter N", else None."""
    inside = None
    last = None
    for index, line in enumerate(lines):
        fence = FENCE.match(line)
        if fence and "`" not in fence.group(3):
            mark = fence.group(2)[0]
            inside = None if inside == mark else inside or mark
        elif not inside and re.match(r"^##? ", line):
            last = index
    match = CHANGED_HEADING.match(lines[last]) if last is not None else None
    return (int(match.group(1)), last) if match else None


def changes_section(root, before, after, prose=None):
    """The Markdown of the chapter's diff from chapter before: under a
    heading of its own, or with prose (the page's own "What changed"
    section, which the caller leaves in place) under that one, the files
    in the order the prose names them."""
    diff = chapter_diff(root, before, after)
    parts = order_files(split_files(diff), prose or [])
    diff = [line for part in parts for line in part]
    number, first = after.split("_")[0], before.split("_")[0]
    previous = chapter_names(root)
    adjacent = after in previous and previous.index(after) > 0 and \
        previous[previous.index(after) - 1] == before
    command = f"scripts/diff-chapters {number}" if adjacent else \
        f"scripts/diff-chapters {first} {number}"
    out = [""] if prose is not None else \
        ["", "## What changed since the previous chapter "
             "{#what-changed .unnumbered}", ""]
    if not diff:
        out.append(f"Nothing: `chapters/{after}/` is the same as "
                   f"`chapters/{before}/`.")
        return out
    stat = format_stat(diff_stat(diff))
    order = ("its files in the order the text above names them, then the "
             "others, README.md last" if prose is not None else
             "README.md last")
    out += [f"The diff from `chapters/{before}/` to `chapters/{after}/`, "
            f"{order} (`{command}` prints it in path order in a "
            "terminal):", "",
            "```{=html}", stat_html(stat),
            f"<details><summary>The full diff ({len(diff)} lines)</summary>",
            diff_html(diff), "</details>", "```"]
    return out


# --- Rendering ---------------------------------------------------------------

CSS = """
:root { --text: #1f2328; --muted: #59636e; --link: #0a58b0;
        --code-bg: #f6f8fa; --line: #d1d9e0; --caption: #e8eef5; }
html { font-size: 18px; background: #fff; }
body { max-width: 44em; margin: 0 auto; padding: 1.5em 1.2em 4em;
       color: var(--text); background: #fff; line-height: 1.6;
       font-family: Charter, "Bitstream Charter", "Iowan Old Style",
                    Georgia, serif; hyphens: auto; }
h1, h2, h3, h4, nav, summary, .listing-caption, table {
       font-family: system-ui, -apple-system, "Segoe UI", Roboto,
                    sans-serif; }
h1, h2, h3, h4 { line-height: 1.25; margin: 1.8em 0 0.6em; }
h1 { font-size: 2em; margin-top: 0.8em; }
h2 { font-size: 1.45em; border-bottom: 1px solid var(--line);
     padding-bottom: 0.2em; }
a, a:visited { color: var(--link); text-decoration-thickness: 1px;
               text-underline-offset: 2px; }
code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace;
       font-size: 0.85em; }
:not(pre) > code { background: var(--code-bg); padding: 0.1em 0.3em;
                   border-radius: 4px; }
pre, div.sourceCode { background: var(--code-bg); }
pre { border: 1px solid var(--line); border-radius: 6px; padding: 0.8em 1em;
      overflow-x: auto; line-height: 1.45; margin: 1em 0; }
div.sourceCode { margin: 1em 0; border-radius: 6px; }
/* pandoc's own style lets a highlighted block spill past its border;
   a long line scrolls inside the box instead, and plain blocks (program
   output, the --stat bars) keep their lines whole as a terminal does */
div.sourceCode pre.sourceCode { margin: 0; overflow-x: auto; }
pre code, pre > code.sourceCode { font-size: 0.8em; white-space: pre; }
/* Chapter diffs, coloured as scripts/diff-chapters colours them in a
   terminal; a long line wraps, continuing under its text, not its +/- */
pre.diff code { white-space: pre-wrap; overflow-wrap: anywhere; }
pre.diff span { display: block; min-height: 1.45em;
                padding-left: 2ch; text-indent: -2ch; }
.diff-del { color: #b3261e; background: #ffebe9; }
.diff-add { color: #116329; background: #dafbe1; }
pre.diff-stat .diff-del, pre.diff-stat .diff-add { background: none; }
.diff-hunk { color: #0e7490; }
.diff-file { font-weight: 700; }
nav#TOC { font-family: system-ui, -apple-system, "Segoe UI", Roboto,
                       sans-serif;
          font-size: 0.85em; border: 1px solid var(--line);
          border-radius: 6px; padding: 0.6em 1.2em; margin: 1.5em 0; }
nav#TOC h2 { font-size: 1em; margin: 0.2em 0; border: none; }
nav#TOC ul { margin: 0.3em 0; padding-left: 1.2em; }
nav#TOC > ul { padding-left: 0; list-style: none; }
nav#TOC li { margin: 0.15em 0; }
.listing { margin: 1.4em 0; }
.listing-caption { font-size: 0.8em; color: var(--muted);
                   background: var(--caption); border: 1px solid var(--line);
                   border-bottom: none; border-radius: 6px 6px 0 0;
                   padding: 0.3em 1em; }
.listing-caption code { background: none; padding: 0; color: var(--text); }
.listing div.sourceCode, .listing pre { margin-top: 0; }
.listing div.sourceCode pre, .listing > pre {
       border-top-left-radius: 0; border-top-right-radius: 0; }
.listing.sketch .listing-caption { background: #fff3d6; }
.listing.output .listing-caption { background: #edf6ee; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
th, td { padding: 0.3em 0.8em; border-bottom: 1px solid var(--line);
         text-align: left; }
details { margin: 1em 0; }
summary { cursor: pointer; font-weight: 600; }
nav.pager { display: flex; justify-content: space-between; gap: 1em;
            font-size: 0.85em; padding: 0.5em 0; }
nav.pager.top { border-bottom: 1px solid var(--line); }
nav.pager.bottom { border-top: 1px solid var(--line); margin-top: 3em; }
nav.pager span { flex: 1; }
nav.pager .up { text-align: center; }
nav.pager .next { text-align: right; }
.toc li { margin: 0.25em 0; }
@media (max-width: 600px) { html { font-size: 16px; } }
"""


def page_title(lines, fallback):
    inside = None
    for line in lines:
        fence = FENCE.match(line)
        if fence:
            mark = fence.group(2)[0]
            inside = None if inside == mark else inside or mark
            continue
        if not inside and line.startswith("# "):
            title = re.sub(r"\s*\{[^}]*\}\s*$", "", line[2:]).strip(" #")
            return title.replace("`", "").replace("*", "")
    return fallback


def rewrite_links(line, page_stems, book_dir, out_dir):
    """Links to sibling pages become .html; links into the repository
    (../chapters/...) are made relative to the output directory."""
    def replace(match):
        target = match.group(1)
        path, _, anchor = target.partition("#")
        if re.fullmatch(r"[\w.-]+\.md", path) and path[:-3] in page_stems:
            new = path[:-3] + ".html"
        elif path.startswith("../") and (book_dir / path).exists():
            new = os.path.relpath(book_dir / path, out_dir)
        else:
            return match.group(0)
        return "](" + new + ("#" + anchor if anchor else "") + match.group(2)
    return re.sub(r"\]\(([^)\s]+)(\s+\"[^\"]*\"\)|\))", replace, line)


def prepare_page(root, lines, page_stems, out_dir):
    """The page's Markdown as pandoc gets it: each listing under a caption
    that names its file and region, links fixed for HTML."""
    problems = Problems()               # --check reports these, not render
    blocks = {b.start: b for b in fenced_blocks(lines, "", problems)}
    out = []
    index = 0
    while index < len(lines):
        block = blocks.get(index)
        if block is None:
            out.append(rewrite_links(lines[index], page_stems,
                                     root / "book", out_dir))
            index += 1
            continue
        body = [pandoc_fence(lines[block.start], block),
                *lines[block.start + 1:block.end + 1]]
        file = block.attributes.get("file")
        transcript = block.attributes.get("transcript")
        if file or transcript or (block.is_cpp and "sketch" in block.classes):
            if transcript:
                caption = ("output, as the test "
                           f"<code>{html.escape(transcript)}</code> checks it")
                kind = "listing output"
            elif file:
                region = html.escape(block.attributes.get("region", ""))
                caption = (f"<code>{html.escape(file)}</code> · region "
                           f"<code>{region}</code>")
                kind = "listing"
            else:
                caption = "a sketch, not the project's code"
                kind = "listing sketch"
            pad = " " * block.indent
            out += [pad + "::: {." + kind.replace(" ", " .") + "}",
                    pad + "```{=html}",
                    pad + f'<div class="listing-caption">{caption}</div>',
                    pad + "```", "", *body, "", pad + ":::"]
        else:
            out += body
        index = block.end + 1
    return out


def pandoc_fence(line, block):
    """The opening fence as pandoc reads it: '```cpp file=... region=...'
    becomes '```{.cpp}', so that pandoc highlights it as C++ whatever
    the words after the language."""
    opening = FENCE.match(line)
    language = block.classes[:1]
    if not language or opening.group(3).strip().startswith("{"):
        return line
    return f"{opening.group(1)}{opening.group(2)}{{.{language[0]}}}"


def pager(pages, index, where):
    """Previous / contents / next links; index -1 is the contents page."""
    def link(i, before, after):
        if not 0 <= i < len(pages):
            return ""
        stem, title = pages[i]
        return f'<a href="{stem}.html">{before}{html.escape(title)}{after}</a>'
    previous = link(index - 1, "← ", "") if index > 0 else ""
    up = '<a href="index.html">Contents</a>' if index >= 0 else ""
    following = link(index + 1, "", " →")
    return (f'<nav class="pager {where}"><span class="previous">{previous}'
            f'</span><span class="up">{up}</span>'
            f'<span class="next">{following}</span></nav>\n')


# A page with at least this many sections gets a table of contents.
TOC_SECTIONS = 4


def wants_toc(markdown):
    """Whether a page is long enough for a table of contents: one counts
    its ## sections, outside code blocks."""
    sections = 0
    inside = None
    for line in markdown:
        fence = FENCE.match(line)
        if fence and "`" not in fence.group(3):
            mark = fence.group(2)[0]
            inside = None if inside == mark else inside or mark
        elif not inside and line.startswith("## "):
            sections += 1
    return sections >= TOC_SECTIONS


def pandoc(markdown, title, output, header, before, after):
    toc = (["--toc", "--toc-depth", "2", "--metadata",
            "toc-title=On this page"] if wants_toc(markdown) else [])
    subprocess.run(
        ["pandoc", "--from", "markdown", "--to", "html5", "--standalone",
         *toc,
         "--highlight-style", "tango", "--include-in-header", str(header),
         "--include-before-body", str(before),
         "--include-after-body", str(after),
         "--metadata", f"pagetitle={title}", "--metadata", "lang=en",
         "--output", str(output)],
        input="\n".join(markdown) + "\n", encoding="utf-8", check=True,
        env={**os.environ, "LC_ALL": "C.UTF-8"})


def contents(pages):
    """The index page's Markdown: the pages, grouped by part."""
    out = [f"# {BOOK_TITLE}", "",
           "A book and a codebase: each chapter is a complete program under "
           "`chapters/`, and each chapter's page after the first ends with "
           "the diff from the previous chapter.", ""]
    part = None
    for stem, title in pages:
        number = int(stem[:2]) if re.match(r"^\d\d", stem) else None
        heading = None
        for first, name in PARTS:
            if number is not None and number >= first:
                heading = name
        if heading != part and heading is not None:
            out += ["", f"## {heading}", ""]
        part = heading if heading is not None else part
        out.append(f"- [{title}]({stem}.html)")
    return out


def page_changes(root, chapters, stem, lines):
    """The diff that ends a chapter's page: from the chapter its own
    "What changed since chapter N" names, under that section, or else
    from the previous chapter under a heading of its own."""
    previous = chapters[chapters.index(stem) - 1]
    own = ends_with_changes(lines)
    if own is None:
        return changes_section(root, previous, stem)
    number, heading = own
    named = [c for c in chapters if c.startswith(f"{number:02d}_")]
    return changes_section(root, named[0] if named else previous, stem,
                           prose=lines[heading + 1:])


def render(root, out_dir):
    if shutil.which("pandoc") is None:
        print("scripts/book: pandoc is not installed (scripts/setup "
              "installs it)", file=sys.stderr)
        return 1
    files = book_pages(root)
    if not files:
        print("scripts/book: book/ has no pages", file=sys.stderr)
        return 1
    page_lines = {p.stem: split_lines(p.read_text(encoding="utf-8"))
                  for p in files}
    pages = [(p.stem, page_title(page_lines[p.stem], p.stem)) for p in files]
    stems = {stem for stem, _ in pages}
    chapters = chapter_names(root)

    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as temporary:
        temporary = Path(temporary)
        header = temporary / "header.html"
        header.write_text(f"<style>{CSS}</style>\n", encoding="utf-8")
        before, after = temporary / "before.html", temporary / "after.html"
        for index, (stem, title) in enumerate(pages):
            markdown = prepare_page(root, page_lines[stem], stems, out_dir)
            if stem in chapters and chapters.index(stem) > 0:
                markdown += page_changes(root, chapters, stem,
                                         page_lines[stem])
            before.write_text(pager(pages, index, "top"), encoding="utf-8")
            after.write_text(pager(pages, index, "bottom"), encoding="utf-8")
            pandoc(markdown, f"{title} – {BOOK_TITLE}",
                   out_dir / f"{stem}.html", header, before, after)
        before.write_text("", encoding="utf-8")
        after.write_text(pager(pages, -1, "bottom"), encoding="utf-8")
        pandoc(contents(pages), BOOK_TITLE, out_dir / "index.html", header,
               before, after)

    figures = root / "book" / "figures"
    if figures.is_dir():
        shutil.copytree(figures, out_dir / "figures")
    here = Path.cwd().resolve()
    shown = os.path.relpath(out_dir) if here.is_relative_to(root) \
        else str(out_dir)
    print(f"book: wrote {len(pages)} pages and index.html to {shown}/; "
          f"open {shown}/index.html")

    problems = Problems()
    sources = Sources(root, problems)
    stale = 0
    for page in files:
        lines = page_lines[page.stem]
        for listing in read_listings(root, page, lines, sources, problems):
            if listing.code is not None and \
                    listing.block.body(lines) != listing.code:
                stale += 1
        problems.items += check_outputs(root, page, lines)[0].items
    if problems or stale:
        sys.stdout.flush()
        print(f"book: warning: {len(problems) + stale} problem(s) with the "
              "listings or the output; scripts/book --check says which", file=sys.stderr)
    return 0


def main():
    parser = argparse.ArgumentParser(
        prog="booktool.py",
        description="Checks the book's listings against the code and its "
                    "sample output against the transcript tests, updates "
                    "the listings, or renders the book to HTML (the "
                    "default).")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true",
                      help="fail on a listing that differs from its region, "
                           "an unknown file or region, unbalanced markers, "
                           "or an output block that its transcript does "
                           "not check")
    mode.add_argument("--update", action="store_true",
                      help="rewrite the listings' bodies from the code")
    parser.add_argument("--root", type=Path,
                        default=Path(__file__).resolve().parent.parent,
                        help="the repository (default: this script's ..)")
    parser.add_argument("--out", type=Path,
                        help="where the HTML goes (default: ROOT/build/book)")
    args = parser.parse_args()
    root = args.root.resolve()
    if not root.is_dir():
        parser.error(f"--root {args.root}: no such directory")
    if args.check or args.update:
        return check(root, update=args.update)
    try:
        return render(root, (args.out or root / "build" / "book").resolve())
    except (subprocess.CalledProcessError, RuntimeError) as error:
        print(f"scripts/book: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
