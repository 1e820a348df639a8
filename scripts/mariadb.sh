#!/usr/bin/env bash
# A private MariaDB server for tests and local runs: 127.0.0.1 only, a non-default port, data
# under a folder of its own, stopped by the PID this script recorded (never by name). The
# mechanics are shared with scripts/galera.sh in scripts/mariadb-server.sh.
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
service=mariadb
port="${BATCHWIRE_MYSQL_PORT:-33507}"
port_variable=BATCHWIRE_MYSQL_PORT
base="${BATCHWIRE_SERVICES_DIR:-/tmp/batchwire-services}/mariadb"
env_prefix=BATCHWIRE_TEST_MYSQL
env_comment="# Written by scripts/mariadb.sh: the private MariaDB on 127.0.0.1:$port."
server_args=()
# shellcheck source=scripts/mariadb-server.sh
source "$here/mariadb-server.sh"

server_main "$@"
