#!/usr/bin/env bash
# A private one-node MariaDB Galera cluster for tests: Debian's mariadb-server with the galera-4
# provider, bootstrapped as a new cluster of one, on 127.0.0.1 only, a non-default SQL port and a
# non-default group-communication port, data under a folder of its own, stopped by the PID this
# script recorded (never by name). The mechanics are shared with scripts/mariadb.sh in
# scripts/mariadb-server.sh.
#
#   scripts/galera.sh start    install mariadb-server and galera-4 if missing, start (no-op if running)
#   scripts/galera.sh stop     stop the node this script started and wait for it to exit
#   scripts/galera.sh status   say whether it runs (exit 0) or not (exit 3)
#   scripts/galera.sh env      print the env file's path: source "$(scripts/galera.sh env)"
#
# Environment:
#   BATCHWIRE_GALERA_PORT        SQL port (default 33517)
#   BATCHWIRE_GALERA_GCOMM_PORT  Galera group-communication port (default 34567; Galera's own is 4567)
#   BATCHWIRE_SERVICES_DIR       parent folder (default /tmp/batchwire-services); data in <dir>/galera
#
# The node gets a database `batchwire_test`, a user `batchwire` (all privileges on it, nothing else)
# and a user `batchwire_admin` (SUPER, to flip `wsrep_reject_queries` the way a rejoining node
# behaves), with random passwords kept in <dir>/galera/env.sh, which exports
# BATCHWIRE_TEST_GALERA_{HOST,PORT,USER,PASSWORD,DATABASE,SOCKET,ADMIN_USER,ADMIN_PASSWORD}.
#
# `SET GLOBAL wsrep_reject_queries = ALL` makes the node answer every client statement on every
# connection, old and new, with error 1047 "WSREP has not yet prepared node for application use",
# exactly as a node that is rejoining the cluster does, while connections stay open and SET/SHOW
# statements still work (so the same session sets it back with `= NONE`). See docs/operations.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
service=galera
port="${BATCHWIRE_GALERA_PORT:-33517}"
port_variable=BATCHWIRE_GALERA_PORT
gcomm_port="${BATCHWIRE_GALERA_GCOMM_PORT:-34567}"
base="${BATCHWIRE_SERVICES_DIR:-/tmp/batchwire-services}/galera"
env_prefix=BATCHWIRE_TEST_GALERA
env_comment="# Written by scripts/galera.sh: the private one-node Galera cluster on 127.0.0.1:$port."
provider=/usr/lib/galera/libgalera_smm.so
admin_user=batchwire_admin
server_args=(
    --wsrep-on=ON
    --wsrep-provider="$provider"
    --wsrep-cluster-name=batchwire-test
    --wsrep-cluster-address=gcomm://
    --wsrep-new-cluster
    --wsrep-node-name=batchwire-test-1
    --wsrep-node-address=127.0.0.1
    --wsrep-provider-options="gmcast.listen_addr=tcp://127.0.0.1:$gcomm_port;gcache.size=32M"
    --binlog-format=ROW
    --default-storage-engine=InnoDB
    --innodb-autoinc-lock-mode=2
)
# shellcheck source=scripts/mariadb-server.sh
source "$here/mariadb-server.sh"
admin_password_file="$base/admin-password"

before_server_start() {
    if [[ ! -f "$provider" ]]; then
        "$here/deps.sh" --servers
        [[ -f "$provider" ]] || { log "$provider is missing (package galera-4)"; return 1; }
    fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$gcomm_port") 2>/dev/null; then
        log "port $gcomm_port on 127.0.0.1 is taken by another process; set BATCHWIRE_GALERA_GCOMM_PORT to a free port"
        return 1
    fi
    # A node that was not shut down cleanly is marked unsafe to bootstrap; this one is the whole cluster.
    if [[ -f "$data/grastate.dat" ]]; then
        sed -i 's/^safe_to_bootstrap:.*/safe_to_bootstrap: 1/' "$data/grastate.dat"
    fi
}

# Up, and a synced member of a primary component (wsrep_ready is not asked: wsrep_reject_queries, left
# at ALL by an interrupted test, turns it off too; provisioning turns that back off).
server_ready() {
    local status
    status="$(root_sql -N -B -e "SHOW GLOBAL STATUS WHERE Variable_name IN
        ('wsrep_cluster_status', 'wsrep_local_state_comment')" 2>/dev/null)" || return 1
    grep -q "wsrep_cluster_status[[:space:]]*Primary" <<<"$status" \
        && grep -q "wsrep_local_state_comment[[:space:]]*Synced" <<<"$status"
}

provision_extra() {
    ensure_password "$admin_password_file"
    local admin_password
    admin_password="$(cat "$admin_password_file")"
    root_sql <<SQL
SET GLOBAL wsrep_reject_queries = NONE;
CREATE USER IF NOT EXISTS '$admin_user'@'%' IDENTIFIED BY '$admin_password';
ALTER USER '$admin_user'@'%' IDENTIFIED BY '$admin_password';
GRANT SUPER, PROCESS ON *.* TO '$admin_user'@'%';
GRANT SELECT ON \`$database\`.* TO '$admin_user'@'%';
FLUSH PRIVILEGES;
SQL
}

write_env_extra() {
    echo "export ${env_prefix}_ADMIN_USER=$admin_user"
    echo "export ${env_prefix}_ADMIN_PASSWORD=$(cat "$admin_password_file")"
}

server_main "$@"
