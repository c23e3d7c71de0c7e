#!/usr/bin/python3
"""ODBC checks: psqlODBC (Debian's odbc-postgresql, through unixODBC) from
Python with pyodbc, with the Unicode and the ANSI driver.

The data sources are the ```ini odbc.ini block of docs/clients.md, with the
host, port, database, user and password of the libpq environment put in;
unixODBC reads them from a temporary ODBCSYSINI directory.  The database needs
cx_metrics and test/data/sample.sql.  Every expected number comes from plain
SQL counts (count(*) FILTER) and formulas here, never from cx_metrics.  Prints
a PASS/FAIL line per check; exits non-zero if any failed.

    /usr/bin/python3 test/clients/odbc_check.py
"""
import configparser
import decimal
import io
import os
import re
import subprocess
import sys
import tempfile

import pyodbc

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOC = os.path.join(ROOT, "docs", "clients.md")
failures = []


def check(name, ok, detail=""):
    print(("PASS %s" if ok else "FAIL %s") % name + ("" if ok or not detail else ": " + str(detail)))
    if not ok:
        failures.append(name)
    return ok


def doc_block(tag):
    text = open(DOC, encoding="utf-8").read()
    found = re.findall(r"^```" + tag + r"\n(.*?)^```", text, re.S | re.M)
    if len(found) != 1:
        sys.exit("%s: expected one ```%s block, found %d" % (DOC, tag, len(found)))
    return found[0]


def write_config(tmp):
    """The documented DSNs with this cluster's connection put in, and the
    system's driver list, in a directory for ODBCSYSINI."""
    dsns = configparser.ConfigParser(interpolation=None)
    dsns.optionxform = str
    dsns.read_string(doc_block("ini odbc.ini"))
    host = os.environ.get("PGHOST", "localhost")
    if host == "localhost":
        host = "127.0.0.1"
    for name in dsns.sections():
        dsns[name].update(Servername=host, Port=os.environ.get("PGPORT", "5432"),
                          Database=os.environ["PGDATABASE"],
                          Username=os.environ.get("PGUSER", ""),
                          Password=os.environ.get("PGPASSWORD", ""))
    with open(os.path.join(tmp, "odbc.ini"), "w") as f:
        dsns.write(f)
    with open("/etc/odbcinst.ini") as src, open(os.path.join(tmp, "odbcinst.ini"), "w") as dst:
        dst.write(src.read())
    os.environ["ODBCSYSINI"] = tmp
    return dsns


def connect(dsn, ansi, extra=""):
    conn = pyodbc.connect("DSN=%s%s" % (dsn, extra), autocommit=True)
    if ansi:
        # The ANSI driver returns narrow strings only: ask for them, in UTF-8.
        conn.setdecoding(pyodbc.SQL_CHAR, encoding="utf-8")
        conn.setdecoding(pyodbc.SQL_WCHAR, encoding="utf-8")
        conn.setencoding(encoding="utf-8")
    return conn


def close(a, b):
    return a is not None and b is not None and abs(a - b) <= 1e-9 * max(1.0, abs(b))


