#!/usr/bin/env python3
"""Tests of the reader's scripts that need no real build: scripts/run, on a
small tree of its own with a stand-in for cmake, prints one line instead of
the build's chatter and the whole log when the build fails; and
scripts/figure-05-growth writes under build/ unless asked to replace the
book's figure. Standard library only."""

import importlib.machinery
import importlib.util
import os
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# Stands in for cmake: "configures" by making the files scripts/run looks
# for, and "builds" by printing what ninja prints and making the program,
# or failing, as FAKE_BUILD says.
FAKE_CMAKE = r"""#!/usr/bin/env bash
set -eu
mkdir -p build/default/bin
if [[ $1 == --preset ]]; then
    echo "-- The CXX compiler identification is GNU 12.2.0"
    echo "-- Configuring done"
    touch build/default/CMakeCache.txt build/default/build.ninja
    exit 0
fi
case ${FAKE_BUILD:-build} in
    build)
        echo "[1/2] Building CXX object CMakeFiles/01_demo.dir/main.cpp.o"
        echo "[2/2] Linking CXX executable bin/01_demo"
        printf '#!/bin/sh\necho "the demo ran with $*"\n' \
            > build/default/bin/01_demo
        chmod +x build/default/bin/01_demo ;;
    nothing)
        echo "[0/2] Re-checking globbed directories..."
        echo "ninja: no work to do." ;;
    fail)
        echo "[1/2] Building CXX object CMakeFiles/01_demo.dir/main.cpp.o"
        echo "main.cpp:3:1: error: expected ';' before '}' token"
        echo "ninja: build stopped: subcommand failed."
        exit 1 ;;
esac
"""


class Run(unittest.TestCase):
    def setUp(self):
        self.tree = tempfile.TemporaryDirectory()
        self.root = Path(self.tree.name)
        (self.root / "scripts").mkdir()
        for name in ("run", "lib.sh"):
            shutil.copy2(REPO / "scripts" / name, self.root / "scripts")
        (self.root / "chapters" / "01_demo").mkdir(parents=True)
        (self.root / "CMakeLists.txt").write_text("add_chapter(01_demo)\n")
        fake = self.root / "fake-bin"
        fake.mkdir()
        (fake / "cmake").write_text(FAKE_CMAKE)
        (fake / "cmake").chmod(0o755)
        self.path = f"{fake}{os.pathsep}{os.environ['PATH']}"

    def tearDown(self):
        self.tree.cleanup()

    def run_script(self, build):
        env = {**os.environ, "PATH": self.path, "FAKE_BUILD": build}
        return subprocess.run(
            [str(self.root / "scripts" / "run"), "1", "--flag"],
            cwd=self.root, env=env, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, check=False, timeout=60)

    def test_a_build_says_one_line_not_the_build_output(self):
        result = self.run_script("build")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, "the demo ran with --flag\n")
        self.assertIn("01_demo", result.stderr)
        for chatter in ("Configuring done", "Building CXX", "Linking"):
            self.assertNotIn(chatter, result.stderr)

    def test_nothing_to_build_prints_nothing(self):
        self.run_script("build")
        result = self.run_script("nothing")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, "the demo ran with --flag\n")
        self.assertNotIn("01_demo", result.stderr)
        self.assertNotIn("no work to do", result.stderr)

    def test_a_chapter_with_contracts_is_a_built_chapter(self):
        (self.root / "CMakeLists.txt").write_text(
            "add_chapter(01_demo CONTRACTS transport timers)\n")
        result = self.run_script("build")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, "the demo ran with --flag\n")

    def test_a_chapter_not_in_the_build_is_refused(self):
        (self.root / "CMakeLists.txt").write_text("add_chapter(01_demos)\n")
        result = self.run_script("build")
        self.assertEqual(result.returncode, 1)
        self.assertIn("not built yet", result.stderr)

    def test_a_failed_build_shows_its_whole_log(self):
        result = self.run_script("fail")
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn("error: expected ';'", result.stderr)
        self.assertIn("subcommand failed", result.stderr)
        self.assertIn("failed", result.stderr.splitlines()[-1])
        self.assertEqual(result.stdout, "")


def load_figure_script():
    path = REPO / "scripts" / "figure-05-growth"
    loader = importlib.machinery.SourceFileLoader("figure_05_growth",
                                                  str(path))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


class FigureScript(unittest.TestCase):
    def setUp(self):
        self.figure = load_figure_script()

    def test_the_book_figure_is_left_alone_by_default(self):
        out = Path(self.figure.output_path([]))
        self.assertEqual(out, REPO / "build" / "figures" / "05_growth.svg")

    def test_output_and_update_book_say_where(self):
        self.assertEqual(Path(self.figure.output_path(
            ["--output", "/tmp/x.svg"])), Path("/tmp/x.svg"))
        self.assertEqual(Path(self.figure.output_path(["--update-book"])),
                         REPO / "book" / "figures" / "05_growth.svg")


if __name__ == "__main__":
    unittest.main()
