#!/bin/bash
# The README's "Installing by hand" commands, run as written on a fresh Debian
# 12: a copy of a debootstrap --variant=minbase bookworm chroot (the pristine
# chroot is cached in /var/cache/cx_metrics/chroots/bookworm; the copy is
# thrown away), the repository's tracked files in /root/cx_metrics, no locale,
# no service started by package installation (as in a container).  The first
# ```sh block under "### Installing by hand" runs there as root, line by line,
# stopping at the first line that fails.
#   bash test/install_by_hand/run.sh
# Ends with "N passed, M failed, K skipped" (SKIPPED when the mirror cannot
# provide Debian 12); exits non-zero on a failure.  Needs root and debootstrap.
set -uo pipefail

CX_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export CX_ROOT
source "$CX_ROOT/test/versions/chroot.sh"

[ "$(id -u)" -eq 0 ] || { echo "test/install_by_hand/run.sh: run as root (debootstrap, chroot, mount)" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "test/install_by_hand/run.sh: apt-get install debootstrap" >&2; exit 2; }

SUITE=bookworm
LOG=${CX_INSTALL_LOG:-/tmp/cx_install_by_hand.log}
WORK=""
cleanup() {
    local rc=$?
    [ -n "$WORK" ] && [ -d "$WORK/root" ] && chroot_run "$WORK/root" service postgresql stop >/dev/null 2>&1
    chroot_cleanup
    [ -n "$WORK" ] && rm -rf --one-file-system "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'echo "interrupted: stopping and unmounting" >&2; exit 130' INT
trap 'echo "terminated: stopping and unmounting" >&2; exit 143' TERM

# The commands: the first ```sh block after the heading.
commands=$(awk '/^### Installing by hand/ { h = 1; next }
    h && /^#/ { exit }
    h && !b && /^```sh/ { b = 1; next }
    b && /^```/ { exit }
    b { print }' "$CX_ROOT/README.md")
[ -n "$commands" ] || { echo "no \`\`\`sh block under '### Installing by hand' in README.md" >&2; exit 2; }

t0=$(date +%s)
chroot_bootstrap "$SUITE" || {
    echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
    echo "!!! SKIPPED install by hand: debootstrap of $SUITE from $(chroot_mirror) failed"
    echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
    echo "0 passed, 0 failed, 1 skipped"; exit 0; }
pristine=$CX_CHROOT
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cx_install_by_hand.XXXXXX")
cp -a "$pristine" "$WORK/root"
root=$WORK/root
chroot_mount "$root"
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null
chroot_apt_config "$root"
# Debian 12's usual sources: the release, its updates and security updates
mirror=$(chroot_mirror)
cat > "$root/etc/apt/sources.list" <<EOF
deb $mirror $SUITE main
deb $mirror $SUITE-updates main
deb ${mirror%/debian}/debian-security $SUITE-security main
EOF
chroot_copy_sources "$root" /root/cx_metrics
printf '%s\n' "$commands" > "$root/root/install_by_hand.sh"

echo "==> README \"Installing by hand\", as root in a fresh Debian 12 chroot (log: $LOG)"
printf '%s\n' "$commands" | sed 's/^/    /'
rc=0
chroot_run "$root" bash -c 'cd /root/cx_metrics && bash -e -x /root/install_by_hand.sh' </dev/null >"$LOG" 2>&1 || rc=$?
secs=$(( $(date +%s) - t0 ))
if [ "$rc" -eq 0 ]; then
    # the last command's output: the query on the sample data
    tail -12 "$LOG"
    echo "PASS  install by hand (${secs} s)"
    echo "1 passed, 0 failed, 0 skipped"
else
    tail -30 "$LOG"
    echo "FAIL  install by hand: a line of the README failed (${secs} s; log: $LOG)"
    echo "0 passed, 1 failed, 0 skipped"
    exit 1
fi
