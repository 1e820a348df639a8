# shellcheck shell=bash
# What scripts/mariadb.sh and scripts/galera.sh share: one private mariadbd on 127.0.0.1, its data
# in a folder of its own, started as a plain child so that $! is mariadbd's own PID, stopped by that
# recorded PID (never by name), a test database and user with a random password kept in an env file.
# Sourced, not run. The sourcing script sets, before it calls `server_main "$@"`:
#
#   service          name in messages and in the env file's comment, e.g. `mariadb`
#   port             TCP port on 127.0.0.1
#   port_variable    the variable that sets the port, for the "port taken" message
#   base             the service's folder (data/, run/, logs, pid file, password, env file)
#   env_prefix       the env file's variable prefix, e.g. BATCHWIRE_TEST_MYSQL
#   env_comment      the env file's first line
#   server_args      an array of mariadbd options beyond the common ones
# and may define these functions (each a no-op unless defined):
#   before_server_start    runs right before mariadbd starts (e.g. mark a Galera node safe to bootstrap)
#   server_ready           returns 0 once the server may take the test's queries (after it answers ping)
#   provision_extra        SQL or setup after the common provisioning (reads $password)
#   write_env_extra        prints extra `export` lines for the env file

data="$base/data"
run="$base/run"
socket="$run/mysqld.sock"
pid_file="$base/mariadbd.pid"
log_file="$base/error.log"
env_file="$base/env.sh"
password_file="$base/password"
database="${database:-batchwire_test}"
user="${user:-batchwire}"

log() { echo "$service: $*" >&2; }

# The PID this script recorded, if that process is still a live mariadbd.
running_pid() {
    [[ -f "$pid_file" ]] || return 1
    local pid
    pid="$(cat "$pid_file")"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    # A process that died but was not reaped yet (a zombie) still has its name.
    [[ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ]] || return 1
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

# A random password, generated once per folder and kept (mode 600) in `file`.
ensure_password() {
    local file="$1"
    if [[ ! -s "$file" ]]; then
        (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$file")
    fi
}

write_env() {
    local password
    password="$(cat "$password_file")"
    local tmp="$env_file.tmp"
    {
        echo "$env_comment"
        echo "export ${env_prefix}_HOST=127.0.0.1"
        echo "export ${env_prefix}_PORT=$port"
        echo "export ${env_prefix}_USER=$user"
        echo "export ${env_prefix}_PASSWORD=$password"
        echo "export ${env_prefix}_DATABASE=$database"
        echo "export ${env_prefix}_SOCKET=$socket"
        if declare -F write_env_extra >/dev/null; then write_env_extra; fi
    } >"$tmp"
    chmod 600 "$tmp"
    mv "$tmp" "$env_file"
}

provision() {
    ensure_password "$password_file"
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
    if declare -F provision_extra >/dev/null; then provision_extra; fi
    write_env
}

# Whether the server is up and, where the service says so, ready for the test's queries.
answers() {
    ping_server || return 1
    if declare -F server_ready >/dev/null; then server_ready || return 1; fi
    return 0
}

start() {
    local pid
    if pid="$(running_pid)"; then
        if answers; then
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
        log "port $port on 127.0.0.1 is taken by another process; set $port_variable to a free port"
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
    if declare -F before_server_start >/dev/null; then before_server_start; fi

    # Started as a plain command so that $! is mariadbd's own PID; no fd is left open to our caller.
    mariadbd --no-defaults "${as_user[@]}" --datadir="$data" --bind-address=127.0.0.1 --port="$port" \
        --socket="$socket" --pid-file="$run/mysqld.pid" --log-error="$log_file" --skip-log-bin \
        --skip-name-resolve --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
        --max-connections=1000 "${server_args[@]}" </dev/null >>"$base/stdout.log" 2>&1 &
    pid=$!
    echo "$pid" >"$pid_file"
    disown "$pid" 2>/dev/null || true

    for _ in $(seq 1 300); do
        if answers; then
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
    kill -TERM "$pid" 2>/dev/null || true  # it may have exited since running_pid looked
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

server_main() {
    case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status)
        local pid
        if pid="$(running_pid)"; then
            echo "$service: running (pid $pid, 127.0.0.1:$port, socket $socket)"
        else
            echo "$service: stopped"
            exit 3
        fi
        ;;
    env)
        echo "$env_file"
        [[ -f "$env_file" ]] || { log "no env file yet: run scripts/$service.sh start"; exit 1; }
        ;;
    *)
        echo "usage: scripts/$service.sh start|stop|status|env" >&2
        exit 64
        ;;
    esac
}
