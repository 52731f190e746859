# Process supervision for ./run-local.sh (sourced, not run; bash 4.3 or newer). Each process is started under a name,
# with its output appended to $LOG_DIR/<name>.log and its pid in $LOG_DIR/<name>.pid. One that exits while the
# platform runs is logged and started again after a backoff: 1 s, doubling while it keeps failing up to 30 s, and back
# to 1 s once it has run for a minute, as compose's "restart: unless-stopped" does. Ctrl-C still stops everything.
#
#   supervised_start NAME COMMAND…   start it now, and from now on keep it running
#   supervise                        watch and restart, until a signal's trap ends the script
#   stop_supervised                  stop them all (SIGTERM, the first one started last; SIGKILL after a timeout)

SUPERVISED=()                  # names, in the order they were started
declare -A SUPERVISED_COMMAND=() SUPERVISED_PID=() SUPERVISED_SINCE=() SUPERVISED_DELAY=() SUPERVISED_RESTART_AT=()
RESTART_FIRST_DELAY=${RESTART_FIRST_DELAY:-1}
RESTART_MAX_DELAY=${RESTART_MAX_DELAY:-30}
RESTART_STABLE_AFTER=${RESTART_STABLE_AFTER:-60}
STOP_TIMEOUT=${STOP_TIMEOUT:-60}

supervision_note() { echo "[$(date +%H:%M:%S)] $*" >&"${SUPERVISION_FD:-2}"; }

supervised_start() { # name, command…
  local name=$1; shift
  SUPERVISED+=("$name")
  SUPERVISED_COMMAND[$name]=$(printf '%q ' "$@")
  SUPERVISED_DELAY[$name]=$RESTART_FIRST_DELAY
  # Emptied before the start, so a readiness check never reads the previous run's lines.
  : >"$LOG_DIR/$name.log"
  supervised_launch "$name"
}

supervised_launch() { # name
  local name=$1
  # exec: the pid is the process itself, not a shell around it, so a signal sent to it reaches it.
  eval "exec ${SUPERVISED_COMMAND[$name]}" >>"$LOG_DIR/$name.log" 2>&1 &
  SUPERVISED_PID[$name]=$!
  SUPERVISED_SINCE[$name]=$SECONDS
  echo "$!" >"$LOG_DIR/$name.pid"
}

supervise() {
  # Bash reports a background process killed by a signal on its own stderr, naming this file's eval line; the
  # notes say it better, so they go to the original stderr (fd 3) and bash's report nowhere.
  SUPERVISION_FD=3
  supervise_rounds 3>&2 2>/dev/null
}

supervise_rounds() {
  local name pid status
  while :; do
    for name in "${SUPERVISED[@]}"; do
      pid=${SUPERVISED_PID[$name]}
      if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
        status=0
        wait "$pid" 2>/dev/null || status=$?
        supervised_exited "$name" "$status"
      elif [ -z "$pid" ] && [ "$SECONDS" -ge "${SUPERVISED_RESTART_AT[$name]}" ]; then
        echo "--- restarted by the supervisor at $(date +%H:%M:%S) ---" >>"$LOG_DIR/$name.log"
        supervised_launch "$name"
        supervision_note "$name restarted (pid ${SUPERVISED_PID[$name]})."
      fi
    done
    sleep 1
  done
}

supervised_exited() { # name, exit status
  local name=$1 status=$2 how
  local ran=$((SECONDS - SUPERVISED_SINCE[$name]))
  if [ "$ran" -ge "$RESTART_STABLE_AFTER" ]; then
    SUPERVISED_DELAY[$name]=$RESTART_FIRST_DELAY
  fi
  local delay=${SUPERVISED_DELAY[$name]}
  if [ "$status" -gt 128 ]; then
    how="killed by SIG$(kill -l $((status - 128)) 2>/dev/null || echo $((status - 128)))"
  else
    how="exit status $status"
  fi
  supervision_note "$name exited unexpectedly ($how) after ${ran}s; restarting it in ${delay}s. Its log: $LOG_DIR/$name.log"
  SUPERVISED_PID[$name]=
  rm -f "$LOG_DIR/$name.pid"
  SUPERVISED_RESTART_AT[$name]=$((SECONDS + delay))
  SUPERVISED_DELAY[$name]=$((delay * 2 > RESTART_MAX_DELAY ? RESTART_MAX_DELAY : delay * 2))
}

# The first process started (the embedded stack the others need) stops last, so the others' graceful shutdowns (a
# worker hands its runs back) can still reach it.
stop_supervised() {
  if [ ${#SUPERVISED[@]} -gt 1 ]; then
    stop_processes "${SUPERVISED[@]:1}"
  fi
  if [ ${#SUPERVISED[@]} -gt 0 ]; then
    stop_processes "${SUPERVISED[0]}"
  fi
}

stop_processes() { # names…: SIGTERM, then SIGKILL for any still running after STOP_TIMEOUT seconds
  local name pid started=$SECONDS running
  for name in "$@"; do
    pid=${SUPERVISED_PID[$name]}
    if [ -n "$pid" ]; then
      kill -TERM "$pid" 2>/dev/null || true
    fi
  done
  while :; do
    running=()
    for name in "$@"; do
      pid=${SUPERVISED_PID[$name]}
      if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        running+=("$pid")
      fi
    done
    if [ ${#running[@]} -eq 0 ]; then
      break
    fi
    if [ $((SECONDS - started)) -ge "$STOP_TIMEOUT" ]; then
      supervision_note "Still running after ${STOP_TIMEOUT}s, killed: ${running[*]}"
      kill -KILL "${running[@]}" 2>/dev/null || true
    fi
    sleep 0.2
  done
  for name in "$@"; do
    pid=${SUPERVISED_PID[$name]}
    if [ -n "$pid" ]; then
      wait "$pid" 2>/dev/null || true
    fi
    SUPERVISED_PID[$name]=
    rm -f "$LOG_DIR/$name.pid"
  done
}
