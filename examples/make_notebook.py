#!/usr/bin/python3
"""Writes examples/nps_report.ipynb from the cells below (the notebook is
kept as a generated file so that its code stays reviewable as plain text).

    /usr/bin/python3 examples/make_notebook.py            # cells only
    /usr/bin/python3 examples/make_notebook.py --execute  # and run it (PG* set)
"""
import os
import sys

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = os.path.dirname(os.path.abspath(__file__))

CELLS = [
    ("md", """# Customer-experience metrics with cx_metrics

NPS, CSAT and CES per channel with their 95 % intervals, and NPS per month as a chart,
from the sample survey data of cx_metrics (`test/data/sample.sql`: 4,000 answers over five
channels in 2025).

The notebook connects with the libpq environment variables (`PGHOST`, `PGPORT`,
`PGDATABASE`, `PGUSER`, `PGPASSWORD`), as `psql` does. The database needs the extension
(`CREATE EXTENSION cx_metrics`); the sample data is loaded with `psql` if the table
`responses` is missing. On Debian, run it with the system's Python (`/usr/bin/python3`,
packages `python3-psycopg2 python3-pandas python3-matplotlib`)."""),
    ("code", """import os, subprocess
import pandas as pd
import psycopg2
import cx_charts                      # the query and the chart, next to this notebook

pd.set_option("display.width", 200)
pd.set_option("display.max_columns", 20)

conn = psycopg2.connect("")           # "" = the libpq environment
conn.autocommit = True
with conn.cursor() as cur:
    cur.execute("SELECT to_regclass('responses') IS NOT NULL")
    if not cur.fetchone()[0]:
        sample = os.path.join("..", "test", "data", "sample.sql")
        subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", sample], check=True,
                       stdout=subprocess.DEVNULL)
    cur.execute("SELECT extversion FROM pg_extension WHERE extname = 'cx_metrics'")
    print("cx_metrics", cur.fetchone()[0])"""),
    ("md", """## Metrics per channel, with 95 % intervals

One row per channel, in the report's order. Each metric comes with the number of answers it
rests on and its interval: NPS in points (−100 to 100) with the adjusted-Wald interval, CSAT
in percent (ratings 4–5 of 5) with the Wilson interval, CES as the mean on 1..7 (higher =
easier) with a normal interval. A `score_summary` per channel is built once and every number
is read from it."""),
    ("code", """METRICS_SQL = \"\"\"
WITH per_channel AS (
    SELECT channel, score_summary(answer) AS a, score_summary(rating) AS r, score_summary(effort) AS e
    FROM responses GROUP BY channel)
SELECT channel,
       responses(a) AS answers, nps(a) AS nps, nps_low(a) AS nps_low, nps_high(a) AS nps_high,
       responses(r) AS ratings, csat(r) AS csat, csat_low(r) AS csat_low, csat_high(r) AS csat_high,
       responses(e) AS efforts, ces(e) AS ces, mean_low(e) AS ces_low, mean_high(e) AS ces_high
FROM per_channel
\"\"\"
with conn.cursor() as cur:
    cur.execute(METRICS_SQL)
    metrics = pd.DataFrame(cur.fetchall(), columns=[c.name for c in cur.description])
order = cx_charts.channel_order(metrics["channel"])
metrics = metrics.set_index("channel").loc[order].reset_index().astype(
    {c: "float64" for c in ["nps", "nps_low", "nps_high", "csat", "csat_low", "csat_high",
                            "ces", "ces_low", "ces_high"]})
metrics.round(2)"""),
    ("md", """## NPS per month

`cx_charts.monthly_nps` reads one row per channel and month: the number of answers, NPS with
its interval, and the shares of detractors (0–6), passives (7–8) and promoters (9–10). The
last month:"""),
    ("code", """monthly = cx_charts.monthly_nps(conn)
monthly[monthly["month"] == monthly["month"].max()].round(1)"""),
    ("md", """One panel per channel, all on the same scale. Top: NPS per month (line) and its 95 %
interval (band); a narrow band rests on many answers, a wide one on few. Bottom: the shares of
detractors, passives and promoters in each month. The chart is also saved as
`nps_by_month.png` (or where `CX_CHART_PNG` says)."""),
    ("code", """fig = cx_charts.plot(monthly)
cx_charts.save(fig, os.environ.get("CX_CHART_PNG", "nps_by_month.png"), close=False)"""),
]


def build():
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    for kind, source in CELLS:
        nb.cells.append(new_markdown_cell(source) if kind == "md" else new_code_cell(source))
    return nb


def main():
    nb = build()
    path = os.path.join(HERE, "nps_report.ipynb")
    if "--execute" in sys.argv:
        from nbclient import NotebookClient
        NotebookClient(nb, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": HERE}}).execute()
    nbformat.write(nb, path)
    print("wrote", path)


if __name__ == "__main__":
    main()
