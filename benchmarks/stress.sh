#!/usr/bin/env bash
# The larger stress run, for benchmarks: CALLS getppid calls (default 10,000,000) from THREADS threads
# (default 32) and CHILDREN short-lived children of every kind (default 200), profiled through the netlink
# source and through a real auditd's log (rotating every 256 MiB), then the log parsed offline. Prints, per
# source, the records, the loss counts and the wall time, and fails (exit 1) when a call was lost or
# miscounted. The test suite runs the same program with 1,000,000 calls (StressTest).
#
# Usage: benchmarks/stress.sh [CALLS [THREADS [CHILDREN]]]      (as root; auditd installed, not running)
# The auditd run writes about 290 bytes of log per call to a temporary directory, deleted afterwards;
# /etc/audit/auditd.conf and the kernel's audit enabled flag are restored on exit.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
calls=${1:-10000000}
threads=${2:-32}
children=${3:-200}
syscage="$root/syscage"
stress="$root/samples/build/stress"
conf=/etc/audit/auditd.conf

[ "$(id -u)" -eq 0 ] || { echo "stress.sh: run as root (profiling and auditd need it)" >&2; exit 2; }
command -v auditd >/dev/null || [ -x /sbin/auditd ] || { echo "stress.sh: install auditd (apt-get install -y auditd)" >&2; exit 2; }
[ "$(auditctl -s | awk '$1 == "pid" {print $2}')" = 0 ] || { echo "stress.sh: an audit daemon is running; stop it first" >&2; exit 2; }
"$syscage" --version >/dev/null  # builds on first use
[ -x "$stress" ] || make -s -C "$root/samples" >/dev/null

work=$(mktemp -d)
cp -p "$conf" "$work/auditd.conf.saved"
enabled=$(auditctl -s | awk '$1 == "enabled" {print $2}')
daemon=
cleanup() {
  if [ -n "$daemon" ]; then
    kill -TERM "$daemon" 2>/dev/null || true
    while [ -e "/proc/$daemon" ]; do sleep 0.1; done
  fi
  cp -p "$work/auditd.conf.saved" "$conf"
  auditctl -e "$enabled" >/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

failed=0
report() { # SOURCE FILE SECONDS
  local got
  got=$("$syscage" show "$2" | awk '$1 == "main" && $2 == "getppid" {print $3}')
  printf '%-8s %s, getppid %s of %s, %.1f s\n' "$1" \
    "$(grep -E '^syscage: (profiled|parsed)' "$work/$1.err" | tail -1 | sed 's/.*: \([0-9]* records.*\)/\1/')" \
    "${got:-0}" "$calls" "$3"
  [ "${got:-0}" = "$calls" ] && ! grep -q 'were lost' "$work/$1.err" || failed=1
}

timed() { # NAME COMMAND...
  local name=$1 start end
  shift
  start=$(date +%s%N)
  "$@" >/dev/null 2>"$work/$name.err" || true
  end=$(date +%s%N)
  awk -v ns=$((end - start)) 'BEGIN { print ns / 1e9 }'
}

echo "stress: $calls getppid calls from $threads threads and $children children"
t=$(timed netlink "$syscage" profile --source netlink -o "$work/netlink.yaml" -- "$stress" "$calls" "$threads" "$children")
report netlink "$work/netlink.yaml" "$t"

mkdir "$work/logs"
sed -e "s|^log_file *=.*|log_file = $work/logs/audit.log|" -e 's|^max_log_file *=.*|max_log_file = 256|' \
    -e 's|^num_logs *=.*|num_logs = 99|' -e 's|^max_log_file_action *=.*|max_log_file_action = ROTATE|' \
    "$work/auditd.conf.saved" >"$conf"
/sbin/auditd
until [ "$(auditctl -s | awk '$1 == "pid" {print $2}')" != 0 ] && [ -e "$work/logs/audit.log" ]; do sleep 0.05; done
daemon=$(auditctl -s | awk '$1 == "pid" {print $2}')
t=$(timed auditd "$syscage" profile --source auditd -o "$work/auditd.yaml" -- "$stress" "$calls" "$threads" "$children")
report auditd "$work/auditd.yaml" "$t"
echo "auditd   log: $(du -sh "$work/logs" | cut -f1) in $(ls "$work/logs" | wc -l) files"
t=$(timed parse "$syscage" parse -o "$work/parse.yaml" "$work"/logs/audit.log*)
report parse "$work/parse.yaml" "$t"
exit $failed
