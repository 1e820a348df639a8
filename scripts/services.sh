#!/usr/bin/env bash
# Starts and stops the private test/development servers: MariaDB (scripts/mariadb.sh), a one-node
# MariaDB Galera cluster (scripts/galera.sh) and Mosquitto (scripts/mosquitto.sh), all on 127.0.0.1
# on non-default ports, data under ${BATCHWIRE_SERVICES_DIR:-/tmp/batchwire-services}, each stopped
# by the PID it recorded.
#
#   scripts/services.sh start    install if missing, start all three, write the combined env file
#   scripts/services.sh stop     stop all three
#   scripts/services.sh status   show all three
#   scripts/services.sh env      print the combined env file's path: source "$(scripts/services.sh env)"
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="${BATCHWIRE_SERVICES_DIR:-/tmp/batchwire-services}"
export BATCHWIRE_SERVICES_DIR="$dir"
env_file="$dir/env.sh"

case "${1:-}" in
start)
    "$here/deps.sh" --servers
    mkdir -p "$dir"
    "$here/mariadb.sh" start
    "$here/galera.sh" start
    "$here/mosquitto.sh" start
    {
        echo "# Written by scripts/services.sh: the private MariaDB, Galera node and Mosquitto."
        echo "source \"$("$here/mariadb.sh" env)\""
        echo "source \"$("$here/galera.sh" env)\""
        echo "source \"$("$here/mosquitto.sh" env)\""
    } >"$env_file"
    echo "services: ready; source $env_file" >&2
    ;;
stop)
    status=0
    "$here/mosquitto.sh" stop || status=$?
    "$here/galera.sh" stop || status=$?
    "$here/mariadb.sh" stop || status=$?
    exit $status
    ;;
status)
    "$here/mariadb.sh" status || true
    "$here/galera.sh" status || true
    "$here/mosquitto.sh" status || true
    ;;
env)
    echo "$env_file"
    ;;
*)
    echo "usage: scripts/services.sh start|stop|status|env" >&2
    exit 64
    ;;
esac
