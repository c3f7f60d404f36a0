#!/usr/bin/env bash
# Installs what the tests need beyond npm packages, when missing: Java for DynamoDB Local
# and Debian's Chromium for the browser tests. Never downloads a browser of its own.
set -euo pipefail

need=()
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jre-headless)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${need[*]} for the tests (apt-get)…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
elif command -v sudo >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${need[*]} for the tests (sudo apt-get)…"
  sudo apt-get update -qq
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "The tests need ${need[*]}: install them with your package manager (Chromium at /usr/bin/chromium) and run npm test again." >&2
  exit 1
fi
