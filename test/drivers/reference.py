#!/usr/bin/python3
"""Independent reference values for key-driver analysis (driver_summary).

Writes sql/include/driver_reference.sql: the data sets (rows of an outcome and
an attribute array) and, per set, every accessor's expected value, which
sql/driver_summary.sql compares with the extension (to 1e-9).

Written from the definitions (metrics.md section 8, Johnson 2000), never from
the C sources, with other routes than the extension's:
  * means and Pearson correlations: numpy.mean, numpy.corrcoef (two-pass);
  * R^2 and standardized betas: statsmodels OLS with an intercept on the raw
    data (betas rescaled by sd_x / sd_y); where the attributes are collinear
    or n <= k, numpy.linalg.lstsq on the standardized data (minimum norm);
  * relative weights: LAPACK's symmetric eigensolver (numpy.linalg.eigh) on
    numpy's correlation matrix, Johnson's formulas; eigenvalues at most
    1e-10 of the largest count as zero.
Defined degenerate results (the contract): an attribute without variance has
a NULL correlation, beta 0 and weight 0, the rest as if it were absent; a
constant outcome or fewer than 2 rows: every regression figure NULL.

The published example is mtcars (R's datasets package, Henderson and Velleman
1981): mpg on cyl, disp, hp, wt, as in the rwa R package's article
"regression methods" (https://martinctc.github.io/rwa/articles/regression-methods.html),
which prints the raw relative weights 0.2096904, 0.1883043, 0.1799590,
0.2706812 and rescaled weights 24.70914, 22.18908, 21.20570, 31.89607.  This
script checks that it reproduces them, and the SQL test compares the
extension with both this script and the published figures.

Run:  /usr/bin/python3 test/drivers/reference.py
"""

import os

import numpy as np
import statsmodels
import statsmodels.api as sm

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUTPUT = os.path.join(ROOT, 'sql', 'include', 'driver_reference.sql')
RANK_TOL = 1e-10

# mtcars: mpg, cyl, disp, hp, wt (32 cars)
MTCARS = [
    (21, 6, 160, 110, 2.62), (21, 6, 160, 110, 2.875), (22.8, 4, 108, 93, 2.32),
    (21.4, 6, 258, 110, 3.215), (18.7, 8, 360, 175, 3.44), (18.1, 6, 225, 105, 3.46),
    (14.3, 8, 360, 245, 3.57), (24.4, 4, 146.7, 62, 3.19), (22.8, 4, 140.8, 95, 3.15),
    (19.2, 6, 167.6, 123, 3.44), (17.8, 6, 167.6, 123, 3.44), (16.4, 8, 275.8, 180, 4.07),
    (17.3, 8, 275.8, 180, 3.73), (15.2, 8, 275.8, 180, 3.78), (10.4, 8, 472, 205, 5.25),
    (10.4, 8, 460, 215, 5.424), (14.7, 8, 440, 230, 5.345), (32.4, 4, 78.7, 66, 2.2),
    (30.4, 4, 75.7, 52, 1.615), (33.9, 4, 71.1, 65, 1.835), (21.5, 4, 120.1, 97, 2.465),
    (15.5, 8, 318, 150, 3.52), (15.2, 8, 304, 150, 3.435), (13.3, 8, 350, 245, 3.84),
    (19.2, 8, 400, 175, 3.845), (27.3, 4, 79, 66, 1.935), (26, 4, 120.3, 91, 2.14),
    (30.4, 4, 95.1, 113, 1.513), (15.8, 8, 351, 264, 3.17), (19.7, 6, 145, 175, 2.77),
    (15, 8, 301, 335, 3.57), (21.4, 4, 121, 109, 2.78),
]
MTCARS_PUBLISHED_RAW = [0.2096904, 0.1883043, 0.1799590, 0.2706812]
MTCARS_PUBLISHED_PCT = [24.70914, 22.18908, 21.20570, 31.89607]


