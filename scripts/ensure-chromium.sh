#!/usr/bin/env bash
# The browser tests use Debian's Chromium (never a downloaded browser build).
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Chromium from Debian's packages…"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core) >/dev/null 2>&1
fi
[ -x /usr/bin/chromium ] || { echo "Chromium is not installed: run 'apt-get install chromium' as root."; exit 1; }
