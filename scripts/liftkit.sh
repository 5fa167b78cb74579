#!/bin/sh
# liftkit.sh [TARGET...] - make TARGET on a machine that may have neither
# make nor a C compiler (a fresh Debian): installs those first, then hands
# over to make, which installs what the target needs.  Needs only sh.
#   sh scripts/liftkit.sh demo      sh scripts/liftkit.sh check
set -eu
cd "$(dirname "$0")/.."
if ! command -v make >/dev/null 2>&1 || ! command -v gcc >/dev/null 2>&1; then
    sh scripts/install-deps.sh tools
fi
exec make "$@"
