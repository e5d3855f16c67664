#!/usr/bin/env bash
# --monitor: a member fails under the monitor's eyes and a spare takes over;
# the PROGRAM gets Fail, DegradedArray, RebuildStarted, RebuildNN, SpareActive,
# RebuildFinished, each once and in that order, and the same lines reach
# syslog (a /dev/log listener) and mail (a sendmail on PATH). --oneshot --scan
# reports a degraded array; --scan sees arrays come and go; spare-group moves
# a spare to a degraded array; --daemonise/--pid-file; bad input is refused.
# timeout: 420
. tests/vm/lib.sh
M=/tmp/mdmon    # not under $T: cleanup_all empties that between sections
rm -rf "$M"; mkdir -p "$M/bin"
# Monitors left running by a failed check must not act on later tests.
trap 'kill $(jobs -p) ${pid:-} 2>/dev/null; rm -f /dev/log' EXIT
EV=$M/events

# The alert program records its arguments, one event per line.
cat > "$M/prog" <<EOF
#!/bin/bash
echo "\$*" >> $EV
EOF
# A sendmail that keeps each message.
cat > "$M/bin/sendmail" <<EOF
#!/bin/bash
[ "\$1" = -t ] || exit 9
cat >> $M/mail
echo ---- >> $M/mail
EOF
chmod +x "$M/prog" "$M/bin/sendmail"

# syslog: busybox's syslogd on /dev/log (the VM runs no syslog daemon).
busybox syslogd -n -O "$M/syslog" &
for _ in {1..50}; do [ -S /dev/log ] && break; sleep 0.1; done

# wait_for PATTERN [SEC=60]: until the events file has a line matching PATTERN.
wait_for() {
    local i
    for (( i = 0; i < ${2:-60} * 5; i++ )); do
        grep -qE "$1" "$EV" 2>/dev/null && return 0
        sleep 0.2
    done
    cat "$EV" >&2 || true
    fail "no event matching '$1' within ${2:-60}s"
}

# line_of PATTERN: line number of the one event line matching PATTERN (fails
# when there is none or more than one: an event is reported once).
line_of() {
    local n
    n=$(grep -cE "$1" "$EV" || true)
    [ "$n" = 1 ] || { cat "$EV" >&2; fail "'$1' reported $n times, expected once"; }
    grep -nE "$1" "$EV" | cut -d: -f1
}

# ---- fail -> degraded -> rebuild onto the spare -> spare active -> finished ----
a=$(mkloop 64) b=$(mkloop 64) c=$(mkloop 64) s=$(mkloop 64)
run $MDCTL --create /dev/md0 -l5 -n3 --assume-clean --run "$a" "$b" "$c"
run $MDCTL /dev/md0 --add-spare "$s"
write_pattern /dev/md0 5 16
: > "$EV"
PATH=$M/bin:$PATH $MDCTL --monitor --test --delay 1 --config=none --program "$M/prog" \
    --mail root@example.org /dev/md0 > "$M/stdout" 2>&1 &
MON=$!
wait_for "^TestMessage /dev/md0\$" 30     # the first look is done
# Slow enough (64 MiB at ~6 MiB/s) that 1 s looks see the progress steps.
set_speed 1000 6000
run $MDCTL /dev/md0 --fail "$b"
wait_for "^RebuildFinished /dev/md0" 120
wait_idle /dev/md0 60
set_speed
t=$(line_of "^TestMessage /dev/md0\$")
f=$(line_of "^Fail /dev/md0 $b\$")
d=$(line_of "^DegradedArray /dev/md0\$")
r=$(line_of "^RebuildStarted /dev/md0\$")
sa=$(line_of "^SpareActive /dev/md0 $s\$")
fin=$(line_of "^RebuildFinished /dev/md0\$")
(( t < f && f < d && d < r && r < sa && sa < fin )) || { cat "$EV"; fail "events out of order"; }
steps=$(grep -cE '^Rebuild(20|40|60|80) /dev/md0$' "$EV" || true)
(( steps >= 1 )) || { cat "$EV"; fail "no RebuildNN progress step"; }
for n in 20 40 60 80; do
    (( $(grep -c "^Rebuild$n " "$EV" || true) <= 1 )) || fail "Rebuild$n reported twice"
done
[ "$(wc -l < "$EV")" = $(( 6 + steps )) ] || { cat "$EV"; fail "unexpected extra events"; }
verify_pattern /dev/md0 5 16
ok "program: Fail, DegradedArray, RebuildStarted, $steps step(s), SpareActive, RebuildFinished, in order, once each"

grep -q "Fail event detected on md device /dev/md0, component device $b" "$M/syslog" ||
    { cat "$M/syslog"; fail "Fail not in syslog"; }
grep -q "RebuildFinished event detected on md device /dev/md0" "$M/syslog" || fail "RebuildFinished not in syslog"
[ "$(grep -c 'Fail event detected' "$M/syslog")" = 1 ] || fail "Fail logged more than once"
grep -q "Fail event detected on md device /dev/md0" "$M/stdout" || fail "no Fail line on stdout"
# Mail for the test, the failure and the degradation only, not for progress.
grep -q "^To: root@example.org" "$M/mail" || { cat "$M/mail"; fail "no mail"; }
grep -q "^Subject: Fail event on /dev/md0" "$M/mail" || fail "no Fail mail"
grep -q "^Subject: DegradedArray event on /dev/md0" "$M/mail" || fail "no DegradedArray mail"
[ "$(grep -c '^Subject:' "$M/mail")" = 3 ] || { grep '^Subject:' "$M/mail"; fail "mails for non-alarms"; }
grep -q "md0 : active raid5" "$M/mail" || fail "mail lacks /proc/mdstat"
ok "syslog, stdout and mail got the events (mail only for alarms)"

