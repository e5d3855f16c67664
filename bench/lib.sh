# Shared by the benchmarks (bench/*.sh): sleeping without an exec and qemu's
# CPU time, which the guest asks the host for through the share. Source it.
# shellcheck shell=bash

# In the guest. Sleep without an exec: a read with a timeout on a FIFO held
# open as $NAPFD (under TCG every exec costs 0.1-0.5 s of guest CPU).
nap() { read -r -t "$1" -u "$NAPFD" _ || true; }

# In the guest. qemu's CPU time so far in ms into HCPU ("-" when the host does
# not answer): we create req.ID in the share, serve_cpu answers in cpu.ID
# with "TICKS HZ". No subshell, so it may run inside a measured window.
host_cpu() {
    local k=0 v=-
    HCPU=-
    until : 2> /dev/null > "$VM_SHARE/req.$1"; do   # 9p create fails now and then
        ((k++ < 20)) || return 0
        nap 0.02
    done
    k=0
    while [ ! -e "$VM_SHARE/cpu.$1" ] && ((k++ < 200)); do nap 0.02; done
    [ -e "$VM_SHARE/cpu.$1" ] && read -r v < "$VM_SHARE/cpu.$1"
    [[ $v =~ ^([0-9]+)\ ([0-9]+)$ ]] && HCPU=$((BASH_REMATCH[1] * 1000 / BASH_REMATCH[2]))
    return 0
}

# On the host, in the background while the VM runs: answer the guest's
# requests (req.ID in $share) with qemu's CPU time, "TICKS HZ": utime + stime
# of all its threads, /proc/PID/stat fields 14 and 15 (proc(5)).
serve_cpu() {
    local hz pid='' f id st fl nfd
    hz=$(getconf CLK_TCK)
    mkfifo "$share/.nap"
    exec {nfd}<> "$share/.nap"
    while :; do
        for f in "$share"/req.*; do
            [ -e "$f" ] || continue
            id=${f##*/req.}
            [ -n "$pid" ] || read -r pid < "$share/qemu.pid" 2> /dev/null || pid=
            st=-
            if [ -n "$pid" ] && read -r st < "/proc/$pid/stat" 2> /dev/null; then
                read -r -a fl <<< "${st##*) }"
                st="$((fl[11] + fl[12])) $hz"
            fi
            echo "$st" > "$share/cpu.$id.tmp" && mv "$share/cpu.$id.tmp" "$share/cpu.$id"
            rm -f "$f"
        done
        read -r -t 0.02 -u "$nfd" _ || true
    done
}
