#!/usr/bin/env bash
# mdctl called as `mdadm` (a symlink of that name) speaks mdadm's dialect,
# checked against mdadm 4.6: the version line libblockdev's plugin matches,
# the "mdadm:" prefix, bare array names (NAME is /dev/md/NAME), the map at
# /run/mdadm/map in mdadm's format so incremental assembly begun by one tool
# is finished by the other (both ways), and the default config files
# /etc/mdadm/mdadm.conf, /etc/mdadm.conf and their .d directories (in a mount
# namespace with a tmpfs /etc). Called as mdctl, its own name and paths.
. tests/vm/lib.sh
P=$T/persona; mkdir -p "$P"
ln -sf "$MDCTL" "$P/mdadm"
MDA=$P/mdadm

# ---- version line and prefix ----
err=$("$MDA" --version 2>&1 >/dev/null) || fail "mdadm --version exited $?"
[[ $err =~ ^mdadm\ -\ v([0-9.]+)\ -\ mdctl\ [0-9.]+$ ]] || fail "version line '$err'"
assert_eq 4.6 "${BASH_REMATCH[1]}" "version libblockdev compares"
assert_contains "$("$MDCTL" --version 2>&1)" "mdctl - v" "mdctl --version"
expect_fail "mdadm: " "$MDA" --examine /nonexistent
[[ $OUT == mdadm:* ]] || fail "message prefix: $OUT"
expect_fail "mdctl: " "$MDCTL" --examine /nonexistent
ok "version line and message prefix per name"

# ---- bare array names, as mdadm 4.6 takes them ----
a=$(mkloop 32) b=$(mkloop 32)
host=$(uname -n)
for name in bd_test_md md5 7; do
    for tool in "$MDADM46" "$MDA"; do
        run "$tool" --create "$name" --run --level=raid1 -n2 --assume-clean "$a" "$b"
        k=$(mdname "/dev/md/$name") || fail "$tool: no /dev/md/$name"
        got="$k $("$MDCTL" -E "$a" | sed -n 's/^ *Name : \([^ ]*\).*/\1/p')"
        if [ "$tool" = "$MDADM46" ]; then want=$got; else assert_eq "$want" "$got" "create '$name': kernel name, set name"; fi
        run "$MDCTL" --stop "/dev/md/$name"
        rm -f "/dev/md/$name"
    done
done
[ "$want" = "md7 $host:7" ] || fail "create 7 gave '$want'"
snapshot "$a" "$b"
expect_fail "invalid name" "$MDA" --create foo/bar --run -l1 -n2 --assume-clean "$a" "$b"
assert_unchanged "$a" "$b"
ok "bare names NAME → /dev/md/NAME as mdadm 4.6 ('md5' is /dev/md/md5, '7' is md7)"

# ---- the map: one tool begins incremental assembly, the other ends it ----
run "$MDADM46" --create /dev/md/inc -l1 -n2 --assume-clean --run "$a" "$b"
run "$MDADM46" --stop /dev/md/inc
for order in "$MDADM46 $MDA" "$MDA $MDADM46"; do
    set -- $order
    rm -f /run/mdadm/map
    run "$1" -I "$a"
    line1=$(cat /run/mdadm/map)
    run "$2" -I "$b"
    assert_contains "$OUT" "started" "second -I, by $2"
    assert_eq "2" "$(ls /sys/block/$(mdname /dev/md/inc)/md | grep -c '^dev-')" "members after both -I"
    [ "$1" = "$MDADM46" ] && want=$line1 || assert_eq "$want" "$line1" "map line written by mdctl as mdadm"
    run "$MDADM46" --stop /dev/md/inc
done
rm -f /run/mdadm/map
run "$MDCTL" -I "$a"
[ ! -e /run/mdadm/map ] || fail "mdctl (its own name) wrote /run/mdadm/map"
[ -s /run/mdctl/map ] || fail "mdctl wrote no /run/mdctl/map"
run "$MDCTL" -S /dev/md/inc
ok "map in /run/mdadm/map, mdadm's format: -I begun by either tool, finished by the other"

# ---- default config files: the first that exists, and its .d ----
uuid=$("$MDCTL" -E "$a" | sed -n 's/^ *Array UUID : //p')
# conf_case TOOL SETUP: in a private tmpfs /etc, run SETUP (shell) then
# TOOL -As; echoes the /dev/md/ names then assembled.
conf_case() {
    unshare -m bash -c "mount -t tmpfs none /etc && cd /etc && $2 && '$1' -As >/dev/null 2>&1; ls /dev/md/ 2>/dev/null | tr '\n' ' '"
    stop_all_md >/dev/null 2>&1; rm -f /dev/md/*
}
L="ARRAY /dev/md/"
n=0
for setup in "mkdir mdadm && echo '${L}one UUID=$uuid' > mdadm/mdadm.conf" \
             "mkdir -p mdadm/mdadm.conf.d && echo 'HOMEHOST <system>' > mdadm/mdadm.conf && echo '${L}two UUID=$uuid' > mdadm/mdadm.conf.d/a.conf" \
             "echo '${L}three UUID=$uuid' > mdadm.conf" \
             "mkdir mdadm.conf.d && echo '${L}four UUID=$uuid' > mdadm.conf.d/x.conf" \
             "mkdir -p mdadm/mdadm.conf.d && echo '${L}five UUID=$uuid' > mdadm/mdadm.conf.d/x.conf"; do
    n=$((n + 1))
    want=$(conf_case "$MDADM46" "$setup")
    got=$(conf_case "$MDA" "$setup")
    assert_eq "$want" "$got" "arrays assembled with config: $setup"
    case $n in 1) assert_eq "one " "$got" ;; 2) assert_eq "two " "$got" ;; 3) assert_eq "three " "$got" ;;
               4) assert_eq "four " "$got" ;; esac
done
ok "default config files and directories read as mdadm 4.6 reads them"
