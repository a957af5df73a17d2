#!/usr/bin/env python3
"""Tests that scripts/booktool.py --check can fail: on a small tree of its
own, a listing that matches passes, and a listing that drifts from its code,
names an unknown region, or sits in an unbalanced file fails with a message
naming the page and the region. And that the HTML it renders colours a
chapter diff as a terminal does (removed lines red, added green), gives a
long page a table of contents, highlights listings as C++, and puts the
diff under a page's own closing "What changed since chapter N" section
with its files in the order that section names them, README.md last.
Standard library only; the rendering tests need pandoc."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

BOOKTOOL = Path(__file__).resolve().parents[2] / "scripts" / "booktool.py"

SOURCE = """\
int unlisted();
// region: answer
int answer()
{
    return 42;
}
// endregion: answer
"""

LISTING = """\
# 1. A chapter

```cpp file=chapters/01_demo/demo.cpp region={region}
{body}```
"""

BODY = "int answer()\n{\n    return 42;\n}\n"


class BooktoolCheck(unittest.TestCase):
    def setUp(self):
        self.tree = tempfile.TemporaryDirectory()
        self.root = Path(self.tree.name)
        (self.root / "chapters" / "01_demo").mkdir(parents=True)
        (self.root / "book").mkdir()
        self.write_source(SOURCE)
        self.write_page("answer", BODY)

    def tearDown(self):
        self.tree.cleanup()

    def write_source(self, text):
        (self.root / "chapters" / "01_demo" / "demo.cpp").write_text(text)

    def write_page(self, region, body):
        page = LISTING.format(region=region, body=body)
        (self.root / "book" / "01_demo.md").write_text(page)

    def check(self):
        result = subprocess.run(
            [sys.executable, str(BOOKTOOL), "--check", "--root",
             str(self.root)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            check=False)
        return result.returncode, result.stdout

    def test_a_matching_listing_passes(self):
        code, output = self.check()
        self.assertEqual(code, 0, output)

    def test_a_changed_line_in_the_region_fails(self):
        self.write_source(SOURCE.replace("return 42;", "return 43;"))
        code, output = self.check()
        self.assertNotEqual(code, 0, output)
        self.assertIn("book/01_demo.md", output)
        self.assertIn("answer", output)

    def test_a_change_outside_the_region_passes(self):
        self.write_source(SOURCE.replace("int unlisted();", "int other();"))
        code, output = self.check()
        self.assertEqual(code, 0, output)

    def test_an_unknown_region_fails(self):
        self.write_page("question", BODY)
        code, output = self.check()
        self.assertNotEqual(code, 0, output)
        self.assertIn("question", output)

    def test_an_unbalanced_marker_fails(self):
        self.write_source(SOURCE + "// region: dangling\n")
        code, output = self.check()
        self.assertNotEqual(code, 0, output)
        self.assertIn("dangling", output)

    def test_a_cpp_block_without_a_region_fails(self):
        page = "# 1. A chapter\n\n```cpp\nint x;\n```\n"
        (self.root / "book" / "01_demo.md").write_text(page)
        code, output = self.check()
        self.assertNotEqual(code, 0, output)

    def test_the_pandoc_form_of_a_listing_fails(self):
        page = ('# 1. A chapter\n\n```{.cpp file="chapters/01_demo/demo.cpp"'
                ' region="answer"}\n' + BODY + "```\n")
        (self.root / "book" / "01_demo.md").write_text(page)
        code, output = self.check()
        self.assertNotEqual(code, 0, output)
        self.assertIn("GitHub", output)


TRANSCRIPT = """\
# A demo that counts.
$ 01_demo --count 3
? exit 4
Counting to 3.
...
Counted 2, took {n} ms.
Counted 3, took {n} ms.
...
Done: 3 counts.
"""

OUTPUT_PAGE = """\
# 1. A chapter

