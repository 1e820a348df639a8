#!/usr/bin/env bash
# A private Mosquitto broker on 127.0.0.1 for tests and local runs: never anonymous (password
# file + ACL), no persistence unless asked, stopped only by the PID it recorded.
#
#   scripts/mosquitto.sh start  [--dir D] [--port P] [--persistent]
#                                                      install if missing, start (idempotent), write D/env.sh;
#                                                      --persistent keeps sessions and queued messages in D
#                                                      across a stop and start (tests of broker outages)
#   scripts/mosquitto.sh stop   [--dir D]              stop the broker whose PID is in D/mosquitto.pid
#   scripts/mosquitto.sh status [--dir D]              exit 0 when running
#   scripts/mosquitto.sh env    [--dir D]              print the env file's path: source "$(scripts/mosquitto.sh env)"
#
# Defaults: D = ${BATCHWIRE_SERVICES_DIR:-/tmp/batchwire-services}/mosquitto,
#           P = ${BATCHWIRE_MQTT_PORT:-18883}.
# Users (passwords are generated once per directory and kept in D/credentials, mode 600):
#   batchwire  reads and writes batchwire/# (shared subscriptions included)
#   viewer     reads batchwire/# only
# The env file exports BATCHWIRE_TEST_MQTT_{HOST,PORT,USER,PASSWORD,VIEWER_USER,VIEWER_PASSWORD}.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

command="${1:-}"
[[ $# -gt 0 ]] && shift
dir="${BATCHWIRE_SERVICES_DIR:-/tmp/batchwire-services}/mosquitto"
port="${BATCHWIRE_MQTT_PORT:-18883}"
persistent=false
while [[ $# -gt 0 ]]; do
    case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --dir=*) dir="${1#--dir=}"; shift ;;
    --port) port="$2"; shift 2 ;;
    --port=*) port="${1#--port=}"; shift ;;
    --persistent) persistent=true; shift ;;
    *) echo "mosquitto.sh: unknown option $1" >&2; exit 64 ;;
    esac
done
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
pid_file="$dir/mosquitto.pid"
conf="$dir/mosquitto.conf"
env_file="$dir/env.sh"
log_file="$dir/mosquitto.log"

# Prints the recorded PID when that process is alive and is our mosquitto (guards against PID reuse).
running_pid() {
    [[ -f "$pid_file" ]] || return 1
    local pid
    pid="$(cat "$pid_file")"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    [[ -r "/proc/$pid/cmdline" ]] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "mosquitto -c $conf" || return 1
    echo "$pid"
}

random_password() {
    head -c 18 /dev/urandom | base64 | tr -d '/+=' | head -c 20
}

# Publishes one empty message as `batchwire`: succeeds once the broker accepts connections.
probe() {
    # shellcheck disable=SC1090
    source "$env_file"
    mosquitto_pub -h 127.0.0.1 -p "$BATCHWIRE_TEST_MQTT_PORT" -u "$BATCHWIRE_TEST_MQTT_USER" \
        -P "$BATCHWIRE_TEST_MQTT_PASSWORD" -t batchwire/probe -n -q 1 >/dev/null 2>&1
}

