# The SQL of 'liftkit sql --dialect postgres' run by a PostgreSQL server this
# case starts itself (Debian's postgresql package: a temporary data
# directory, a Unix socket in it, no TCP, stopped at the end whatever
# happens; as root the server runs as the user postgres, else nobody) gives
# liftkit's own assignments, attribution and summaries:
# tests/cli/sql-check.sh.  Skipped with the reason when there is no
# PostgreSQL or it cannot start.
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ] && [ -x "$PGBIN/pg_ctl" ] ||
    skip "PostgreSQL is not installed (Debian package postgresql)"
PSQL="$PGBIN/psql"
[ -x "$PSQL" ] || PSQL=$(command -v psql) || skip "psql is not installed"
PG=$(mktemp -d) || fail "cannot make a temporary folder"
as_owner() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
    owner=postgres
    id "$owner" >/dev/null 2>&1 || owner=nobody
    chown "$owner" "$PG" || fail "cannot give $PG to $owner"
    as_owner() { runuser -u "$owner" -- "$@"; }
fi
stop_server() {
    [ -f "$PG/data/postmaster.pid" ] && as_owner "$PGBIN/pg_ctl" -D "$PG/data" -m immediate \
        stop >/dev/null 2>&1
    rm -rf "$PG"
}
trap stop_server EXIT
as_owner "$PGBIN/initdb" -D "$PG/data" -U liftkit -A trust -E UTF8 --locale=C.UTF-8 \
    --no-sync >"$PG/initdb.log" 2>&1 ||
    skip "initdb failed: $(tail -n 1 "$PG/initdb.log")"
as_owner "$PGBIN/pg_ctl" -D "$PG/data" -l "$PG/server.log" -w -t 60 \
    -o "-c listen_addresses='' -k $PG -c fsync=off" start >/dev/null 2>&1 ||
    skip "the PostgreSQL server did not start: $(tail -n 1 "$PG/server.log")"
pg() { PGOPTIONS='-c client_min_messages=warning' "$PSQL" -X -q -h "$PG" -U liftkit -d postgres -v ON_ERROR_STOP=1 "$@"; }

DIALECT=postgres
load() { # load TABLE FILE: a table of text columns (dates DATE) filled from FILE
    cols=$(head -n 1 "$2" | awk -F, -v dates=",${DATES:-open_date},offer_date," '{
        for (i = 1; i <= NF; i++)
            printf "%s%s %s", (i > 1 ? ", " : ""), $i,
                   index(dates, "," $i ",") ? "date" : "text" }')
    pg -c "DROP TABLE IF EXISTS $1; CREATE TABLE $1 ($cols)" &&
        pg -c "COPY $1 FROM STDIN WITH (FORMAT csv, HEADER)" < "$2"
}
run_sql() { # run_sql SQLFILE OUT TABLE=FILE...
    sql=$1 out=$2
    shift 2
    for t in "$@"; do
        load "${t%%=*}" "${t#*=}" 2>pg.err || { cat pg.err; fail "cannot load $t"; }
    done
    { echo "COPY ("; cat "$sql"; echo ") TO STDOUT WITH (FORMAT csv, HEADER)"; } > q.sql
    pg -f q.sql > "$out" 2>pg.err || { cat pg.err; fail "postgres failed on $sql"; }
}
. "$ROOT/tests/cli/sql-check.sh"
