#!/bin/sh
# make demo: simulate a campaign and run every built step on it.
set -eu
LIFTKIT=${1:-build/liftkit}
echo "liftkit demo: nothing to run yet" >&2
