#!/bin/bash
# Shared by test/versions/run.sh and test/install_by_hand/run.sh (sourced):
# Debian chroots made with debootstrap --variant=minbase, cached under
# /var/cache/cx_metrics/chroots/SUITE, with the mounts they need recorded so
# that chroot_cleanup (run it from an EXIT trap) unmounts every one of them.
# Needs root and debootstrap.

CX_CHROOT_CACHE=${CX_CHROOT_CACHE:-/var/cache/cx_metrics/chroots}

# The Debian mirror apt already uses on this machine (the archive of the
# running suite, not the security one); deb.debian.org when none is found.
chroot_mirror() {
    local f uri
    if [ -n "${CX_DEBIAN_MIRROR:-}" ]; then echo "$CX_DEBIAN_MIRROR"; return; fi
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        # deb822 stanzas: print the URIs of those whose Suites are not -security
        uri=$(awk 'BEGIN { RS = ""; FS = "\n" }
            { u = ""; s = ""; t = 0
              for (i = 1; i <= NF; i++) {
                  if ($i ~ /^URIs:/) { u = $i; sub(/^URIs:[ \t]*/, "", u); sub(/[ \t].*/, "", u) }
                  if ($i ~ /^Suites:/) s = $i
                  if ($i ~ /^Types:.*deb([ \t]|$)/) t = 1 }
              if (t && u ~ /debian\/?$/ && s !~ /security/ && u !~ /security/) { print u; exit } }' "$f")
        [ -n "$uri" ] && { echo "${uri%/}"; return; }
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        uri=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/) { u = $i; break }
                   if (u ~ /debian\/?$/ && u !~ /security/) { print u; exit } }' "$f")
        [ -n "$uri" ] && { echo "${uri%/}"; return; }
    done
    echo "http://deb.debian.org/debian"
}

# chroot_bootstrap SUITE: sets CX_CHROOT to the cached chroot's directory;
# builds it first when it is not cached (in SUITE.partial, renamed when
# complete).  Returns 2 when debootstrap fails (the mirror cannot provide the
# suite).  Not in a $(...) subshell: the EXIT trap must know its mounts.
chroot_bootstrap() {
    local suite=$1 dir=$CX_CHROOT_CACHE/$1 mirror
    CX_CHROOT=$dir
    if [ -x "$dir/bin/bash" ] && [ -f "$dir/.cx_complete" ]; then
        return 0
    fi
    mirror=$(chroot_mirror)
    mkdir -p "$CX_CHROOT_CACHE"
    chroot_umount_under "$dir.partial"
    rm -rf --one-file-system "$dir.partial"
    echo "==> debootstrap --variant=minbase $suite from $mirror (once; cached in $dir)" >&2
    CX_MOUNT_ROOTS+=("$dir.partial")   # debootstrap mounts /proc and /sys there
    if ! debootstrap --variant=minbase "$suite" "$dir.partial" "$mirror" \
            >"$CX_CHROOT_CACHE/$suite.debootstrap.log" 2>&1; then
        tail -5 "$CX_CHROOT_CACHE/$suite.debootstrap.log" >&2
        chroot_umount_under "$dir.partial"
        return 2
    fi
    chroot_umount_under "$dir.partial"
    touch "$dir.partial/.cx_complete"
    rm -rf --one-file-system "$dir"
    mv "$dir.partial" "$dir"
}

# Directories whose mounts chroot_cleanup removes.
CX_MOUNT_ROOTS=()

# chroot_mount DIR: /proc and a private /dev/shm (PostgreSQL's shared memory).
chroot_mount() {
    local root=$1
    CX_MOUNT_ROOTS+=("$root")
    mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
    mkdir -p "$root/dev/shm"
    mountpoint -q "$root/dev/shm" || mount -t tmpfs -o mode=1777,size=512m shm "$root/dev/shm"
}

# Unmount everything mounted at or below DIR, deepest first.
chroot_umount_under() {
    local root=$1 m
    [ -n "$root" ] || return 0
    root=$(readlink -m "$root")
    # /proc/self/mounts escapes blanks as \040; cached paths have none
    awk -v r="$root" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/self/mounts | sort -r |
        while read -r m; do
            umount "$m" 2>/dev/null || umount -l "$m" || echo "could not unmount $m" >&2
        done
}

# Stop what still runs inside DIR (a server left by a failed test), by pid.
chroot_kill_inside() {
    local root pid
    root=$(readlink -m "$1")
    for pid in $(ls /proc | grep -E '^[0-9]+$'); do
        [ "$(readlink "/proc/$pid/root" 2>/dev/null)" = "$root" ] && kill -KILL "$pid" 2>/dev/null
    done
    return 0
}

chroot_cleanup() {
    local r
    for r in "${CX_MOUNT_ROOTS[@]}"; do
        chroot_kill_inside "$r"
        chroot_umount_under "$r"
    done
    CX_MOUNT_ROOTS=()
}

# chroot_apt_config DIR: apt in the chroot reads the mirror as apt does here.
# A mirror that is a dated snapshot serves Release files past their
# Valid-Until; where this machine's apt is told to accept them, so is the
# chroot's (otherwise apt-get update refuses them and the suite is SKIPPED).
chroot_apt_config() {
    local root=$1 conf=$1/etc/apt/apt.conf.d/99cx-mirror
    rm -f "$conf"
    if apt-config dump Acquire::Check-Valid-Until 2>/dev/null | grep -qi '"false"'; then
        echo 'Acquire::Check-Valid-Until "false";' > "$conf"
    fi
    return 0
}

# chroot_run DIR COMMAND...: as root in the chroot, with a fresh root login's
# environment (no LANG: the tests must not depend on a locale).
chroot_run() {
    local root=$1
    shift
    chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        DEBIAN_FRONTEND=noninteractive "$@"
}

# chroot_copy_sources DIR DEST: the repository's tracked files (as they are in
# the working tree) into DEST inside the chroot.
chroot_copy_sources() {
    local root=$1 dest=$2
    rm -rf --one-file-system "${root:?}$dest"
    mkdir -p "$root$dest"
    if git -C "$CX_ROOT" rev-parse --show-toplevel >/dev/null 2>&1; then
        (cd "$CX_ROOT" && git ls-files -z | xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
            tar --null -T - -cf -) | tar -xf - -C "$root$dest"
    else
        (cd "$CX_ROOT" && tar --exclude=./.git --exclude='*.o' --exclude='*.so' --exclude='*.bc' \
            --exclude=./results --exclude=./test/out -cf - .) | tar -xf - -C "$root$dest"
    fi
}
