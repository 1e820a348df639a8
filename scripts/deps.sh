#!/usr/bin/env bash
# Installs what Batchwire needs from Debian's packages, only what is missing.
#   scripts/deps.sh          build dependencies (C client headers, pkg-config, tzdata)
#   scripts/deps.sh --servers  also MariaDB (with the Galera provider) and Mosquitto servers and clients,
#                              and Chromium with Python's websocket-client for the dashboard's browser test
#                              (for tests / local runs)
set -euo pipefail

packages=(pkg-config libmariadb-dev default-libmysqlclient-dev libmosquitto-dev libsqlite3-dev tzdata python3 libcurl4)
if [[ "${1:-}" == "--servers" ]]; then
    packages+=(mariadb-server mariadb-client galera-4 mosquitto mosquitto-clients chromium)
fi

# The event tests validate payloads with Python's jsonschema (OpenLineage's schemas are draft 2020-12); the
# dashboard's browser test drives Chromium over the DevTools protocol with websocket-client.
ensure_python_module() {
    local module="$1" package="$2"
    python3 -c "import $module" 2>/dev/null && return 0
    echo "deps: installing Python $package" >&2
    python3 -m pip install --quiet "$package" 2>/dev/null || python3 -m pip install --quiet --break-system-packages "$package"
}
ensure_jsonschema() {
    ensure_python_module "jsonschema, referencing" jsonschema
    ensure_python_module websocket websocket-client
}

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
    [[ "${1:-}" == "--servers" ]] && ensure_jsonschema
    exit 0
fi

echo "deps: installing ${missing[*]}" >&2
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
[[ "${1:-}" == "--servers" ]] && ensure_jsonschema
exit 0
