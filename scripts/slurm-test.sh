#!/bin/bash
# A real Slurm test (npm run test:slurm): installs Debian's slurm-wlm and munge when missing, starts a one-host
# cluster on loopback (munged, slurmctld, slurmd, all from a temporary directory), submits the tiny sweep
# (test/evaluate/fixtures/tiny-sweep.yaml: Ed25519, 4 nodes, 3 simulated seconds a point) as a 4-task job
# array through deploy/slurm/sweep.sbatch (`--shard auto`), waits (bounded), merges, and checks that the merged
# summary.csv and summary.ndjson are byte-identical to an unsharded sweep's. The daemons it started are
# stopped on exit (trap). Runs as root without systemd (CI containers).
#
#   npm run test:slurm                 # builds dist/ first; LEDGERSIM_SKIP_BUILD=1 uses the existing build
#   LEDGERSIM_SLURM_KEEP=1 npm run test:slurm   # keep the temporary directory (logs) afterwards
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
scenario=test/evaluate/fixtures/tiny-sweep.yaml
wait_limit_s=${LEDGERSIM_SLURM_WAIT_S:-600}

log() { printf 'slurm-test: %s\n' "$*" >&2; }
fail() { log "FAIL: $*"; exit 1; }

install_slurm() {
  if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null && command -v sbatch >/dev/null; then return; fi
  [ "$(id -u)" = 0 ] || fail "slurm-wlm and munge are missing and installing them needs root"
  log "installing slurm-wlm and munge (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
}

tmp=$(mktemp -d /tmp/ledgersim-slurm.XXXXXX)
chmod 755 "$tmp"
pids=()
cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ "$status" != 0 ]; then
    for f in "$tmp"/*.log "$tmp"/shared/*.out; do [ -f "$f" ] && { echo "----- $f" >&2; tail -n 40 "$f" >&2; }; done
  fi
  if [ "${LEDGERSIM_SLURM_KEEP:-0}" = 1 ]; then log "kept $tmp"; else rm -rf "$tmp"; fi
  exit "$status"
}
trap cleanup EXIT INT TERM

start_munge() {
  dd if=/dev/urandom of="$tmp/munge.key" bs=1024 count=1 status=none
  chmod 400 "$tmp/munge.key"
  munged --force --key-file="$tmp/munge.key" --socket="$tmp/munge.socket" --pid-file="$tmp/munged.pid" \
    --log-file="$tmp/munged.log" --seed-file="$tmp/munged.seed" --foreground >"$tmp/munged.stdout.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 50); do [ -S "$tmp/munge.socket" ] && return; sleep 0.1; done
  fail "munged did not start"
}

write_conf() {
  local host port
  host=$(hostname -s)
  port=$((20000 + RANDOM % 20000))
  mkdir -p "$tmp/state" "$tmp/spool" "$tmp/shared"
  cat > "$tmp/slurm.conf" <<CONF
ClusterName=ledgersim-test
SlurmctldHost=${host}(127.0.0.1)
SlurmctldPort=${port}
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=${tmp}/munge.socket
StateSaveLocation=${tmp}/state
SlurmdSpoolDir=${tmp}/spool
SlurmctldPidFile=${tmp}/slurmctld.pid
SlurmdPidFile=${tmp}/slurmd.pid
SlurmctldLogFile=${tmp}/slurmctld.log
SlurmdLogFile=${tmp}/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MinJobAge=600
NodeName=ledgersim0 NodeHostname=${host} NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=1000 State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4
CONF
  export SLURM_CONF="$tmp/slurm.conf"
}

start_slurm() {
  slurmctld -D -i -f "$SLURM_CONF" >"$tmp/slurmctld.stdout.log" 2>&1 &
  pids+=($!)
  slurmd -D -N ledgersim0 -f "$SLURM_CONF" >"$tmp/slurmd.stdout.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 120); do
    if sinfo -h -N -o '%t' 2>/dev/null | grep -Eq '^(idle|mix|alloc)'; then log "cluster up: $(sinfo -h -N -o '%N %t %c CPUs')"; return; fi
    sleep 0.5
  done
  fail "slurmd did not register with slurmctld within 60 s"
}

wait_for_job() {
  local job=$1 waited=0
  while squeue -h -j "$job" 2>/dev/null | grep -q .; do
    [ "$waited" -lt "$wait_limit_s" ] || { scancel "$job" || true; fail "job $job still running after ${wait_limit_s} s"; }
    sleep 2; waited=$((waited + 2))
  done
  log "job $job finished after about ${waited} s"
  local states
  states=$(scontrol -o show job "$job" | grep -o 'JobState=[A-Z_]* .*ExitCode=[0-9:]*' | sed -E 's/JobState=([A-Z_]+).*ExitCode=([0-9:]+)/\1 \2/' | sort | uniq -c)
  log "array tasks: $(echo "$states" | tr '\n' ';')"
  if scontrol -o show job "$job" | grep -Eo 'JobState=[A-Z_]+' | grep -vq 'JobState=COMPLETED'; then fail "an array task did not complete"; fi
}

install_slurm
if [ "${LEDGERSIM_SKIP_BUILD:-0}" != 1 ]; then log "building dist/"; npm run -s build >/dev/null; fi
[ -f dist/cli/bin.js ] || fail "dist/cli/bin.js is missing (npm run build)"
start_munge
write_conf
start_slurm

log "unsharded sweep"
node dist/cli/bin.js sweep "$scenario" --out "$tmp/whole" --workers 2 >/dev/null 2>"$tmp/whole.log"

log "submitting the 4-task job array"
job=$(LEDGERSIM_SCENARIO="$repo/$scenario" LEDGERSIM_OUT="$tmp/shared" LEDGERSIM="node $repo/dist/cli/bin.js" \
  sbatch --parsable --array=0-3 --cpus-per-task=1 --time=00:20:00 --chdir="$tmp/shared" --output="$tmp/shared/task-%a.out" \
  --export=ALL deploy/slurm/sweep.sbatch)
job=${job%%;*}
wait_for_job "$job"
grep -h "shard " "$tmp"/shared/task-*.out >&2 || true

log "merging"
node dist/cli/bin.js merge "$tmp/shared/tiny-sweep" --out "$tmp/merged" >/dev/null 2>"$tmp/merge.log"
for file in summary.csv summary.ndjson; do
  cmp "$tmp/whole/tiny-sweep/$file" "$tmp/merged/tiny-sweep/$file" || fail "$file of the merged shards differs from the unsharded sweep's"
done
points=$(ls "$tmp/merged/tiny-sweep/points" | wc -l)
log "PASS: 4 array tasks, $points points merged; summary.csv and summary.ndjson byte-identical to the unsharded sweep"
