#!/usr/bin/env bash
# --detail/--query/--examine of arrays in passing states, made by mdadm 4.6:
# reshape (more devices, level change), replacement, assembled but not
# started. mdctl's output must equal mdadm 4.6's (same exceptions as
# t_examine_detail.sh: "Logical Block Size" in --examine, "mdctl" for "mdadm").
# timeout: 600
# kernels: 7.2 6.12
. tests/vm/lib.sh

M=$MDADM46
nfail=0
same() { same_as_mdadm "$@" || nfail=$((nfail + 1)); }
all_forms() { # MD
	same "detail $1" -D "$1"
	same "detail brief $1" -D -b -v "$1"
	same "detail export $1" -D --export "$1"
	same "detail test $1" -D --test "$1"
	same "query $1" -Q "$1"
	local d
	for d in /sys/block/$(mdname "$1")/md/dev-*; do
		[ -e "$d" ] || continue
		same "examine ${d##*/dev-}" -E "/dev/${d##*/dev-}"
		same "query ${d##*/dev-}" -Q "/dev/${d##*/dev-}"
	done
}
loops() { local i; L=(); for ((i = 0; i < $1; i++)); do L+=("$(mkloop 40)"); done; }

set_speed 1 1
# grow raid5 from 3 to 4 devices
loops 4
run "$M" -C /dev/md/grow -l5 -n3 --assume-clean --run "${L[@]:0:3}" > /dev/null
run "$M" /dev/md/grow --add "${L[3]}" > /dev/null
run "$M" --grow /dev/md/grow -n4 > /dev/null
sleep 2
all_forms /dev/md/grow

# raid1 member being replaced
loops 3
run "$M" -C /dev/md/repl -l1 -n2 --assume-clean --run "${L[0]}" "${L[1]}" > /dev/null
run "$M" /dev/md/repl --add "${L[2]}" > /dev/null
run "$M" /dev/md/repl --replace "${L[0]}" > /dev/null
sleep 2
all_forms /dev/md/repl

# raid1 with one of two members added incrementally: assembled, not started
loops 2
run "$M" -C /dev/md/half -l1 -n2 --assume-clean --run "${L[@]}" > /dev/null
run "$M" --stop /dev/md/half > /dev/null
"$M" -I "${L[0]}" || true
k=$(grep -o '^md[0-9]* : inactive' /proc/mdstat | cut -d' ' -f1 | head -n1)
[ -n "$k" ] || k=none
[ -b "/dev/$k" ] || [ ! -e "/sys/block/$k/dev" ] || mknod "/dev/$k" b 9 "${k#md}"
cat /proc/mdstat
if [ -e "/sys/block/$k/md" ]; then
	all_forms "/dev/$k"
	same "detail scan with inactive" -D -s
	same "detail scan verbose with inactive" -D -s -v
fi

# members whose array is not running, or no longer holds them
loops 2
run "$M" -C /dev/md/gone -l1 -n2 --assume-clean --run "${L[@]}" > /dev/null
run "$M" --stop /dev/md/gone > /dev/null
same "query member of stopped array" -Q "${L[0]}"
loops 4
run "$M" -C /dev/md/mism -l5 -n3 -x1 --assume-clean --run "${L[@]}" > /dev/null
run "$M" /dev/md/mism --fail "${L[0]}" > /dev/null
sleep 1
run "$M" /dev/md/mism --remove "${L[0]}" > /dev/null
same "query removed member" -Q "${L[0]}"
same "examine removed member" -E "${L[0]}"

same "detail scan test" -D -s --test
same "examine scan" -E -s -v

[ "$nfail" = 0 ] || fail "$nfail outputs differ from mdadm 4.6"
ok "states match mdadm 4.6"
