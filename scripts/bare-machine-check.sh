#!/usr/bin/env bash
# Runs a command as on a bare machine: chromium, compilers and make hidden from /usr/bin
# (overlay whose upper folder holds whiteouts) inside a private mount namespace. Needs
# root and unshare(1). Used to prove that `npm ci`, `npm start` and `npm test` need no
# system browser and no native build.
#   sudo bash scripts/bare-machine-check.sh 'cd /tmp/clone && npm ci && npm test'
set -euo pipefail
if [ "${1:-}" = "" ]; then echo "usage: $0 'command to run with the toolchain hidden'" >&2; exit 2; fi
if [ "${BARE_MACHINE_INNER:-}" != "1" ]; then
  exec unshare -m env BARE_MACHINE_INNER=1 bash "$0" "$@"
fi
mount --make-rprivate /
work=$(mktemp -d /tmp/bare-machine.XXXXXX)
mkdir -p "$work/upper" "$work/work"
hidden=()
for candidate in /usr/bin/{chromium,chromium-browser,google-chrome,g++,gcc,cc,c++,make,python3,clang,node-gyp}{,-[0-9]*,.[0-9]*} /usr/bin/x86_64-linux-gnu-{gcc,g++}{,-[0-9]*}; do
  [ -e "$candidate" ] || continue
  name=$(basename "$candidate")
  mknod "$work/upper/$name" c 0 0
  hidden+=("$name")
done
mount -t overlay overlay -o "lowerdir=/usr/bin,upperdir=$work/upper,workdir=$work/work" /usr/bin
# Python from a version manager (pyenv) would still let node-gyp start.
PATH=$(printf '%s' "$PATH" | tr ':' '\n' | grep -v -e pyenv -e '/\.local/' | paste -sd: -)
export PATH
for name in chromium g++ gcc cc make python3; do
  if command -v "$name" >/dev/null 2>&1; then echo "bare-machine-check: $name is still visible at $(command -v "$name")" >&2; exit 1; fi
done
echo "bare-machine-check: hidden from /usr/bin: ${hidden[*]}"
bash -c "$1"
