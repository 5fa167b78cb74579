#!/usr/bin/env node
// lift-duckdb.js - the lift summary of 'liftkit sql summary --dialect duckdb'
// run by DuckDB straight over assignments.csv and openings.csv, for the lift
// benchmark (scripts/bench-lift.sh): the tables assignments and openings are
// views over the CSV files (every column text, open_date a DATE, as a
// warehouse would hold them), so DuckDB reads the files as part of the query.
//
//   node lift-duckdb.js --sql FILE --assignments F --openings F -o OUT.csv [--threads N]
//
// Writes the summary (CSV with a header) and prints "duckdb: SECONDS s" on
// standard error: the query alone, without Node's start-up.  DuckDB comes
// from the npm package @duckdb/node-api (scripts/duckdb-install.sh), located
// through LIFTKIT_DUCKDB_DIR; liftkit itself never depends on it.
'use strict';
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

function die(msg) {
    process.stderr.write(`lift-duckdb: ${msg}\n`);
    process.exit(2);
}

const q = (s) => `'${String(s).replace(/'/g, "''")}'`;

function columns(file, dateCol) {
    const fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(65536);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    fs.closeSync(fd);
    const cols = buf.toString('utf8', 0, n).split(/\r?\n/)[0].split(',');
    return `{${cols.map((c) => `${q(c)}: ${c === dateCol ? "'DATE'" : "'VARCHAR'"}`).join(', ')}}`;
}

async function main() {
    const argv = process.argv.slice(2);
    const a = { threads: '2' };
    for (let i = 0; i < argv.length; i++) {
        const key = argv[i].replace(/^-+/, '');
        if (!['sql', 'assignments', 'openings', 'o', 'threads'].includes(key) || i + 1 >= argv.length)
            die(`unexpected argument '${argv[i]}'`);
        a[key] = argv[++i];
    }
    if (!a.sql || !a.assignments || !a.openings || !a.o)
        die('usage: lift-duckdb.js --sql FILE --assignments F --openings F -o OUT [--threads N]');
    const dir = process.env.LIFTKIT_DUCKDB_DIR;
    if (!dir) die('LIFTKIT_DUCKDB_DIR is not set (run scripts/duckdb-install.sh)');
    const req = createRequire(path.join(path.resolve(dir), 'package.json'));
    const { DuckDBInstance } = req('@duckdb/node-api');
    const inst = await DuckDBInstance.create(':memory:', { threads: String(a.threads) });
    const conn = await inst.connect();
    for (const [name, file, date] of [['assignments', a.assignments, ''],
                                      ['openings', a.openings, 'open_date']])
        await conn.run(`CREATE VIEW ${name} AS SELECT * FROM read_csv(${q(path.resolve(file))},
            header = true, auto_detect = false, columns = ${columns(file, date)})`);
    const sql = fs.readFileSync(a.sql, 'utf8').replace(/;\s*$/, '');
    const t0 = process.hrtime.bigint();
    await conn.run(`COPY (${sql}) TO ${q(path.resolve(a.o))} (HEADER, DELIMITER ',')`);
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    process.stderr.write(`duckdb: ${secs.toFixed(3)} s\n`);
}

main().catch((e) => die(e.message));
