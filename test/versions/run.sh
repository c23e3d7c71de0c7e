#!/bin/bash
# Build and test cx_metrics on other PostgreSQL majors, each in a Debian chroot:
#   bash test/versions/run.sh trixie sid        # PostgreSQL 17 and 18
#   bash test/versions/run.sh bookworm:15 sid:18 # SUITE[:MAJOR]
# Per suite: debootstrap --variant=minbase from the mirror apt uses here
# (cached in /var/cache/cx_metrics/chroots/SUITE), apt-get install the server,
# its headers, make, gcc, check and pkg-config there, copy the repository's
# tracked files in, then, as an unprivileged user and with no locale set:
# make WERROR=1, the unit tests (ASan+UBSan), make install (as root, in the
# chroot) and the whole pg_regress suite (make installcheck with PG_CONFIG
# pointing at that major) in a pg_virtualenv cluster.
# A suite whose packages the mirror cannot provide is SKIPPED (said loudly);
# a build or test failure is a FAIL.  Every mount is undone on exit.
# Ends with "N passed, M failed, K skipped"; exits non-zero when one failed.
# Needs root and debootstrap (test/setup.sh installs it).
set -uo pipefail

CX_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export CX_ROOT
source "$CX_ROOT/test/versions/chroot.sh"

[ "$(id -u)" -eq 0 ] || { echo "test/versions/run.sh: run as root (debootstrap, chroot, mount)" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "test/versions/run.sh: apt-get install debootstrap" >&2; exit 2; }
[ $# -gt 0 ] || set -- trixie sid

# The PostgreSQL major each suite ships.
default_major() {
    case $1 in
        bookworm) echo 15 ;;
        trixie) echo 17 ;;
        sid|unstable) echo 18 ;;
        *) echo "" ;;
    esac
}

trap 'chroot_cleanup' EXIT
trap 'echo "interrupted: unmounting" >&2; exit 130' INT
trap 'echo "terminated: unmounting" >&2; exit 143' TERM

LOGDIR=${CX_VERSIONS_LOGDIR:-/tmp/cx_versions}
mkdir -p "$LOGDIR"
passed=0 failed=0 skipped=0
results=()

skip() {   # loud: a skipped version is a version not tested
    echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
    echo "!!! SKIPPED PostgreSQL $2 ($1): $3"
    echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
    skipped=$((skipped + 1))
    results+=("SKIPPED  PostgreSQL $2 ($1): $3")
}

# What runs inside the chroot as the user cxtest, in the copied sources.
# PG_CONFIG picks the major; the cluster is UTF-8 whatever the locale.
inner_tests() {
    cat <<'EOF'
set -euo pipefail
cd ~/cx_metrics
export PG_CONFIG=/usr/lib/postgresql/$1/bin/pg_config
echo "--> build: make WERROR=1 ($($PG_CONFIG --version))"
make -s clean    # a source tree without git history brings the host's build along
make -s WERROR=1
echo "--> unit tests (ASan+UBSan)"
make -s -C test/unit check
EOF
}

inner_regress() {
    cat <<'EOF'
set -uo pipefail
cd ~/cx_metrics
export PG_CONFIG=/usr/lib/postgresql/$1/bin/pg_config
echo "--> pg_regress: make installcheck"
if ! bash test/pg_virtualenv.sh -v "$1" make -s installcheck; then
    [ -f regression.diffs ] && head -c 20000 regression.diffs
    exit 1
fi
EOF
}

run_one() {
    local suite=${1%%:*} major root log t0 rc pkgs
    major=$(default_major "$suite")
    [[ $1 == *:* ]] && major=${1#*:}
    if [ -z "$major" ]; then
        echo "unknown suite $suite: name its PostgreSQL major as $suite:NN" >&2
        failed=$((failed + 1)); results+=("FAIL     $1: unknown suite"); return
    fi
    log=$LOGDIR/$suite-$major.log
    t0=$(date +%s)
    echo
    echo "==> PostgreSQL $major on Debian $suite (log: $log)"
    chroot_bootstrap "$suite" || {
        skip "$suite" "$major" "debootstrap of $suite from $(chroot_mirror) failed"; return; }
    root=$CX_CHROOT
    chroot_mount "$root"
    # no service starts in the chroot, and no cluster is made at install time
    printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
    chmod 755 "$root/usr/sbin/policy-rc.d"
    mkdir -p "$root/etc/postgresql-common/createcluster.d"
    echo "create_main_cluster = false" > "$root/etc/postgresql-common/createcluster.d/cx_no_main.conf"
    cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null
    chroot_apt_config "$root"
    pkgs="postgresql-$major postgresql-server-dev-$major postgresql-common make gcc libc6-dev check pkg-config"
    echo "--> apt-get update; apt-get install $pkgs"
    if ! chroot_run "$root" sh -c "apt-get update -qq && apt-get install -y -qq --no-install-recommends $pkgs" \
            >"$log" 2>&1; then
        tail -5 "$log"
        skip "$suite" "$major" "the mirror $(chroot_mirror) could not provide $pkgs (see $log)"
        chroot_cleanup
        return
    fi
    chroot_run "$root" sh -c 'id cxtest >/dev/null 2>&1 || useradd -m -s /bin/bash cxtest'
    chroot_copy_sources "$root" /home/cxtest/cx_metrics
    chroot_run "$root" chown -R cxtest: /home/cxtest/cx_metrics
    # a previous run's install must not hide a file this one lacks
    chroot_run "$root" sh -c "rm -f /usr/share/postgresql/$major/extension/cx_metrics* /usr/lib/postgresql/$major/lib/cx_metrics.so"
    rc=0
    { chroot_run "$root" runuser -u cxtest -- env HOME=/home/cxtest bash -c "$(inner_tests)" bash "$major" &&
      echo "--> make install (root, in the chroot)" &&
      chroot_run "$root" make -s -C /home/cxtest/cx_metrics install PG_CONFIG="/usr/lib/postgresql/$major/bin/pg_config" &&
      chroot_run "$root" runuser -u cxtest -- env HOME=/home/cxtest bash -c "$(inner_regress)" bash "$major"
    } >>"$log" 2>&1 || rc=$?
    chroot_cleanup
    local secs=$(( $(date +%s) - t0 ))
    if [ "$rc" -eq 0 ]; then
        grep -E '^(# )?All [0-9]+ tests passed|^# All|tests passed|^100%' "$log" | tail -2
        passed=$((passed + 1)); results+=("PASS     PostgreSQL $major ($suite), ${secs} s")
    else
        tail -40 "$log"
        failed=$((failed + 1)); results+=("FAIL     PostgreSQL $major ($suite), ${secs} s (log: $log)")
    fi
}

for s in "$@"; do
    run_one "$s"
done

echo
printf '%s\n' "${results[@]}"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