{fence}
{body}```
"""

SAMPLE = """\
$ scripts/run 01 --count 3
Counting to 3.
...
Counted 2, took 15.2 ms.
Counted 3, took 1,017 ms.
...
Done: 3 counts.
$ echo $?
4
"""


class BooktoolOutputCheck(unittest.TestCase):
    """Output blocks in the book against their transcripts."""

    def setUp(self):
        self.tree = tempfile.TemporaryDirectory()
        self.root = Path(self.tree.name)
        (self.root / "book").mkdir()
        (self.root / "tests" / "transcripts").mkdir(parents=True)
        (self.root / "tests" / "transcripts" / "01_demo.count.t").write_text(
            TRANSCRIPT)

    def tearDown(self):
        self.tree.cleanup()

    def check(self, body, fence="```text transcript="
                                "tests/transcripts/01_demo.count.t"):
        page = OUTPUT_PAGE.format(fence=fence, body=body)
        (self.root / "book" / "01_demo.md").write_text(page)
        result = subprocess.run(
            [sys.executable, str(BOOKTOOL), "--check", "--root",
             str(self.root)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            check=False)
        return result.returncode, result.stdout

    def assertFails(self, body, *words, **fence):
        code, output = self.check(body, **fence)
        self.assertNotEqual(code, 0, output)
        self.assertIn("book/01_demo.md", output)
        for word in words:
            self.assertIn(word, output)

    def test_a_block_that_matches_its_transcript_passes(self):
        code, output = self.check(SAMPLE)
        self.assertEqual(code, 0, output)
        self.assertIn("1 output block", output)

    def test_a_fragment_may_start_and_end_anywhere(self):
        code, output = self.check("Counted 3, took 2 ms.\n")
        self.assertEqual(code, 0, output)

    def test_a_drifted_line_fails(self):
        self.assertFails(SAMPLE.replace("Counted 3, took", "Counted 4, took"),
                         "Counted 4")

    def test_a_line_the_program_never_prints_there_fails(self):
        # chapter 05's book once showed a line after the last message that
        # the program never prints there; the transcript went straight on
        self.assertFails(SAMPLE.replace("Counted 3, took 1,017 ms.\n",
                                        "Counted 3, took 1,017 ms.\n"
                                        "Received 1024 bytes.\n"),
                         "Received 1024 bytes.")

    def test_a_line_the_transcript_only_skips_fails(self):
        # the transcript's "..." checks nothing, so the book cannot show it
        self.assertFails(SAMPLE.replace("Counting to 3.\n",
                                        "Counting to 3.\nCounted 1.\n"),
                         "Counted 1.")

    def test_the_wrong_command_fails(self):
        self.assertFails(SAMPLE.replace("--count 3", "--count 4"),
                         "--count 4")

    def test_the_wrong_exit_code_fails(self):
        self.assertFails(SAMPLE.replace("$ echo $?\n4", "$ echo $?\n0"),
                         "exit code 0")

    def test_a_block_that_stops_short_of_the_end_fails(self):
        self.assertFails(SAMPLE.replace("...\nDone: 3 counts.\n", ""),
                         "expects more output")

    def test_an_untied_output_block_fails(self):
        self.assertFails(SAMPLE, "without a transcript", fence="```text")

    def test_a_missing_transcript_fails(self):
        self.assertFails(SAMPLE, "no such file",
                         fence="```text transcript=tests/transcripts/no.t")

    def test_a_block_marked_not_output_passes(self):
        code, output = self.check("  a --> b\n", fence="```text not-output")
        self.assertEqual(code, 0, output)

    def test_ctrl_c_stands_for_the_line_it_is_echoed_on(self):
        transcript = self.root / "tests" / "transcripts" / "01_demo.count.t"
        transcript.write_text("$ 01_demo\n? exit 130\nWorking\n\n"
                              "Interrupted (Ctrl-C).\n")
        code, output = self.check("$ scripts/run 01\nWorking\n^C\n"
                                  "Interrupted (Ctrl-C).\n$ echo $?\n130\n")
        self.assertEqual(code, 0, output)


def css_rules(page):
    """selector -> declarations of every rule in the page's <style>s."""
    css = " ".join(re.findall(r"<style>(.*?)</style>", page, re.S))
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        for selector in selectors.split(","):
            rules.setdefault(selector.strip(), "")
            rules[selector.strip()] += body
    return rules


def colour_of(rules, selector):
    """The (red, green, blue) of the rule's 'color: #rrggbb'."""
    match = re.search(r"(?:^|[;\s])color:\s*#([0-9a-fA-F]{6})",
                      rules.get(selector, ""))
    if not match:
        return None
    value = match.group(1)
    return tuple(int(value[i:i + 2], 16) for i in (0, 2, 4))


LONG_PAGE = """\
# 2. The second chapter

```cpp file=chapters/02_demo/demo.cpp region=answer
{body}```

## One

## Two

## Three

## Four
"""


@unittest.skipUnless(shutil.which("pandoc"), "pandoc is not installed")
class BooktoolRender(unittest.TestCase):
    def setUp(self):
        self.tree = tempfile.TemporaryDirectory()
        self.root = Path(self.tree.name)
        for chapter, source in (("01_demo", SOURCE),
                                ("02_demo", SOURCE.replace("42", "43"))):
            (self.root / "chapters" / chapter).mkdir(parents=True)
            (self.root / "chapters" / chapter / "demo.cpp").write_text(
                source)
        (self.root / "book").mkdir()
        (self.root / "book" / "01_demo.md").write_text(
            LISTING.format(region="answer", body=BODY))
        (self.root / "book" / "02_demo.md").write_text(
            LONG_PAGE.format(body=BODY.replace("42", "43")))
        self.out = self.root / "html"
        result = subprocess.run(
            [sys.executable, str(BOOKTOOL), "--root", str(self.root),
             "--out", str(self.out)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            check=False)
        self.assertEqual(result.returncode, 0, result.stdout)

    def tearDown(self):
        self.tree.cleanup()

    def page(self, stem):
        return (self.out / f"{stem}.html").read_text()

    def test_removed_lines_are_red_and_added_lines_green(self):
        page = self.page("02_demo")
        removed = re.search(r'<span class="([\w-]+)">-    return 42;', page)
        added = re.search(r'<span class="([\w-]+)">\+    return 43;', page)
        self.assertTrue(removed and added, "the diff's lines carry a class")
        rules = css_rules(page)
        red = colour_of(rules, "." + removed.group(1))
        green = colour_of(rules, "." + added.group(1))
        self.assertIsNotNone(red, f"no colour for .{removed.group(1)}")
        self.assertIsNotNone(green, f"no colour for .{added.group(1)}")
        self.assertGreater(red[0], max(red[1], red[2]), red)
        self.assertGreater(green[1], max(green[0], green[2]), green)

    def test_a_long_diff_line_wraps_or_scrolls(self):
        rules = css_rules(self.page("02_demo"))
        self.assertRegex(rules.get("pre.diff code", ""),
                         r"white-space:\s*pre-wrap")

    def test_a_long_page_has_a_table_of_contents_and_a_short_one_not(self):
        self.assertIn('id="TOC"', self.page("02_demo"))
        self.assertNotIn('id="TOC"', self.page("01_demo"))

    def test_a_listing_in_the_github_form_is_highlighted_as_cpp(self):
        page = self.page("02_demo")
        self.assertIn('class="sourceCode cpp"', page)
        self.assertIn("chapters/02_demo/demo.cpp", page)


OWN_CHANGES = """\
# 2. The second chapter

Text.

## What changed since chapter 1

The lesson is `zeta.hpp/.cpp`, then `main.cpp`; the demo is `gamma.*`.
"""


def diff_files(page):
    """The chapter files in a rendered diff, in the order it shows them."""
    return re.findall(r"diff -ruN a/chapters/01_demo/(\S+) ", page)


def generated_heading(page):
    """Whether the renderer added its own "What changed" heading."""
    return re.search(r"<h2[^>]*>What changed since the previous\s+chapter",
                     page) is not None


def stat_files(page):
    """The files in the rendered --stat summary, in its order."""
    stat = re.search(r'<pre class="diff-stat"><code>(.*?)</code></pre>',
                     page, re.S)
    return re.findall(r"^ (\S+) +\|", stat.group(1), re.M) if stat else []


@unittest.skipUnless(shutil.which("pandoc"), "pandoc is not installed")
class BooktoolChangesSection(unittest.TestCase):
    """A chapter page that ends with its own "What changed since chapter
    N" gets the diff under that heading, not under a second one, with the
    files in the order its text names them and README.md last."""

    FILES = ["README.md", "alpha.cpp", "gamma.cpp", "gamma.hpp",
             "main.cpp", "zeta.cpp", "zeta.hpp"]

    def setUp(self):
        self.tree = tempfile.TemporaryDirectory()
        self.root = Path(self.tree.name)
        for chapter in ("01_demo", "02_demo"):
            folder = self.root / "chapters" / chapter
            folder.mkdir(parents=True)
            for name in self.FILES:
                (folder / name).write_text(f"{name} in {chapter}\n")
        (self.root / "book").mkdir()
        (self.root / "book" / "01_demo.md").write_text("# 1. First\n")
        self.out = self.root / "html"

    def tearDown(self):
        self.tree.cleanup()

    def render(self, page):
        (self.root / "book" / "02_demo.md").write_text(page)
        result = subprocess.run(
            [sys.executable, str(BOOKTOOL), "--root", str(self.root),
             "--out", str(self.out)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            check=False)
        self.assertEqual(result.returncode, 0, result.stdout)
        return (self.out / "02_demo.html").read_text()

    def test_the_diff_goes_under_the_pages_own_heading(self):
        page = self.render(OWN_CHANGES)
        headings = [" ".join(h.split()) for h in
                    re.findall(r"<h2[^>]*>(.*?)</h2>", page, re.S)]
        self.assertEqual(
            [h for h in headings if "What changed" in h],
            ["What changed since chapter 1"], headings)
        self.assertFalse(generated_heading(page))
        self.assertIn("diff -ruN a/chapters/01_demo/", page)
        self.assertLess(page.index("What changed since chapter 1"),
                        page.index('<pre class="diff-stat">'))

    def test_files_come_in_the_order_the_text_names_them(self):
        page = self.render(OWN_CHANGES)
        wanted = ["zeta.hpp", "zeta.cpp", "main.cpp", "gamma.cpp",
                  "gamma.hpp", "alpha.cpp", "README.md"]
        self.assertEqual(diff_files(page), wanted)
        self.assertEqual(stat_files(page), wanted)

    def test_readme_is_last_even_when_the_text_names_it_first(self):
        page = self.render(OWN_CHANGES.replace(
            "The lesson", "`README.md` says so. The lesson"))
        self.assertEqual(diff_files(page)[0], "zeta.hpp")
        self.assertEqual(diff_files(page)[-1], "README.md")

    def test_a_page_without_its_own_section_gets_a_heading_and_readme_last(
            self):
        page = self.render("# 2. The second chapter\n\nText.\n")
        self.assertTrue(generated_heading(page), "no heading of its own")
        self.assertEqual(diff_files(page), self.FILES[1:] + ["README.md"])

    def test_a_what_changed_section_that_is_not_last_is_left_alone(self):
        page = self.render(OWN_CHANGES + "\n## Afterwards\n\nMore.\n")
        self.assertTrue(generated_heading(page), "no heading of its own")
        self.assertEqual(diff_files(page)[-1], "README.md")


REPO = BOOKTOOL.parents[1]
CHAPTER_NAME = r"\d\d_[a-z0-9_]+"


def map_rows(text):
    """(chapter, status) of every row of a Markdown chapter table."""
    return re.findall(rf"^\| `({CHAPTER_NAME})` \|.*\| *(\w+) *\|$", text,
                      re.M)


class ChapterMap(unittest.TestCase):
    """The README's chapter map, the introduction's list of chapters and
    the chapters/ folders agree; so does the project plan, when the
    checkout sits beside it (../shared/PLAN.md)."""

    def readme(self):
        return map_rows((REPO / "README.md").read_text())

    def test_the_introduction_lists_the_chapters_of_the_map_in_order(self):
        intro = (REPO / "book" / "00_introduction.md").read_text()
        listed = re.findall(rf"\(`({CHAPTER_NAME})`\)", intro)
        self.assertEqual(listed, [name for name, _ in self.readme()])

    def test_every_chapter_folder_is_written_in_the_map(self):
        folders = sorted(p.name for p in (REPO / "chapters").iterdir()
                         if re.fullmatch(CHAPTER_NAME, p.name))
        written = [name for name, status in self.readme()
                   if status == "written"]
        self.assertEqual(written, folders)

    @unittest.skipUnless((REPO.parent / "shared" / "PLAN.md").is_file(),
                         "no ../shared/PLAN.md beside the checkout")
    def test_the_map_names_the_plans_chapters(self):
        plan = (REPO.parent / "shared" / "PLAN.md").read_text()
        planned = re.findall(rf"^\| `({CHAPTER_NAME})` \|", plan, re.M)
        self.assertEqual([name for name, _ in self.readme()], planned)


if __name__ == "__main__":
    unittest.main()
