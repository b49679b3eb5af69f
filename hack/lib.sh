# What the hack scripts share. Source it right after `set -euo pipefail`:
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# It only sets variables and defines functions: it runs nothing and prints nothing.
#
# Sets: HACK_DIR, REPO_ROOT, SLUICE_CACHE (default ~/.cache/sluice, not exported), BIN_ROOT, and the versions
# of hack/versions.env, OPERATOR_JAVA_OPTS.

HACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "${HACK_DIR}/.." && pwd)"
# The script that sourced this file: its name prefixes log lines, its header comment is its usage.
SCRIPT_PATH="${BASH_SOURCE[1]}"
SCRIPT_NAME="$(basename "${SCRIPT_PATH}" .sh)"

# shellcheck source=versions.env
source "${HACK_DIR}/versions.env"

SLUICE_CACHE="${SLUICE_CACHE:-${HOME}/.cache/sluice}"
BIN_ROOT="${SLUICE_CACHE}/bin"

# JVM options of the operator outside a container (hack/run-operator.sh, bench/run.sh); the chart's javaOpts are
# the same but size the heap from the container's memory limit. A controller's live heap is small (about 100 MiB
# at 1,000 Rollouts) and its work waits on the API server: a capped heap with the serial collector, small thread
# stacks and C1-only compilation keep RSS and start-up CPU down. See docs/operations.md#memory-and-jvm-options.
OPERATOR_JAVA_OPTS="-XX:+UseSerialGC -Xms24m -Xmx256m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:MaxNewSize=16m -XX:-ShrinkHeapInSteps -Xss512k -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=0.3"

# Logs go to stderr, so that a script's stdout carries only its result (the last line: a path).
log() { echo "[${SCRIPT_NAME}] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }
# log_cached MESSAGE: a build script's "already built" line, left out when SLUICE_QUIET_CACHED=1. The demo sets it
# for its story: install-prerequisites.sh has printed one line per prerequisite, and the builds the story asks for
# again are cached and have nothing to add to its screen.
log_cached() { [[ "${SLUICE_QUIET_CACHED:-}" == 1 ]] || log "$@"; }

# usage: the comment block at the top of the calling script, without the #! line.
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${SCRIPT_PATH}" >&2; }

# parse_build_args ARG...: the arguments of the build scripts, [--force] or --help; sets FORCE.
parse_build_args() {
  FORCE=false
  local arg
  for arg in "$@"; do
    case "${arg}" in
      --force) FORCE=true ;;
      -h|--help) usage; exit 0 ;;
      *) die "unknown argument: ${arg}" ;;
    esac
  done
}

# hold_lock FD FILE: opens FILE on file descriptor FD and waits for an exclusive lock on it (when flock exists).
# The lock lasts while this shell, or a child that inherits FD, keeps FD open.
hold_lock() {
  local fd="$1" file="$2"
  mkdir -p "$(dirname "${file}")"
  eval "exec ${fd}>\"\${file}\""
  if command -v flock >/dev/null; then
    flock "${fd}"
  fi
}

# go_build_env: plain go build, reproducible and offline-friendly: never fetch a toolchain, never touch the
# committed go.mod/go.sum (-mod=readonly: go.sum must be complete).
go_build_env() {
  command -v go >/dev/null || die "go is not on PATH"
  export GOTOOLCHAIN=local
  export CGO_ENABLED=0
  export GOFLAGS="-mod=readonly -buildvcs=false"
}

# require_module_version MODULE_DIR MODULE VERSION: the wrapper module's go.mod must select VERSION, the one
# hack/versions.env names.
require_module_version() {
  local dir="$1" mod="$2" want="$3" got
  got="$(cd "${dir}" && go list -m -f '{{.Version}}' "${mod}")" \
    || die "cannot resolve ${mod} in ${dir}"
  [[ "${got}" == "${want}" ]] \
    || die "${dir}/go.mod selects ${mod} ${got}, hack/versions.env says ${want}"
}

# write_complete_marker FILE NAME VERSION START: the .complete file of a built cache directory, written last (a
# directory without it is rebuilt); START is the value of SECONDS when the build began.
write_complete_marker() {
  local file="$1" name="$2" version="$3" start="$4"
  {
    echo "component=${name}"
    echo "version=${version}"
    echo "go=$(go env GOVERSION)"
    echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "seconds=$((SECONDS - start))"
  } >"${file}"
}
