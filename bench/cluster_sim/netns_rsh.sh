#!/bin/sh
# mpirun's remote-shell agent for the simulated cluster of bench/cluster_sim.sh (--mca plm_rsh_agent):
# "netns_rsh.sh [options] HOST COMMAND..." runs COMMAND with sh in HOST's network namespace, as ssh
# would on a real node. HOST 10.77.0.N is namespace ${W2V_SIM_NS}n(N-1). ssh's options are ignored.
# Every simulated node has the same host name and /tmp, so each gets its own TMPDIR
# ($W2V_SIM_TMP/nK): OpenMPI's session directories (/tmp/ompi.HOST.UID/...) would collide otherwise.
set -eu
while [ $# -gt 0 ]; do
  case $1 in
    -*) shift ;;
    *) break ;;
  esac
done
[ $# -ge 2 ] || { echo "netns_rsh.sh: usage: netns_rsh.sh HOST COMMAND..." >&2; exit 255; }
: "${W2V_SIM_NS:?netns_rsh.sh: W2V_SIM_NS (the namespaces prefix) is not set}"
host=$1
shift
case $host in
  10.77.0.[0-9]*) n=$(( ${host##*.} - 1 )) ;;
  *) echo "netns_rsh.sh: unknown host $host (expected 10.77.0.N)" >&2; exit 255 ;;
esac
if [ -n "${W2V_SIM_TMP:-}" ]; then
  TMPDIR=$W2V_SIM_TMP/n$n
  mkdir -p "$TMPDIR"
  export TMPDIR
fi
exec ip netns exec "${W2V_SIM_NS}n$n" /bin/sh -c "$*"