start() {
    if pid="$(running_pid)"; then
        echo "mosquitto: already running (pid $pid, $dir)" >&2
        return 0
    fi
    command -v mosquitto >/dev/null && command -v mosquitto_passwd >/dev/null && command -v mosquitto_pub >/dev/null \
        || "$here/deps.sh" --servers
    local mosquitto
    mosquitto="$(command -v mosquitto || echo /usr/sbin/mosquitto)"

    if [[ ! -f "$dir/credentials" ]]; then
        (umask 077 && {
            echo "batchwire_password=$(random_password)"
            echo "viewer_password=$(random_password)"
        } >"$dir/credentials")
    fi
    # shellcheck disable=SC1091
    source "$dir/credentials"
    (umask 077 && : >"$dir/passwd")
    mosquitto_passwd -b "$dir/passwd" batchwire "$batchwire_password"
    mosquitto_passwd -b "$dir/passwd" viewer "$viewer_password"

    cat >"$dir/acl" <<'EOF'
# batchwire: the scheduler nodes and tools (and the example trigger topics under triggers/); viewer: read-only monitors.
user batchwire
topic readwrite batchwire/#
topic readwrite triggers/#

user viewer
topic read batchwire/#
EOF

    cat >"$conf" <<EOF
# Written by scripts/mosquitto.sh: a private broker for tests and local runs.
per_listener_settings false
allow_anonymous false
password_file $dir/passwd
acl_file $dir/acl
persistence $persistent
persistence_location $dir/
user root
listener $port 127.0.0.1
# Without it the broker's small packets (PUBACKs, forwarded messages) wait up to 40 ms for a delayed ACK.
set_tcp_nodelay true
# The Receive Maximum sent to MQTT 5 clients (and the outgoing window per client). At the default 20 a
# publisher waits for a PUBACK before each further message, which caps the relay's rate.
max_inflight_messages 1000
log_dest file $log_file
log_type error
log_type warning
log_type notice
log_type information
connection_messages true
EOF

    cat >"$env_file" <<EOF
# Written by scripts/mosquitto.sh: the private Mosquitto broker in $dir.
export BATCHWIRE_TEST_MQTT_HOST=127.0.0.1
export BATCHWIRE_TEST_MQTT_PORT=$port
export BATCHWIRE_TEST_MQTT_USER=batchwire
export BATCHWIRE_TEST_MQTT_PASSWORD=$batchwire_password
export BATCHWIRE_TEST_MQTT_VIEWER_USER=viewer
export BATCHWIRE_TEST_MQTT_VIEWER_PASSWORD=$viewer_password
EOF
    chmod 600 "$env_file"

    # A plain background command, so that $! is mosquitto's own PID. When python3 is there it
    # execs mosquitto (same PID) after unblocking every signal and closing inherited descriptors:
    # a caller such as a Swift test process may have SIGTERM blocked, which the child would inherit
    # (and then ignore `stop`), and may leak client sockets the broker must not hold open.
    if command -v python3 >/dev/null; then
        python3 -c 'import os, signal, sys
signal.pthread_sigmask(signal.SIG_SETMASK, [])
for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGPIPE):
    signal.signal(number, signal.SIG_DFL)
os.closerange(3, os.sysconf("SC_OPEN_MAX"))
os.execv(sys.argv[1], sys.argv[1:])' "$mosquitto" -c "$conf" >>"$dir/stdout.log" 2>&1 </dev/null &
    else
        "$mosquitto" -c "$conf" >>"$dir/stdout.log" 2>&1 </dev/null &
    fi
    local pid=$!
    echo "$pid" >"$pid_file"

    local tries=0
    until probe; do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "mosquitto: the broker exited while starting; see $log_file and $dir/stdout.log:" >&2
            tail -n 20 "$log_file" "$dir/stdout.log" >&2 2>/dev/null || true
            rm -f "$pid_file"
            return 1
        fi
        tries=$((tries + 1))
        if [[ $tries -ge 100 ]]; then
            echo "mosquitto: not answering on 127.0.0.1:$port after 10 s; see $log_file" >&2
            stop
            return 1
        fi
        sleep 0.1
    done
    echo "mosquitto: running on 127.0.0.1:$port (pid $(cat "$pid_file"), $dir)" >&2
}

stop() {
    local pid
    if ! pid="$(running_pid)"; then
        rm -f "$pid_file"
        echo "mosquitto: not running ($dir)" >&2
        return 0
    fi
    kill -TERM "$pid" 2>/dev/null || true
    local tries=0
    # A killed child of an exited shell may linger as a zombie until init reaps it: count it as gone.
    while kill -0 "$pid" 2>/dev/null && [[ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != "Z" ]]; do
        tries=$((tries + 1))
        if [[ $tries -eq 100 ]]; then
            echo "mosquitto: pid $pid ignored SIGTERM for 10 s; sending SIGKILL" >&2
            kill -KILL "$pid" 2>/dev/null || true
        fi
        sleep 0.1
    done
    rm -f "$pid_file"
    echo "mosquitto: stopped (pid $pid)" >&2
}

case "$command" in
start) start ;;
stop) stop ;;
status)
    if pid="$(running_pid)"; then
        echo "mosquitto: running (pid $pid, $dir)"
    else
        echo "mosquitto: not running ($dir)"
        exit 1
    fi
    ;;
env) echo "$env_file" ;;
*)
    echo "usage: scripts/mosquitto.sh start|stop|status|env [--dir D] [--port P]" >&2
    exit 64
    ;;
esac
