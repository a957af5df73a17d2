#!/usr/bin/env python3
"""Tests that scripts/booktool.py --check can fail: on a small tree of its
own, a listing that matches passes, and a listing that drifts from its code,
names an unknown region, or sits in an unbalanced file fails with a message
naming the page and the region. Standard library only."""

import os
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


if __name__ == "__main__":
    unittest.main()
