#!/usr/bin/env bash
# Installs what Batchwire needs from Debian's packages, only what is missing.
#   scripts/deps.sh          build dependencies (C client headers, pkg-config, tzdata)
#   scripts/deps.sh --servers  also MariaDB and Mosquitto servers and clients (for tests / local runs)
set -euo pipefail

packages=(pkg-config libmariadb-dev default-libmysqlclient-dev libmosquitto-dev libsqlite3-dev tzdata python3)
if [[ "${1:-}" == "--servers" ]]; then
    packages+=(mariadb-server mariadb-client mosquitto mosquitto-clients)
fi

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "deps: installing ${missing[*]}" >&2
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