def checks(dsn, driver, ansi):
    tag = "ODBC %s:" % driver
    conn = connect(dsn, ansi)
    cur = conn.cursor()
    cur.execute("SELECT version()")
    check(tag + " connects through DSN %s" % dsn, cur.fetchone()[0].startswith("PostgreSQL"))

    # metrics as floats, equal to the plain-SQL formulas
    cur.execute("""SELECT channel, count(answer), count(*) FILTER (WHERE answer >= 9),
                          count(*) FILTER (WHERE answer <= 6), count(rating),
                          count(*) FILTER (WHERE rating >= 4), count(effort), sum(effort)
                   FROM responses GROUP BY channel""")
    ref = {r[0]: r[1:] for r in cur.fetchall()}
    cur.execute("""SELECT channel, nps(answer), csat(rating), ces(effort), round(nps(answer)::numeric, 1),
                          responses(score_summary(answer))
                   FROM responses GROUP BY channel ORDER BY channel""")
    types = [d[1] for d in cur.description]
    rows = cur.fetchall()
    check(tag + " column types: float for the metrics, Decimal for numeric, int for responses",
          types == [str, float, float, float, decimal.Decimal, int], repr(types))
    bad = []
    for ch, nps, csat, ces, rounded, n in rows:
        na, p, d, nr, sat, ne, se = ref[ch]
        want = {"nps": 100.0 * (p - d) / na, "csat": 100.0 * sat / nr, "ces": se / ne}
        got = {"nps": nps, "csat": csat, "ces": ces}
        for k in want:
            if not (type(got[k]) is float and close(got[k], want[k])):
                bad.append((ch, k, got[k], want[k]))
        if rounded != decimal.Decimal(want["nps"]).quantize(decimal.Decimal("0.1"), decimal.ROUND_HALF_UP) or n != na:
            bad.append((ch, "rounded/responses", rounded, n))
    check(tag + " nps, csat, ces of %d channels equal count(*) FILTER formulas" % len(rows),
          len(rows) == 5 and not bad, repr(bad[:3]))

    # NULL for empty groups
    cur.execute("SELECT nps(answer), csat(rating), ces(effort), score_summary(answer) FROM responses WHERE false")
    check(tag + " no rows: every metric and the summary are NULL (None)", tuple(cur.fetchone()) == (None,) * 4)
    cur.execute("""SELECT g, nps(a), csat(a) FROM (VALUES ('empty', NULL::int), ('one', 5)) v(g, a)
                   GROUP BY g ORDER BY g""")
    rows = [tuple(r) for r in cur.fetchall()]
    check(tag + " a group whose answers are all NULL gives NULL next to a group with answers",
          rows == [("empty", None, None), ("one", -100.0, 100.0)], repr(rows))

    # score_summary as text, of any length, and back as a parameter
    cur.execute("SELECT channel, answer, count(*) FROM responses WHERE answer IS NOT NULL GROUP BY 1, 2")
    counts = {}
    for ch, a, c in cur.fetchall():
        counts.setdefault(ch, {})[a] = c
    cur.execute("SELECT channel, score_summary(answer) FROM responses GROUP BY channel")
    desc = cur.description[1]
    summaries = dict(cur.fetchall())
    expected = {ch: "{" + ",".join("%d:%d" % kv for kv in sorted(c.items())) + "}" for ch, c in counts.items()}
    check(tag + " score_summary arrives as its text form (str), equal to GROUP BY counts",
          desc[1] is str and summaries == expected, repr(list(summaries.items())[:1]))
    check(tag + " with UnknownsAsLongVarchar = 1 a summary column is declared 8190 long (not 255)",
          desc[3] == 8190, repr(desc))
    big = "{" + ",".join("%d:%d" % (v, 9223372036854775807 // 101) for v in range(101)) + "}"
    cur.execute("SELECT ?::score_summary, responses(?::score_summary)", big, big)
    got, n = cur.fetchone()
    check(tag + " a %d-character summary round-trips whole" % len(big),
          got == big and n == 101 * (9223372036854775807 // 101), (len(got), n))
    ok = True
    for ch, text in summaries.items():
        cur.execute("SELECT nps(?::score_summary), ?::score_summary::text = "
                    "(SELECT score_summary(answer)::text FROM responses WHERE channel = ?)", text, text, ch)
        nps, same = cur.fetchone()
        na, p, d = ref[ch][:3]
        ok = ok and same is True and close(nps, 100.0 * (p - d) / na)
    check(tag + " summaries sent back as ?::score_summary parameters give the same summary and NPS "
          "(with BoolsAsChar = 0 a boolean is a bool)", ok)

    # Unicode, both ways
    words = ["доставка", "цена", "Zufriedenheit ü", "満足度"]
    cur.execute("SELECT ?::text, ?::text, ?::text, ?::text", *words)
    back = list(cur.fetchone())
    check(tag + " non-ASCII text round-trips", back == words, repr(back))
    cur.execute("""SELECT weighted_csi(c, s, i), weighted_csi(c, s, i)::text IS NOT NULL,
                          string_agg(DISTINCT c, ',' ORDER BY c)
                   FROM (VALUES (?, 4.0, 5.0), (?, 5.0, 4.0), (?, 3.0, 2.0), (?, 2.0, 3.0)) v(c, s, i)""",
                words[0], words[0], words[1], words[1])
    csi, _, comps = cur.fetchone()
    check(tag + " component-level CSI over Unicode component names (26.5 / 7)",
          close(csi, 26.5 / 7) and comps == ",".join(sorted(words[:2])), repr((csi, comps)))
    conn.close()

    # the documented settings matter: without them, 255 and (ANSI) no strings
    conn = connect(dsn, ansi, ";UnknownsAsLongVarchar=0")
    cur = conn.cursor()
    cur.execute("SELECT score_summary(answer) FROM responses")
    check(tag + " without UnknownsAsLongVarchar a summary column is declared VARCHAR(255)",
          cur.description[0][3] == 255, repr(cur.description[0]))
    conn.close()
    if ansi:
        conn = pyodbc.connect("DSN=%s" % dsn, autocommit=True)
        try:
            conn.cursor().execute("SELECT 'x'::text").fetchone()
            check(tag + " without setdecoding/setencoding pyodbc cannot read strings (07006)", False)
        except pyodbc.Error as e:
            check(tag + " without setdecoding/setencoding pyodbc cannot read strings (07006)",
                  "07006" in str(e), e)
        conn.close()

    # cursor-based fetch for big extracts
    conn = connect(dsn, ansi, ";UseDeclareFetch=1;Fetch=100")
    cur = conn.cursor()
    cur.execute("SELECT response_id, nps(answer) OVER (ORDER BY response_id ROWS 99 PRECEDING) FROM responses")
    rows = cur.fetchall()
    check(tag + " UseDeclareFetch=1, Fetch=100: all %d rows of a window query arrive" % len(rows),
          len(rows) == 4000 and all(type(r[1]) is float or r[1] is None for r in rows))
    conn.close()


def doc_example(tmp):
    """The ```python odbc block of docs/clients.md runs with the DSNs above."""
    code = doc_block("python odbc")
    proc = subprocess.run(["/usr/bin/python3", "-c", code], capture_output=True, text=True, cwd=ROOT)
    lines = proc.stdout.splitlines()
    check("ODBC: the python example of docs/clients.md runs (%d lines: %s)"
          % (len(lines), lines[-1] if lines else ""),
          proc.returncode == 0 and len(lines) == 6 and lines[-1] == "50.0", proc.stdout + proc.stderr)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        dsns = write_config(tmp)
        drivers = {dsns[s]["Driver"]: s for s in dsns.sections()}
        check("ODBC: docs/clients.md defines a DSN for each driver",
              set(drivers) == {"PostgreSQL Unicode", "PostgreSQL ANSI"}, repr(drivers))
        for driver, dsn in sorted(drivers.items(), reverse=True):
            try:
                checks(dsn, driver, ansi="ANSI" in driver)
            except pyodbc.Error as e:
                check("ODBC %s: no driver error" % driver, False, e)
        doc_example(tmp)
    print("odbc: %d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
