#!/usr/bin/python3
"""Runs the ```python, ```r and ```java blocks of Markdown files (README.md by
default), and its ```sql blocks with --sql, against the database given by the
libpq environment (cx_metrics and test/data/sample.sql loaded).  Python blocks
run one by one in /usr/bin/python3 from the source directory; a Java block is
a complete program, run as a source file with pgjdbc on the class path (its
output block may follow the ```sh block that shows how to run it); sql
blocks run in order in one psql session, in a transaction rolled back at the
end (test/readme_examples.py runs those of README.md already).  A block whose output matches the ``` block right
after it (a block without a language) must print exactly that, ignoring
trailing spaces and lines "...".  Exits non-zero if any block fails.

    /usr/bin/python3 test/clients/doc_examples.py [--sql] [FILE.md ...]
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
JAR = os.environ.get("PGJDBC_JAR", "/usr/share/java/postgresql.jar")
# A fence may carry a tag after the language (```python odbc): such blocks
# are run by the suite that has their set-up, not here.
BLOCK = re.compile(r"^```([^\n`]*)\n(.*?)^```[ \t]*\n", re.S | re.M)


# The output comparison of the SQL doc checker ('...' stands for any lines).
sys.path.insert(0, os.path.join(ROOT, "test"))
from readme_examples import output_matches  # noqa: E402


def expected_output(blocks, i):
    """The output block right after block i (for a Java program, possibly
    after the ```sh block that runs it)."""
    following = blocks[i + 1:i + 3]
    if following and following[0][0] == "sh" and blocks[i][0] == "java":
        following = following[1:]
    return following[0][1] if following and following[0][0] == "" else None


def run_sql(md, blocks):
    """Runs the sql blocks in order in one psql session, in a transaction that
    is rolled back; compares each block's output with its output block."""
    marker = "@@ block %d"
    script = ["\\set ON_ERROR_STOP 1", "\\pset footer off", "SET TimeZone = 'UTC';", "BEGIN;"]
    indexes = [i for i, (lang, _) in enumerate(blocks) if lang == "sql"]
    if not indexes:
        return 0, 0
    for i in indexes:
        script += ["\\echo '%s'" % (marker % i), blocks[i][1]]
    script += ["\\echo '%s'" % (marker % -1), "ROLLBACK;"]
    result = subprocess.run(["psql", "-X", "-q", "-f", "-"], input="\n".join(script) + "\n",
                            text=True, capture_output=True)
    name = os.path.relpath(md, ROOT)
    if result.returncode != 0:
        print("FAIL %s: sql blocks\n%s\n%s" % (name, result.stdout[-2000:], result.stderr))
        return len(indexes), 1
    sections = re.split(r"^@@ block (-?\d+)\n", result.stdout, flags=re.M)
    outputs = {int(sections[k]): sections[k + 1] for k in range(1, len(sections) - 1, 2)}
    failed = 0
    for i in indexes:
        expected = expected_output(blocks, i)
        if expected is not None and not output_matches(outputs.get(i, ""), expected):
            failed += 1
            print("FAIL %s: sql block %d printed\n%s\nexpected\n%s" % (name, i + 1, outputs.get(i), expected))
        else:
            print("PASS %s: sql block %d%s" % (name, i + 1, " (output as shown)" if expected else ""))
    return len(indexes), failed


def tmp_copy_root(tmp):
    """R examples write files (ggsave): run them in a scratch directory that
    sees the source tree's examples/ as examples/."""
    link = os.path.join(tmp, "examples")
    if not os.path.exists(link):
        os.symlink(os.path.join(ROOT, "examples"), link)
    return tmp


def run_block(lang, code, tmp):
    if lang == "python":
        return subprocess.run(["/usr/bin/python3", "-c", code], cwd=ROOT, capture_output=True, text=True)
    if lang == "r":
        return subprocess.run(["Rscript", "--vanilla", "-e", code], cwd=tmp_copy_root(tmp),
                              capture_output=True, text=True)
    if lang == "java":
        name = re.search(r"public\s+class\s+(\w+)", code).group(1)
        path = os.path.join(tmp, name + ".java")
        with open(path, "w") as f:
            f.write(code)
        return subprocess.run(["java", "-cp", JAR, path], cwd=ROOT, capture_output=True, text=True)
    raise ValueError(lang)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sql", action="store_true", help="also run the sql blocks")
    parser.add_argument("files", nargs="*", default=[os.path.join(ROOT, "README.md")])
    args = parser.parse_args()

    failed = ran = 0
    with tempfile.TemporaryDirectory() as tmp:
        for md in args.files:
            text = open(md).read()
            blocks = [(m.group(1).strip(), m.group(2)) for m in BLOCK.finditer(text)]
            for i, (lang, code) in enumerate(blocks):
                if lang not in ("python", "java", "r"):
                    continue
                ran += 1
                where = "%s: %s block %d" % (os.path.relpath(md, ROOT), lang, i + 1)
                result = run_block(lang, code, tmp)
                expected = expected_output(blocks, i)
                if result.returncode != 0:
                    failed += 1
                    print("FAIL %s exited %d\n%s%s" % (where, result.returncode, result.stdout, result.stderr))
                elif expected is not None and not output_matches(result.stdout, expected):
                    failed += 1
                    print("FAIL %s printed\n%s\nexpected\n%s" % (where, result.stdout, expected))
                else:
                    print("PASS %s%s" % (where, " (output as shown)" if expected is not None else ""))
            if args.sql:
                ran_sql, failed_sql = run_sql(md, blocks)
                ran += ran_sql
                failed += failed_sql
    print("doc examples: %d run, %d failed" % (ran, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
