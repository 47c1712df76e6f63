#!/usr/bin/env bash
# Browser tests drive Debian's chromium through Playwright (a downloaded browser is not used).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "chromium.sh: install Debian's chromium first: sudo apt-get install -y chromium" >&2; exit 1
fi
echo "chromium.sh: installing chromium" >&2
apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
