#!/usr/bin/env node
// sql-duckdb.js - run one SELECT statement (the text of 'liftkit sql') in DuckDB
// on tables loaded from CSV files, and write its result as CSV, for the
// warehouse cross-check test.  Every column is loaded as text except the ones
// named as dates, which are DATE, as a warehouse would hold them.
//
//   node sql-duckdb.js --sql FILE -o OUT.csv TABLE=FILE.csv... [--dates a,b]
//
// DuckDB comes from the npm package @duckdb/node-api (scripts/duckdb-install.sh),
// located through LIFTKIT_DUCKDB_DIR; liftkit itself never depends on it.
'use strict';
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

function die(msg) {
    process.stderr.write(`sql-duckdb: ${msg}\n`);
    process.exit(2);
}

const q = (s) => `'${String(s).replace(/'/g, "''")}'`;

function header(file) {
    const fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(65536);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    fs.closeSync(fd);
    return buf.toString('utf8', 0, n).split(/\r?\n/)[0].split(',');
}

async function main() {
    const argv = process.argv.slice(2);
    let sqlFile, out, dates = new Set();
    const tables = [];
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === '--sql') sqlFile = argv[++i];
        else if (argv[i] === '-o') out = argv[++i];
        else if (argv[i] === '--dates') dates = new Set(argv[++i].split(','));
        else if (argv[i].includes('=')) tables.push(argv[i].split('='));
        else die(`unexpected argument '${argv[i]}'`);
    }
    if (!sqlFile || !out) die('usage: sql-duckdb.js --sql FILE -o OUT TABLE=FILE...');
    const dir = process.env.LIFTKIT_DUCKDB_DIR;
    if (!dir) die('LIFTKIT_DUCKDB_DIR is not set (run scripts/duckdb-install.sh)');
    const req = createRequire(path.join(path.resolve(dir), 'package.json'));
    const { DuckDBInstance } = req('@duckdb/node-api');
    const inst = await DuckDBInstance.create(':memory:', { threads: '1' });
    const conn = await inst.connect();
    for (const [name, file] of tables) {
        const cols = header(file).map((c) => `${q(c)}: ${dates.has(c) ? "'DATE'" : "'VARCHAR'"}`);
        await conn.run(`CREATE TABLE ${name} AS SELECT * FROM read_csv(${q(path.resolve(file))},
            header = true, auto_detect = false, columns = {${cols.join(', ')}})`);
    }
    const sql = fs.readFileSync(sqlFile, 'utf8');
    await conn.run(`COPY (${sql}) TO ${q(path.resolve(out))} (HEADER, DELIMITER ',')`);
}

main().catch((e) => die(e.message));
