#!/usr/bin/python3
"""Checks the documentation: README.md, docs/*.md, CONTRIBUTING.md, CHANGELOG.md.

1. Links: every relative link and image ([text](path), [text](path#anchor),
   [text](#anchor)) resolves to a file of the tree and, where it names an
   anchor, to a heading of that Markdown file (GitHub's anchor rules).
2. SQL: every plain ```sql block of README.md and of docs/*.md runs, file by
   file, in order, in one psql session per file inside a transaction that is
   rolled back, against the database of the libpq environment (the sample data
   and the extension loaded).  A block followed directly by an output block
   (``` without a language) must print exactly that, ignoring trailing spaces;
   a line "..." stands for any lines.  Blocks tagged for another set-up
   (```sql coordinator, ```sql pg_cron, ...) are run by their own suites
   (test/distributed, test/cron).  A statement whose last line ends in
   "-- → value" must return exactly that (one row; columns joined by " | ").

3. The values shown after "-- →" in README.md equal an independent Python
   computation (test/readme_reference.py).

Usage (PG* variables set):  /usr/bin/python3 test/readme_examples.py
                            /usr/bin/python3 test/readme_examples.py --links-only
Exits non-zero if a link is broken or a block fails.
"""
import argparse
import pathlib
import re
import subprocess
import sys
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"^```([^\n`]*)\n(.*?)^```[ \t]*\n", re.S | re.M)
LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def sql_files():
    return [ROOT / "README.md"] + sorted((ROOT / "docs").glob("*.md"))


def link_files():
    files = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "CHANGELOG.md"]
    return [f for f in files if f.exists()] + sorted((ROOT / "docs").glob("*.md"))


def without_code(text):
    """The text with fenced blocks and inline code blanked out."""
    text = BLOCK.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    return re.sub(r"`[^`\n]*`", "``", text)


def heading_anchors(path):
    # Inline code in headings keeps its text on GitHub, so read the headings
    # from the text with only the fenced blocks removed.
    text = BLOCK.sub(lambda m: "\n" * m.group(0).count("\n"), path.read_text(encoding="utf-8"))
    seen = {}
    result = set()
    for line in text.splitlines():
        m = re.match(r"^#{1,6}\s+(.*?)\s*$", line)
        if not m:
            continue
        raw = m.group(1).replace("`", "")
        slug = re.sub(r"[^\w\- ]", "", raw.lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        result.add(slug if n == 0 else "%s-%d" % (slug, n))
    return result


def check_links():
    bad = []
    checked = 0
    cache = {}
    for md in link_files():
        for m in LINK.finditer(without_code(md.read_text(encoding="utf-8"))):
            target = m.group(1)
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):   # http:, https:, mailto:
                continue
            checked += 1
            path, _, anchor = target.partition("#")
            dest = (md.parent / urllib.parse.unquote(path)).resolve() if path else md
            where = "%s: %s" % (md.relative_to(ROOT), target)
            if not dest.exists():
                bad.append(where + " (no such file)")
                continue
            if ROOT not in dest.parents and dest != ROOT:
                bad.append(where + " (outside the source tree)")
                continue
            if anchor:
                if dest.suffix != ".md":
                    bad.append(where + " (anchor into a file that is not Markdown)")
                    continue
                if dest not in cache:
                    cache[dest] = heading_anchors(dest)
                if anchor not in cache[dest]:
                    bad.append(where + " (no heading with this anchor)")
    for b in bad:
        print("FAIL link " + b)
    print("doc links: %d relative links in %d files, %d broken"
          % (checked, len(link_files()), len(bad)))
    return not bad


def normalise(text):
    return [line.rstrip() for line in text.strip("\n").splitlines()]


def output_matches(got, expected):
    got, expected = normalise(got), normalise(expected)
    if "..." not in expected:
        return got == expected
    i = 0
    skipping = False
    for line in expected:
        if line == "...":
            skipping = True
            continue
        while i < len(got) and got[i] != line:
            if not skipping:
                return False
            i += 1
        if i == len(got):
            return False
        i += 1
        skipping = False
    return skipping or i == len(got)


RESULT = re.compile(r"^(.*;)\s*-- → (.+?)\s*$")


