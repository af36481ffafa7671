#!/usr/bin/env bash
# Make `uv` available: it manages Kinship Hub's Python environment from uv.lock.
set -euo pipefail
export PATH="$HOME/.local/bin:$PATH"
command -v uv >/dev/null 2>&1 && exit 0
if ! python3 -m pip --version >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-pip >/dev/null
fi
python3 -m pip install --user --quiet uv 2>/dev/null \
  || python3 -m pip install --user --quiet --break-system-packages uv
