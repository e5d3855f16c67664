#!/usr/bin/env bash
# --examine, --detail and --query: arrays made by mdadm 4.6 of every level and
# state; mdctl's output must equal mdadm 4.6's line for line, except:
#  - mdctl adds "Logical Block Size : N" to --examine and --detail, and
#    "Bitmap Type : llbitmap" to --detail (mdadm 4.6 prints neither);
#  - messages and hints name mdctl instead of mdadm ("mdctl: ...", "Use mdctl --detail").
# On Linux 6.12 the linear and llbitmap arrays are left out (no such personality
# nor bitmap there).
# timeout: 900
# kernels: 7.2 6.12
. tests/vm/lib.sh

M=$MDADM46
nfail=0

same() { same_as_mdadm "$@" || nfail=$((nfail + 1)); }

members() { # MD -> member device paths
	local d
	for d in /sys/block/$(mdname "$1")/md/dev-*; do
		[ -e "$d" ] && echo "/dev/${d##*/dev-}"
	done
}

# The members go to -E and -Q all at once: each is shown as alone, and
# one run of each tool per mode instead of one per member (under TCG a
# program start costs 0.1-0.5 s; this test makes some 400 comparisons).
check_array() { # MD
	local md=$1 m=()
	same "detail $md" -D "$md"
	same "detail brief $md" -D -b "$md"
	same "detail brief verbose $md" -D -b -v "$md"
	same "detail export $md" -D --export "$md"
	same "detail test $md" -D --test "$md"
	same "query $md" -Q "$md"
	mapfile -t m < <(members "$md")
	same "examine members of $md" -E "${m[@]}"
	same "examine export members of $md" -E --export "${m[@]}"
	same "examine brief members of $md" -E -b "${m[@]}"
	same "query members of $md" -Q "${m[@]}"
	ok "compared $md"
}

create() { # NAME N ARGS... : mdadm --create /dev/md/NAME with N new members
	local name=$1 n=$2 i devs=(); shift 2
	for ((i = 0; i < n; i++)); do devs+=("$(mkloop 24)"); done
	run "$M" --create "/dev/md/$name" --run "$@" "${devs[@]}" > /dev/null
	DEVS=("${devs[@]}")
}

set_speed 1000 200000
create r1 2 -l1 -n2 --assume-clean
create r1bm 2 -e 1.0 -l1 -n2 --bitmap=internal --assume-clean
create r1wm 3 -e 1.1 -l1 -n2 -x1 --assume-clean
run "$M" /dev/md/r1wm --fail "${DEVS[0]}" > /dev/null   # the spare rebuilds: wait below
create r0 3 -l0 -n3 -c 64
kernel_is_612 || create lin 2 -l linear -n2
create r4 3 -l4 -n3 --assume-clean
create r5 4 -l5 -n3 -x1 --assume-clean
create r6 4 -l6 -n4 --assume-clean
create r10 4 -l10 -n4 --assume-clean
create r10f 3 -l10 -p f2 -n3 --assume-clean
create r10o 3 -l10 -p o2 -n3 --assume-clean
create r5ppl 3 -l5 -n3 --consistency-policy=ppl --assume-clean
kernel_is_612 || create r5llb 3 -l5 -n3 --bitmap=lockless --assume-clean
create r5j 3 -l5 -n3 --assume-clean
r5j=("${DEVS[@]}"); j=$(mkloop 24)
run "$M" --stop /dev/md/r5j > /dev/null
run "$M" --create /dev/md/r5j --run -l5 -n3 --assume-clean "${r5j[@]}" --write-journal "$j" > /dev/null
create r1deg 1 -l1 -n2 missing
create r10deg 4 -l10 -n4 --assume-clean
run "$M" /dev/md/r10deg --fail "${DEVS[0]}" > /dev/null
run "$M" /dev/md/r10deg --fail "${DEVS[2]}" > /dev/null
create r1f 2 -l1 -n2 --assume-clean
run "$M" /dev/md/r1f --fail "${DEVS[1]}" > /dev/null
wait_idle /dev/md/r1wm 120
# Arrays caught in the middle of a sync: so slow that the percentage holds.
set_speed 1 1
create r1sync 2 -l1 -n2
create r1rec 1 -l1 -n2 --assume-clean missing
run "$M" /dev/md/r1rec --add "$(mkloop 24)" > /dev/null
create r5chk 3 -l5 -n3 --assume-clean
echo check > "/sys/block/$(mdname /dev/md/r5chk)/md/sync_action"
mdadm_name=$("$M" --version 2>&1 || true)
echo "reference: $mdadm_name"

# a name from another host and a numbered device without a /dev/md/ link
devs=("$(mkloop 24)" "$(mkloop 24)")
run "$M" --create /dev/md0 --run -l1 -n2 --name=custom --homehost=elsewhere --assume-clean "${devs[@]}" > /dev/null

sleep 1
# The arrays in the middle of a sync first: md writes a checkpoint into their
# superblocks 5 minutes after the sync starts (UPDATE_FREQUENCY in md.c's
# md_do_sync), and "Events"/"Update Time" would then differ between the
# mdadm and the mdctl run of a slow lane.
moving=(/dev/md/r1sync /dev/md/r1rec /dev/md/r5chk)
for md in "${moving[@]}"; do
	check_array "$md"
done
for md in /dev/md/* /dev/md0; do
	[[ " ${moving[*]} " == *" $md "* ]] || check_array "$md"
done

same "detail scan" -D -s
same "detail scan verbose" -D -s -v
same "detail scan export" -D -s --export
same "examine scan" -E -s
same "examine scan verbose" -E -s -v
# several devices at once: grouping and order of ARRAY lines
same "examine brief all" -E -b $(members /dev/md/r5) $(members /dev/md/r1) $(members /dev/md/r5j)
same "examine brief verbose all" -E -b -v $(members /dev/md/r5) $(members /dev/md/r1)
same "detail two" -D /dev/md/r1 /dev/md/r5

# errors
blank=$(mkloop 8)
same "examine blank" -E "$blank"
same "examine blank and member" -E "$blank" "${devs[0]}"
same "examine brief blank" -E -b "$blank"
same "examine missing" -E /nonexistent
same "examine none" -E
same "detail non-md" -D "$blank"
same "detail missing" -D /dev/md/nonexistent
same "detail missing test" -D --test /dev/md/nonexistent
same "detail none" -D
same "query blank" -Q "$blank"
same "query missing" -Q /nonexistent

[ "$nfail" = 0 ] || fail "$nfail outputs differ from mdadm 4.6"
ok "examine/detail/query match mdadm 4.6"
