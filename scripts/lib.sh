# Shared by the project's scripts: the Rust toolchain scripts/setup chose, and helpers.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ -f "$ROOT/target/.debian-toolchain" ]]; then
  export RUSTUP_TOOLCHAIN=debian
fi
# Cargo's build output lives outside the checkout, shared by every clone on this machine
# and kept between runs, so a fresh clone (CI's) compiles only what changed. Everything
# else the scripts make (site, databases, logs) stays in the checkout's target/.
cache_home="${XDG_CACHE_HOME:-${HOME:+$HOME/.cache}}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${cache_home:-$ROOT/target/cache}/isntgram/target}"
mkdir -p "$ROOT/target"

say() { printf '\033[1;34m[%s]\033[0m %s\n' "$(basename "$0")" "$*"; }

# A free TCP port on loopback.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits until $1 answers 200, or fails after $2 seconds.
wait_for() {
  local url="$1" seconds="${2:-60}"
  for _ in $(seq 1 "$((seconds * 4))"); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
    sleep 0.25
  done
  echo "timed out waiting for $url" >&2
  return 1
}

# Stops the embedded cluster kept in folder $1, if one runs there.
stop_cluster() {
  local data="$1/data" pg_ctl
  [[ -f "$data/postmaster.pid" ]] || return 0
  pg_ctl="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)/pg_ctl"
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$pg_ctl" stop -D "$data" -m fast -w >/dev/null 2>&1 || true
  else
    "$pg_ctl" stop -D "$data" -m fast -w >/dev/null 2>&1 || true
  fi
}

# Stops the app with PID $1: SIGTERM, which it answers by finishing the requests in
# flight and exiting (in well under a second, scripts/cluster test measures it). One
# that has not gone after 10 s is killed, and that is reported as the bug it is.
stop_app() {
  local pid="$1"
  [[ -n "$pid" ]] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 40); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.25
  done
  echo "the app (pid $pid) did not stop within 10 s of SIGTERM; killing it" >&2
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  return 1
}
