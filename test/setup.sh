#!/bin/bash
# Shared by test/quickstart.sh and test/run-tests.sh: installs what is missing
# (Debian packages), then builds and installs cx_metrics.  Run as root on
# Debian 12, or as a user with sudo.
set -euo pipefail

CX_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export CX_ROOT

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# install_packages PKG...: apt-get install the ones not installed yet.
install_packages() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "==> installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# PostgreSQL 15 server and headers, and the compiler PGXS calls.
BUILD_PACKAGES=(postgresql-15 postgresql-server-dev-15 make gcc libc6-dev)
# The notebook chart of the quick start (Debian's interpreter: /usr/bin/python3).
NOTEBOOK_PACKAGES=(python3 python3-psycopg2 python3-pandas python3-matplotlib)
# The client tests: the notebook path, the Jupyter notebook run headless (nbclient and
# the python3 kernel), JDBC (pgjdbc and a JDK), ODBC (psqlODBC through unixODBC, from
# Python) and R (DBI, RPostgreSQL, ggplot2).
CLIENT_PACKAGES=("${NOTEBOOK_PACKAGES[@]}" python3-nbclient python3-nbformat python3-ipykernel
    libpostgresql-jdbc-java default-jdk-headless
    odbc-postgresql unixodbc python3-pyodbc
    r-base-core r-cran-dbi r-cran-rpostgresql r-cran-ggplot2)
# The independent reference computations the tests compare against (the README's
# values, the notebook's driver figures): numpy, scipy and statsmodels.
REFERENCE_PACKAGES=(python3-numpy python3-scipy python3-statsmodels)
# The pg_cron recipe, and the release archive (make dist: git archive, unzip).
CRON_PACKAGES=(postgresql-15-cron)
RELEASE_PACKAGES=(git unzip)
# The libFuzzer targets (clang's runtime libraries are only a recommended package).
FUZZ_PACKAGES=(clang libclang-rt-14-dev)
# The other PostgreSQL majors and the by-hand install, each tested in a Debian
# chroot (test/versions/, test/install_by_hand/).
CHROOT_PACKAGES=(debootstrap)

# build_and_install [make arguments...]
build_and_install() {
    echo "==> building cx_metrics"
    make -C "$CX_ROOT" -s clean
    make -C "$CX_ROOT" -s "$@"
    echo "==> installing into $(pg_config --pkglibdir)"
    as_root make -C "$CX_ROOT" -s install >/dev/null
}