def with_result_checks(block, i, results):
    """The block's lines; a statement whose last line ends in "-- → value"
    is printed unaligned (columns joined by " | ", no header) between
    markers, so that its result can be compared with the value shown."""
    lines = []
    statement = []
    for line in block.splitlines():
        statement.append(line)
        m = RESULT.match(line)
        if m:
            k = len(results)
            text = "\n".join(statement[:-1] + [m.group(1)])
            results.append((i, text, m.group(2)))
            lines += ["\\pset format unaligned", "\\pset tuples_only on", "\\pset fieldsep ' | '",
                      "\\echo '@@ result %d'" % k, text, "\\echo '@@ end %d'" % k,
                      "\\pset format aligned", "\\pset tuples_only off"]
            statement = []
        elif line.rstrip().endswith(";") or re.search(r";\s*--", line):
            lines += statement
            statement = []
    return lines + statement


def run_sql(md):
    """Runs the plain sql blocks of one file; returns (blocks run, failures)."""
    blocks = [(m.group(1).strip(), m.group(2)) for m in BLOCK.finditer(md.read_text(encoding="utf-8"))]
    indexes = [i for i, (lang, _) in enumerate(blocks) if lang == "sql"]
    name = md.relative_to(ROOT)
    if not indexes:
        return 0, 0
    marker = "@@ block %d"
    script = ["\\set ON_ERROR_STOP 1", "\\pset footer off", "SET TimeZone = 'UTC';", "BEGIN;"]
    results = []          # (block, statement, expected) of every "-- → value"
    for i in indexes:
        script += ["\\echo '%s'" % (marker % i)] + with_result_checks(blocks[i][1], i, results)
    script += ["\\echo '%s'" % (marker % -1), "ROLLBACK;"]
    result = subprocess.run(["psql", "-X", "-q", "-f", "-"], input="\n".join(script) + "\n",
                            text=True, capture_output=True)
    if result.returncode != 0:
        last = re.findall(r"^@@ block (\d+)$", result.stdout, re.M)
        print("FAIL %s: sql block %s\n%s\n%s" % (name, int(last[-1]) + 1 if last else "?",
                                                 result.stdout[-1500:], result.stderr))
        return len(indexes), 1
    failed = 0
    for k, (i, statement, expected) in enumerate(results):
        m = re.search(r"^@@ result %d\n(.*?)^@@ end %d\n" % (k, k), result.stdout, re.S | re.M)
        got = m.group(1).strip("\n") if m else None
        if got != expected:
            failed += 1
            print("FAIL %s: sql block %d: %s\nreturned %r, the text says -- → %s"
                  % (name, i + 1, statement.strip(), got, expected))
    stdout = re.sub(r"^@@ result \d+\n.*?^@@ end \d+\n", "", result.stdout, flags=re.S | re.M)
    sections = re.split(r"^@@ block (-?\d+)\n", stdout, flags=re.M)
    outputs = {int(sections[k]): sections[k + 1] for k in range(1, len(sections) - 1, 2)}
    for i in indexes:
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        expected = following[1] if following and following[0] == "" else None
        if expected is not None and not output_matches(outputs.get(i, ""), expected):
            failed += 1
            print("FAIL %s: sql block %d printed\n%s\nexpected\n%s"
                  % (name, i + 1, outputs.get(i, ""), expected))
    print("%s %s: %d sql blocks, %d with their output checked, %d results after -- →"
          % ("FAIL" if failed else "PASS", name, len(indexes),
             sum(1 for i in indexes if i + 1 < len(blocks) and blocks[i + 1][0] == ""), len(results)))
    return len(indexes), failed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--links-only", action="store_true")
    args = parser.parse_args()
    ok = check_links()
    # The values shown after "-- →" in README.md, computed without cx_metrics.
    sys.path.insert(0, str(ROOT / "test"))
    import readme_reference
    ok = readme_reference.main() == 0 and ok
    if not args.links_only:
        total = failed = 0
        for md in sql_files():
            n, f = run_sql(md)
            total += n
            failed += f
        print("doc examples: %d sql blocks in %d files, %d files failed"
              % (total, len(sql_files()), failed))
        ok = ok and failed == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
