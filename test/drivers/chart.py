#!/usr/bin/python3
"""Redraws docs/drivers_importance_performance.png, the chart docs/drivers.md
and README.md show: importance (share of R^2) against performance (mean
rating) of the sample data's attributes.  The drawing code is the notebook's
(examples/cx_charts.py, plot_drivers), so the image is what the notebook
draws; test/clients/ fails when it is stale.

Needs the sample data and the extension in the database of the PG*
environment, and Debian's python3-psycopg2, python3-pandas and
python3-matplotlib.

Usage: /usr/bin/python3 test/drivers/chart.py
"""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "examples"))
import cx_charts  # noqa: E402

cx_charts.main(["--drivers-out",
                str(ROOT / "docs" / "drivers_importance_performance.png")])