def survey(rng, n, k, drivers):
    """1..10 ratings: attributes share a halo; the outcome follows `drivers`."""
    halo = rng.normal(0, 1, n)
    x = np.clip(np.rint(6 + 1.5 * halo[:, None] * rng.uniform(0.3, 1, k)
                        + rng.normal(0, 1.5, (n, k))), 1, 10)
    y = np.clip(np.rint(x @ np.asarray(drivers) + rng.normal(0, 1.2, n)), 0, 10)
    return y, x


def continuous(rng, n, k):
    x = np.round(rng.normal(0, 1, (n, k)) @ rng.normal(0, 1, (k, k)), 4)
    y = np.round(x @ rng.normal(0, 1, k) + rng.normal(0, 2, n), 4)
    return y, x


def data_sets():
    rng = np.random.RandomState(20240514)
    sets = []
    mt = np.array(MTCARS, dtype=float)
    sets.append(('mtcars', mt[:, 0], mt[:, 1:]))
    y, x = survey(rng, 10, 1, [0.8])
    sets.append(('survey_n10_k1', y, x))
    y, x = survey(rng, 60, 3, [0.5, 0.2, 0.1])
    sets.append(('survey_n60_k3', y, x))
    y, x = survey(rng, 400, 5, [0.45, 0.1, 0.2, 0.05, 0.0])
    sets.append(('survey_n400_k5', y, x))
    y, x = survey(rng, 2000, 8, [0.3, 0.1, 0.1, 0.05, 0.05, 0.2, 0.0, 0.0])
    sets.append(('survey_n2000_k8', y, x))
    y, x = continuous(rng, 150, 12)
    sets.append(('continuous_n150_k12', y, x))
    y, x = continuous(rng, 40, 2)
    sets.append(('continuous_n40_k2', y, x))
    # n <= k: more attributes than the rows can separate
    y, x = continuous(rng, 4, 6)
    sets.append(('few_rows_n4_k6', y, x))
    # an attribute without variance (the second)
    y, x = survey(rng, 80, 4, [0.3, 0.2, 0.4, 0.1])
    x[:, 1] = 7
    sets.append(('constant_attribute', y, x))
    # identical attributes (first and third) and a collinear one (4th = 1st + 2nd)
    y, x = survey(rng, 120, 4, [0.3, 0.2, 0.0, 0.1])
    x[:, 2] = x[:, 0]
    x[:, 3] = x[:, 0] + x[:, 1]
    sets.append(('collinear', y, x))
    y, x = survey(rng, 50, 2, [0.5, 0.5])
    x[:, 1] = x[:, 0]
    sets.append(('identical_pair', y, x))
    # a constant outcome, one row, two rows
    y, x = survey(rng, 30, 3, [0.3, 0.3, 0.3])
    y[:] = 9
    sets.append(('constant_outcome', y, x))
    y, x = survey(rng, 1, 3, [0.3, 0.3, 0.3])
    sets.append(('one_row', y, x))
    y, x = survey(rng, 2, 2, [0.3, 0.3])
    x[1] = x[0] + [1, 2]
    y[1] = y[0] + 1
    sets.append(('two_rows', y, x))
    return sets


def relative_weights(rxx, rxy):
    w, v = np.linalg.eigh(rxx)
    keep = w > RANK_TOL * w.max()
    half = (v[:, keep] * np.sqrt(w[keep])) @ v[:, keep].T
    half_inv = (v[:, keep] / np.sqrt(w[keep])) @ v[:, keep].T
    bstar = half_inv @ rxy
    return (half ** 2) @ (bstar ** 2)