kill -TERM "$MON"
rc=0; wait "$MON" || rc=$?
[ "$rc" = 0 ] || fail "monitor exited $rc on SIGTERM"
ok "SIGTERM ends the monitor with status 0"

# ---- --oneshot --scan reports a degraded array, --test a TestMessage ----
x=$(mkloop 48) y=$(mkloop 48)
run $MDCTL --create /dev/md1 -l1 -n2 --assume-clean --run "$x" "$y"
run $MDCTL /dev/md1 --fail "$y" --remove "$y"
: > "$EV"
run $MDCTL --monitor --oneshot --scan --config=none --program "$M/prog"
[ "$(cat "$EV")" = "DegradedArray /dev/md1" ] || { cat "$EV"; fail "--oneshot --scan: wrong events"; }
: > "$EV"
run $MDCTL --monitor -1 -s -t --config=none -p "$M/prog"
sort -o "$EV" "$EV"
[ "$(cat "$EV")" = $'DegradedArray /dev/md1\nTestMessage /dev/md0\nTestMessage /dev/md1' ] ||
    { cat "$EV"; fail "--oneshot --test: wrong events"; }
ok "--oneshot --scan: DegradedArray for md1 only; --test: a TestMessage per array"
run $MDCTL --stop /dev/md1

# ---- --scan: NewArray and DeviceDisappeared; --daemonise and --pid-file ----
: > "$EV"
printf 'PROGRAM %s\n' "$M/prog" > "$M/conf"
pid=$($MDCTL --monitor --scan --test --daemonise --delay 60 --pid-file "$M/pid" --config "$M/conf")
kill -0 "$pid" || fail "daemon not running"
wait_for "^TestMessage /dev/md0\$" 30
[ "$(cat "$M/pid")" = "$pid" ] || fail "pid file does not hold the daemon's pid ($pid)"
[ "$(cat "$EV")" = "TestMessage /dev/md0" ] || { cat "$EV"; fail "events at start for a healthy array"; }
: > "$EV"
p=$(mkloop 48) q=$(mkloop 48)
run $MDCTL --create /dev/md2 -l1 -n2 --assume-clean --run "$p" "$q"
wait_for "^NewArray /dev/md2\$" 30
run $MDCTL --stop /dev/md2
wait_for "^DeviceDisappeared /dev/md2\$" 30
line_of "^NewArray /dev/md2" > /dev/null
line_of "^DeviceDisappeared /dev/md2" > /dev/null
[ "$(wc -l < "$EV")" = 2 ] || { cat "$EV"; fail "unexpected events"; }
kill -TERM "$pid"
for _ in {1..50}; do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
! kill -0 "$pid" 2>/dev/null || fail "daemon still running after SIGTERM"
[ ! -e "$M/pid" ] || fail "pid file left behind"
ok "--scan --daemonise: NewArray, DeviceDisappeared (woken by /proc/mdstat, delay 60 s), pid file"
run $MDCTL --stop /dev/md0
cleanup_all

# ---- spare-group: a spare moves to the degraded array of its group ----
a=$(mkloop 48) b=$(mkloop 48) c=$(mkloop 48) d=$(mkloop 48) s=$(mkloop 48)
run $MDCTL --create /dev/md/one -l1 -n2 --assume-clean --run "$a" "$b"
run $MDCTL --create /dev/md/two -l1 -n2 --assume-clean --run "$c" "$d"
run $MDCTL /dev/md/two --add-spare "$s"
u1=$(sed 's/-//g' < /sys/block/$(mdname /dev/md/one)/md/uuid)
u2=$(sed 's/-//g' < /sys/block/$(mdname /dev/md/two)/md/uuid)
cat > "$M/conf" <<EOF
# two arrays share their spares
ARRAY /dev/md/one uuid=$u1 spare-group=g1
ARRAY /dev/md/two uuid=$u2
   spare-group=g1
PROGRAM $M/prog
EOF
: > "$EV"
$MDCTL --monitor --scan --test --delay 1 --config "$M/conf" > "$M/stdout" 2>&1 &
MON=$!
wait_for "^TestMessage /dev/md/two\$" 30
run $MDCTL /dev/md/one --fail "$a" --remove "$a"
wait_for "^MoveSpare /dev/md/one $s\$" 30
wait_for "^SpareActive /dev/md/one $s\$" 60
kill -TERM "$MON"; wait "$MON" || true
assert_eq 0 "$(mdsys /dev/md/one degraded)" "md/one degraded after the move"
assert_eq 0 "$(ls /sys/block/$(mdname /dev/md/two)/md | grep -c "^dev-${s#/dev/}\$" || true)" "spare still in md/two"
check_clean /dev/md/one 120
ok "spare-group: spare moved from md/two to the degraded md/one and rebuilt it"
run $MDCTL --stop /dev/md/one
run $MDCTL --stop /dev/md/two
cleanup_all

# ---- refusals ----
expect_fail "needs md devices" $MDCTL --monitor --oneshot
expect_fail "not an md device" $MDCTL --monitor --oneshot /dev/loop0
expect_fail "cannot open config file" $MDCTL --monitor --oneshot --scan --config "$M/nonexistent"
expect_fail "--increment" $MDCTL --monitor --oneshot --scan --increment 0
ok "refusals"
