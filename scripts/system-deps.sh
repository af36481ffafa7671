#!/usr/bin/env bash
# Install the Debian packages Kinship Hub needs, only those missing. Usage:
#   scripts/system-deps.sh run     # what `make run` needs (Node for the design system, WeasyPrint's libraries)
#   scripts/system-deps.sh test    # plus Chromium for browser tests, PostgreSQL and Redis (the RQ tasks leg)
set -euo pipefail
want=(nodejs npm libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)
if [ "${1:-run}" = "test" ]; then
  want+=(chromium postgresql redis-server)
fi
missing=()
for pkg in "${want[@]}"; do
  case "$pkg" in
    nodejs) command -v node >/dev/null 2>&1 && continue ;;
    npm) command -v npm >/dev/null 2>&1 && continue ;;
    chromium) [ -x /usr/bin/chromium ] && continue ;;
    redis-server) command -v redis-server >/dev/null 2>&1 && continue ;;
    postgresql) { command -v pg_ctlcluster >/dev/null 2>&1 || command -v psql >/dev/null 2>&1; } && [ -d /usr/lib/postgresql ] && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