def analyze(y, x):
    n, k = x.shape
    out = {'n': n, 'outcome_mean': float(np.mean(y)) if n else None,
           'means': [float(v) for v in x.mean(axis=0)] if n else None,
           'corr': None, 'r2': None, 'betas': None, 'weights': None}
    if n < 2 or np.var(y) == 0:
        return out
    varying = [j for j in range(k) if np.var(x[:, j]) > 0]
    corr = np.corrcoef(np.column_stack([y, x[:, varying]]), rowvar=False)
    rxy = corr[0, 1:]
    rxx = corr[1:, 1:]
    full = dict(zip(varying, rxy))
    out['corr'] = [float(full[j]) if j in full else None for j in range(k)]
    betas = np.zeros(k)
    weights = np.zeros(k)
    if varying:
        xs = x[:, varying]
        ev = np.linalg.eigvalsh(rxx)
        full_rank = ev.min() > RANK_TOL * ev.max() and n > len(varying)
        if full_rank:
            fit = sm.OLS(y, sm.add_constant(xs, has_constant='add')).fit()
            r2 = float(fit.rsquared)
            b = fit.params[1:] * xs.std(axis=0, ddof=1) / y.std(ddof=1)
        else:
            zs = (xs - xs.mean(axis=0)) / xs.std(axis=0, ddof=1)
            zy = (y - y.mean()) / y.std(ddof=1)
            b = np.linalg.lstsq(zs, zy, rcond=None)[0]
            r2 = float(rxy @ b)
        betas[varying] = b
        weights[varying] = relative_weights(rxx, rxy)
        assert abs(weights.sum() - r2) < 1e-9, (weights.sum(), r2)
    else:
        r2 = 0.0
    out['r2'] = r2
    out['betas'] = [float(v) for v in betas]
    out['weights'] = [float(v) for v in weights]
    return out


def sql_number(v):
    return 'NULL' if v is None else repr(float(v))


def sql_array(values):
    if values is None:
        return 'NULL'
    return "'{%s}'::float8[]" % ','.join('NULL' if v is None else repr(float(v)) for v in values)


def main():
    sets = data_sets()
    lines = [
        '-- Generated by test/drivers/reference.py with numpy %s, statsmodels %s.'
        % (np.__version__, statsmodels.__version__),
        '-- Do not edit by hand: change the script and run',
        '--   /usr/bin/python3 test/drivers/reference.py',
        '',
        'CREATE TABLE driver_data (set_name text, row_id int, y float8, x float8[]);',
    ]
    expected = []
    for name, y, x in sets:
        rows = ["('%s', %d, %s, %s)" % (name, i, repr(float(y[i])),
                                        "'{%s}'" % ','.join(repr(float(v)) for v in x[i]))
                for i in range(len(y))]
        for start in range(0, len(rows), 500):
            lines.append('INSERT INTO driver_data VALUES\n    ' +
                         ',\n    '.join(rows[start:start + 500]) + ';')
        r = analyze(np.asarray(y, dtype=float), np.asarray(x, dtype=float))
        expected.append("('%s', %d, %d, %s, %s, %s, %s, %s, %s)" % (
            name, x.shape[1], r['n'], sql_number(r['outcome_mean']), sql_array(r['means']),
            sql_array(r['corr']), sql_number(r['r2']), sql_array(r['betas']),
            sql_array(r['weights'])))
        if name == 'mtcars':
            for got, published in zip(r['weights'], MTCARS_PUBLISHED_RAW):
                assert round(got, 7) == published, (got, published)
            for got, published in zip(r['weights'], MTCARS_PUBLISHED_PCT):
                assert round(100 * got / r['r2'], 5) == published, (got, published)
    lines.append('CREATE TABLE driver_expected (set_name text, k int, n int8, outcome_mean float8, '
                 'means float8[], correlations float8[], r2 float8, betas float8[], '
                 'weights float8[]);')
    lines.append('INSERT INTO driver_expected VALUES\n    ' + ',\n    '.join(expected) + ';')
    lines.append('ANALYZE driver_data;')
    with open(OUTPUT, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    print('wrote %s: %d data sets, %d rows' % (OUTPUT, len(sets), sum(len(s[1]) for s in sets)))


if __name__ == '__main__':
    main()
