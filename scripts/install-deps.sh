#!/bin/sh
# install-deps.sh [tools|build|check|bench] - install the Debian packages a
# make target needs, when any is missing.  make runs it before every build
# with the class of the goals it was given; one dpkg-query call, so it costs
# a few milliseconds when everything is there.  Needs root (or sudo) only
# when something is actually missing.
#   tools  make and a C compiler (scripts/liftkit.sh, on a bare machine)
#   build  the libraries, cmocka and gnuplot: make, make all, make demo
#   check  build, plus what the tests run: chromium (browser test of the
#          report), python3 (cross-checks, standard library only), Node.js
#          and npm (DuckDB cross-check), postgresql (SQL cross-checks)
#   bench  build, plus /usr/bin/time and Node.js and npm (DuckDB peer)
# LK_DEPS_TEST=0 turns check into build.
set -eu

class=${1:-build}
[ "$class" = check ] && [ "${LK_DEPS_TEST:-1}" = 0 ] && class=build

TOOLS="make gcc libc6-dev"
BUILD="$TOOLS libgsl-dev libcsv-dev libssl-dev libinih-dev libcmocka-dev gnuplot-nox pkg-config"
node=no
case "$class" in
    tools) PKGS=$TOOLS ;;
    build) PKGS=$BUILD ;;
    check) PKGS="$BUILD chromium python3 postgresql" node=yes ;;
    bench) PKGS="$BUILD time" node=yes ;;
    *) echo "install-deps: unknown target class '$class' (tools, build, check, bench)" >&2; exit 2 ;;
esac

# One query for all of them: dpkg-query prints a line for each installed
# package and says nothing (but an error) for the others.
installed=$(dpkg-query -W -f='${db:Status-Status} ${Package}\n' $PKGS 2>/dev/null |
    sed -n 's/^installed //p' | tr '\n' ' ') || true
missing=""
for p in $PKGS; do
    case " $installed" in *" $p "*) ;; *) missing="$missing $p" ;; esac
done
# Any node and npm on the path will do (nvm, NodeSource); else Debian's.
if [ "$node" = yes ] && ! { command -v node && command -v npm; } >/dev/null 2>&1; then
    missing="$missing nodejs npm"
fi
[ -z "$missing" ] && exit 0
missing=${missing# }

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && { [ -t 0 ] || sudo -n true 2>/dev/null; }; then
    SUDO="sudo"
else
    cat >&2 <<EOF
liftkit: cannot install the missing Debian packages: not root, and no sudo
that can run here.  Missing: $missing
Install them as root, then run the same command again:
    apt-get update && apt-get install -y --no-install-recommends $missing
EOF
    exit 1
fi

echo "liftkit: installing missing Debian packages ($class): $missing" >&2
# sudo resets the environment; env carries DEBIAN_FRONTEND through it.
APT="$SUDO env DEBIAN_FRONTEND=noninteractive apt-get"
if [ -t 1 ]; then
    # On a terminal: apt's own progress.
    $APT update
    # shellcheck disable=SC2086
    $APT install -y --no-install-recommends $missing
else
    log=$(mktemp)
    # shellcheck disable=SC2086
    if ! { $APT -q update && $APT -q install -y --no-install-recommends $missing; } >"$log" 2>&1; then
        tail -n 20 "$log" >&2
        rm -f "$log"
        echo "liftkit: apt-get failed; the lines above say why" >&2
        exit 1
    fi
    rm -f "$log"
fi
