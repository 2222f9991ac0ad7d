# Shared by the HTTP benchmarks (source it): machine line, free ports, the service from its fat
# jar, and one wrk run reported with the server's CPU time per request.
# Callers set BUILD_DIR and CONNECTIONS, and run from scoring-service/.

JAR=${JAR:-$BUILD_DIR/scoring-service.jar}

# A free port: any (the kernel's choice), or one in PORT_RANGE=low-high when the box's ports are shared out.
free_port() {
  python3 -c '
import random, socket, sys
low, high = (int(p) for p in sys.argv[1].split("-")) if sys.argv[1] else (0, 0)
for port in (random.sample(range(low, high + 1), high - low + 1) if high else [0]):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port)); print(s.getsockname()[1]); break
    except OSError:
        s.close()
else:
    sys.exit("no free port in " + sys.argv[1])' "${PORT_RANGE:-}"
}

# PostgreSQL's tools run as the postgres user when this runs as root (initdb refuses root).
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# bench_workdir NAME: a temporary WORK folder, removed on exit with the server (SERVER_PID) and the
# PostgreSQL (PG_STARTED=1, data in $WORK/pg) the benchmark started in it.
bench_workdir() {
  WORK=$(mktemp -d "/tmp/$1.XXXXXX")
  SERVER_PID=
  PG_STARTED=
  trap bench_cleanup EXIT
}
bench_cleanup() {
  local status=$?
  # A failed run keeps the logs (the server's names the request id and cause of every 5xx).
  if [[ $status != 0 ]] && compgen -G "$WORK/*.log" > /dev/null; then
    mkdir -p "$WORK.logs" && cp "$WORK"/*.log "$WORK.logs/" && echo "logs kept in $WORK.logs" >&2
  fi
  [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2> /dev/null && wait "$SERVER_PID" 2> /dev/null || true
  [[ -n $PG_STARTED ]] && as_pg "${PG_BIN:-/usr/lib/postgresql/15/bin}/pg_ctl" -D "$WORK/pg" -m immediate stop > /dev/null 2>&1 || true
  rm -rf "$WORK"
}

# "load 1.23 0.98 0.80": the load averages, printed beside each figure.
load() { echo "load $(cut -d' ' -f1-3 /proc/loadavg)"; }

machine_line() {
  echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
}

build_jar_if_missing() {
  if [[ ! -f $JAR || ! -d $BUILD_DIR/test-classes ]]; then
    (cd .. && mvn -B -q -pl scoring-service package -DskipTests)
  fi
}

# start_service LOG VAR=value... : starts the jar with that environment; sets STARTED_PID and STARTED_URL.
start_service() {
  local log=$1 port
  shift
  port=$(free_port)
  env PORT="$port" HOST=127.0.0.1 "$@" java -Xms512m -Xmx512m ${SERVER_JAVA_OPTS:-} -jar "$JAR" > "$log" 2>&1 &
  STARTED_PID=$!
  STARTED_URL=http://127.0.0.1:$port
  for _ in $(seq 1 60); do
    curl -fs "$STARTED_URL/v2/health/ready" > /dev/null 2>&1 && return 0
    sleep 0.5
  done
  cat "$log" >&2
  return 1
}

# CPU time (user + system) a process has used, in clock ticks.
process_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
TICK_US=$(( 1000000 / $(getconf CLK_TCK) ))

# run_wrk NAME URL SCRIPT SECONDS [PID]: one closed-loop wrk run; sets LAST_RPS.
run_wrk() {
  local pid=${5:-$SERVER_PID} out before after rps p50 p99 errors requests
  before=$(process_ticks "$pid")
  out=$(wrk -t1 -c"$CONNECTIONS" -d"$4s" --latency -s "benchmarks/$3" "$2")
  after=$(process_ticks "$pid")
  rps=$(awk '/Requests\/sec/ {print $2}' <<< "$out")
  requests=$(awk '/requests in/ {print $1}' <<< "$out")
  p50=$(awk '$1 == "50%" {print $2}' <<< "$out")
  p99=$(awk '$1 == "99%" {print $2}' <<< "$out")
  errors=$(awk -F': ' '/Non-2xx/ {print $2}' <<< "$out")
  # Server CPU per request hardly depends on what else runs on the box, unlike req/s and p99.
  printf '%-34s %10s req/s   p50 %8s   p99 %8s   server CPU %5s us/req   non-2xx %s\n' "$1" "$rps" "$p50" "$p99" \
    "$(( (after - before) * TICK_US / (requests > 0 ? requests : 1) ))" "${errors:-0}"
  LAST_RPS=${rps%.*}
  # A benchmark that got errors has no figures to report: stop the run. A warm-up (WARM_UP=1) only
  # says how many: a cold JVM may miss a lookup's deadline (503) before the JIT has compiled it.
  if [[ ${WARM_UP:-0} != 1 ]] && { [[ -n $errors ]] || grep -q 'Socket errors' <<< "$out"; }; then
    echo "FAILED: $1: wrk saw non-2xx answers or socket errors:" >&2
    grep -E 'Non-2xx|Socket errors' <<< "$out" >&2
    exit 1
  fi
}
