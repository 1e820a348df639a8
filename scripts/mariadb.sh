#!/usr/bin/env bash
# A private MariaDB server for tests and local runs: 127.0.0.1 only, a non-default port, data
# under a folder of its own, stopped by the PID this script recorded (never by name).
#
#   scripts/mariadb.sh start    install mariadb-server if missing, start (no-op if already running)
#   scripts/mariadb.sh stop     stop the server this script started and wait for it to exit
#   scripts/mariadb.sh status   say whether it runs (exit 0) or not (exit 3)
#   scripts/mariadb.sh env      print the env file's path: source "$(scripts/mariadb.sh env)"
#
# Environment:
#   BATCHWIRE_MYSQL_PORT      TCP port (default 33507)
#   BATCHWIRE_SERVICES_DIR    parent folder (default /tmp/batchwire-services); data in <dir>/mariadb
#
# The server gets a database `batchwire_test` and a user `batchwire` whose random password is
# kept in <dir>/mariadb/env.sh, which exports BATCHWIRE_TEST_MYSQL_{HOST,PORT,USER,PASSWORD,
# DATABASE,SOCKET}. Works as root (the server then runs with --user=root) and as a normal user.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
port="${BATCHWIRE_MYSQL_PORT:-33507}"
base="${BATCHWIRE_SERVICES_DIR:-/tmp/batchwire-services}/mariadb"
data="$base/data"
run="$base/run"
socket="$run/mysqld.sock"
pid_file="$base/mariadbd.pid"
log_file="$base/error.log"
env_file="$base/env.sh"
password_file="$base/password"
database="batchwire_test"
user="batchwire"

log() { echo "mariadb: $*" >&2; }

# The PID this script recorded, if that process is still a live mariadbd.
running_pid() {
    [[ -f "$pid_file" ]] || return 1
    local pid
    pid="$(cat "$pid_file")"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == mariadbd* || "$(cat "/proc/$pid/comm" 2>/dev/null)" == mysqld* ]] \
        || return 1
    echo "$pid"
}

root_sql() {
    mariadb --no-defaults --protocol=SOCKET --socket="$socket" -uroot "$@"
}

ping_server() {
    mariadb-admin --no-defaults --protocol=SOCKET --socket="$socket" -uroot --connect-timeout=1 ping \
        >/dev/null 2>&1
}

write_env() {
    local password
    password="$(cat "$password_file")"
    local tmp="$env_file.tmp"
    {
        echo "# Written by scripts/mariadb.sh: the private MariaDB on 127.0.0.1:$port."
        echo "export BATCHWIRE_TEST_MYSQL_HOST=127.0.0.1"
        echo "export BATCHWIRE_TEST_MYSQL_PORT=$port"
        echo "export BATCHWIRE_TEST_MYSQL_USER=$user"
        echo "export BATCHWIRE_TEST_MYSQL_PASSWORD=$password"
        echo "export BATCHWIRE_TEST_MYSQL_DATABASE=$database"
        echo "export BATCHWIRE_TEST_MYSQL_SOCKET=$socket"
    } >"$tmp"
    chmod 600 "$tmp"
    mv "$tmp" "$env_file"
}

provision() {
    if [[ ! -s "$password_file" ]]; then
        (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$password_file")
    fi
    local password
    password="$(cat "$password_file")"
    root_sql <<SQL
CREATE DATABASE IF NOT EXISTS \`$database\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$user'@'%' IDENTIFIED BY '$password';
CREATE USER IF NOT EXISTS '$user'@'localhost' IDENTIFIED BY '$password';
ALTER USER '$user'@'%' IDENTIFIED BY '$password';
ALTER USER '$user'@'localhost' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON \`$database\`.* TO '$user'@'%';
GRANT ALL PRIVILEGES ON \`$database\`.* TO '$user'@'localhost';
FLUSH PRIVILEGES;
SQL
    write_env
}

start() {
    if pid="$(running_pid)"; then
        if ping_server; then
            provision
            log "already running (pid $pid, port $port)"
            return 0
        fi
        log "pid $pid is recorded but does not answer; stopping it first"
        stop
    fi
    rm -f "$pid_file"

    if ! command -v mariadbd >/dev/null 2>&1 && [[ ! -x /usr/sbin/mariadbd ]]; then
        "$here/deps.sh" --servers
    fi
    export PATH="$PATH:/usr/sbin:/usr/bin"

    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        log "port $port on 127.0.0.1 is taken by another process; set BATCHWIRE_MYSQL_PORT to a free port"
        return 1
    fi

    mkdir -p "$data" "$run"
    local as_user=()
    [[ $(id -u) -eq 0 ]] && as_user=(--user=root)

    if [[ ! -d "$data/mysql" ]]; then
        log "initializing $data"
        if ! mariadb-install-db --no-defaults "${as_user[@]}" --datadir="$data" \
            --auth-root-authentication-method=normal --skip-test-db --skip-name-resolve \
            >"$base/install.log" 2>&1; then
            log "mariadb-install-db failed; see $base/install.log"
            rm -rf "$data"
            return 1
        fi
    fi

    # Started as a plain command so that $! is mariadbd's own PID; no fd is left open to our caller.
    mariadbd --no-defaults "${as_user[@]}" --datadir="$data" --bind-address=127.0.0.1 --port="$port" \
        --socket="$socket" --pid-file="$run/mysqld.pid" --log-error="$log_file" --skip-log-bin \
        --skip-name-resolve --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
        --max-connections=300 </dev/null >>"$base/stdout.log" 2>&1 &
    local pid=$!
    echo "$pid" >"$pid_file"
    disown "$pid" 2>/dev/null || true

    for _ in $(seq 1 300); do
        if ping_server; then
            provision
            log "started (pid $pid, 127.0.0.1:$port, socket $socket); env file $env_file"
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            log "mariadbd exited during startup; last lines of $log_file:"
            tail -n 20 "$log_file" >&2 || true
            rm -f "$pid_file"
            return 1
        fi
        sleep 0.1
    done
    log "mariadbd did not answer within 30 s; see $log_file"
    return 1
}

stop() {
    local pid
    if ! pid="$(running_pid)"; then
        rm -f "$pid_file"
        log "not running"
        return 0
    fi
    kill -TERM "$pid"
    for _ in $(seq 1 600); do
        if ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$pid_file"
            log "stopped (pid $pid)"
            return 0
        fi
        sleep 0.1
    done
    log "pid $pid did not exit within 60 s after SIGTERM"
    return 1
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status)
    if pid="$(running_pid)"; then
        echo "mariadb: running (pid $pid, 127.0.0.1:$port, socket $socket)"
    else
        echo "mariadb: stopped"
        exit 3
    fi
    ;;
env)
    echo "$env_file"
    [[ -f "$env_file" ]] || { log "no env file yet: run scripts/mariadb.sh start"; exit 1; }
    ;;
*)
    echo "usage: scripts/mariadb.sh start|stop|status|env" >&2
    exit 64
    ;;
esac
