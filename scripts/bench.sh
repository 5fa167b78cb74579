#!/bin/sh
# make bench: performance against the libcsv parse floor and the peer.
set -eu
echo "liftkit bench: nothing to measure yet" >&2
