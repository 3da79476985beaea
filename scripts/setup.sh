#!/usr/bin/env bash
# Installs what modbench needs on a Debian machine (bookworm) with Python 3.11, then the Python environment.
# Idempotent: installs only what is missing. Used by the README's two commands (via make) and CI.
#   scripts/setup.sh          the base install (what `make eval` needs)
#   scripts/setup.sh train    plus the training extra (CPU torch 2.13.0, transformers, trl, peft, ...): the tests
set -euo pipefail
cd "$(dirname "$0")/.."

# The real toolchains: bubblewrap (sandbox), LuaJIT + luacheck, the Luanti 5.6.1 server with minetest_game,
# and a few Debian-packaged community mods that the checker is tested against.
APT_PACKAGES=(bubblewrap luajit lua-check minetest-server minetest-data
              minetest-mod-moreores minetest-mod-basic-materials minetest-mod-unifieddyes
              minetest-mod-mobs-redo minetest-mod-ethereal)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v uv >/dev/null 2>&1; then
  echo "setup: installing uv"
  python3 -m pip install --quiet --user uv 2>/dev/null || python3 -m pip install --quiet --break-system-packages --user uv
  export PATH="$HOME/.local/bin:$PATH"
fi

if [ "${1:-}" = "train" ]; then
  uv sync --frozen --quiet --extra train
else
  uv sync --frozen --quiet --inexact     # --inexact: keep the training extra if a test run installed it
fi
