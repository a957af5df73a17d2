#!/usr/bin/env python3
"""Tests that scripts/booktool.py --check can fail: on a small tree of its
own, a listing that matches passes, and a listing that drifts from its code,
names an unknown region, or sits in an unbalanced file fails with a message
naming the page and the region. And that the HTML it renders colours a
chapter diff as a terminal does (removed lines red, added green), gives a
long page a table of contents, and highlights listings as C++. Standard
library only; the rendering tests need pandoc."""

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

```{{.cpp file="chapters/01_demo/demo.cpp" region="{region}"}}
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


if __name__ == "__main__":
    unittest.main()
