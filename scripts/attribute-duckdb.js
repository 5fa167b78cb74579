#!/usr/bin/env node
// attribute-duckdb.js - an independent implementation of 'liftkit attribute'
// (docs/methods.md, "Attribution") as one SQL query run by DuckDB, for the cross-check
// test and the benchmark.  DuckDB comes from the npm package @duckdb/node-api,
// installed by scripts/duckdb-install.sh into a cache outside the repository;
// it is never a dependency of liftkit itself.
//
//   node attribute-duckdb.js run -e EXP --offers F --openings F -o OUT
//        [--rule last|first|linear|decay[=DAYS]] [--threads N] [--sql]
//   node attribute-duckdb.js compare LIFTKIT.csv DUCKDB.csv
//   node attribute-duckdb.js gen --customers N --seed S --out-dir DIR [--open-rate P]
//
// DuckDB is located through LIFTKIT_DUCKDB_DIR (the npm prefix it was
// installed into).
'use strict';
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

function die(msg) {
    process.stderr.write(`attribute-duckdb: ${msg}\n`);
    process.exit(2);
}

function args(argv) {
    const a = { _: [] };
    for (let i = 0; i < argv.length; i++) {
        const s = argv[i];
        if (s.startsWith('-') && s.length > 1) {
            const key = s.replace(/^-+/, '');
            if (key === 'sql') a.sql = true;
            else a[key] = argv[++i];
        } else a._.push(s);
    }
    return a;
}

// The parts of the experiment file attribution needs: [windows], [lag], the
// experiment window (the default window when there is no [windows]) and
// [attribution].
function readExperiment(file) {
    const ex = { windows: {}, lag: {}, hasWindows: false, rule: 'last', halfLife: null };
    let section = '';
    let window = null;
    for (let line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
        line = line.replace(/[;#].*$/, '').trim();
        if (!line) continue;
        const sec = line.match(/^\[(.*)\]$/);
        if (sec) {
            section = sec[1].trim();
            if (section === 'windows') ex.hasWindows = true;
            continue;
        }
        const kv = line.match(/^([^=]+)=(.*)$/);
        if (!kv) continue;
        const key = kv[1].trim(), val = kv[2].trim();
        if (section === 'windows') ex.windows[key] = Number(val);
        else if (section === 'lag') ex.lag[key] = Number(val);
        else if (section === 'experiment' && key === 'window') window = Number(val);
        else if (section === 'attribution' && key === 'rule') ex.rule = val;
        else if (section === 'attribution' && (key === 'decay' || key === 'half_life'))
            ex.halfLife = Number(val);
    }
    if (!ex.hasWindows && window !== null) ex.windows.default = window;
    return ex;
}

const q = (s) => `'${String(s).replace(/'/g, "''")}'`;

function settingsTable(name, keyCol, valCol, obj) {
    const rows = Object.entries(obj).filter(([k]) => k !== 'default');
    if (rows.length === 0)
        return `${name}(${keyCol}, ${valCol}) AS (SELECT NULL::VARCHAR, NULL::INTEGER WHERE false)`;
    return `${name}(${keyCol}, ${valCol}) AS (VALUES ${rows
        .map(([k, v]) => `(${q(k)}, ${Number(v)})`)
        .join(', ')})`;
}

function csvColumns(file, dateCol) {
    const fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(4096);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    fs.closeSync(fd);
    const header = buf.toString('utf8', 0, n).split(/\r?\n/)[0];
    const cols = header.split(',').map((c) => c.trim());
    return `{${cols.map((c) => `${q(c)}: ${c === dateCol ? "'DATE'" : "'VARCHAR'"}`).join(', ')}}`;
}

// The attribution of section 6 as one query.  ord numbers the openings in
// file order; the rule picks among the direct candidates when there is any,
// else among all.
function buildSql(ex, rule, halfLife, offers, openings, out) {
    const defLag = ex.lag.default !== undefined ? Number(ex.lag.default) : 0;
    const defWin = ex.windows.default !== undefined ? Number(ex.windows.default) : 'NULL';
    let pick;
    if (rule === 'last' || rule === 'first') {
        const dir = rule === 'last' ? 'DESC' : 'ASC';
        pick = `picked AS (
  SELECT * EXCLUDE (rn), 1.0::DOUBLE AS credit FROM (
    SELECT *, row_number() OVER (PARTITION BY ord ORDER BY offer_date ${dir}, offer_id ${dir}) AS rn
    FROM eligible) WHERE rn = 1)`;
    } else if (rule === 'linear') {
        pick = `picked AS (
  SELECT *, 1.0::DOUBLE / count(*) OVER (PARTITION BY ord) AS credit FROM eligible)`;
    } else {
        pick = `weighted AS (
  SELECT *, pow(2.0, -(days - min(days) OVER (PARTITION BY ord)) / ${Number(halfLife)}) AS w
  FROM eligible),
picked AS (
  SELECT * EXCLUDE (w), w / sum(w) OVER (PARTITION BY ord) AS credit FROM weighted)`;
    }
    return `COPY (
WITH ${settingsTable('lags', 'channel', 'lag', ex.lag)},
${settingsTable('wins', 'product', 'win', ex.windows)},
op AS (
  SELECT row_number() OVER () AS ord, customer_id, account_id, product, open_date,
         ${'balance'}
  FROM read_csv(${q(openings)}, header = true, auto_detect = false,
                columns = ${csvColumns(openings, 'open_date')})),
o AS (
  SELECT customer_id, offer_id, product AS offered_product, channel, offer_date
  FROM read_csv(${q(offers)}, header = true, auto_detect = false,
                columns = ${csvColumns(offers, 'offer_date')})),
cand AS (
  SELECT op.ord, o.offer_id, o.offered_product, o.channel, o.offer_date,
         (op.open_date - o.offer_date)::INTEGER AS days,
         o.offered_product = op.product AS direct
  FROM op JOIN o ON o.customer_id = op.customer_id
  LEFT JOIN lags l ON l.channel = o.channel
  LEFT JOIN wins w ON w.product = o.offered_product
  WHERE op.open_date - o.offer_date >= coalesce(l.lag, ${defLag})
    AND op.open_date - o.offer_date <= coalesce(w.win, ${defWin})),
eligible AS (
  SELECT * FROM (
    SELECT *, bool_or(direct) OVER (PARTITION BY ord) AS any_direct FROM cand)
  WHERE direct OR NOT any_direct),
${pick}
SELECT op.customer_id, op.account_id, op.product, op.open_date, op.balance,
       p.offer_id, p.offered_product, p.channel, p.offer_date,
       p.days AS days_since_offer,
       CASE WHEN p.ord IS NULL THEN 'none' WHEN p.direct THEN 'direct' ELSE 'halo' END
         AS response,
       coalesce(p.credit, 1.0) AS credit
FROM op LEFT JOIN picked p ON p.ord = op.ord
ORDER BY op.ord, p.offer_date, p.offer_id
) TO ${q(out)} (HEADER, DELIMITER ',')`;
}

async function runSql(a) {
    if (!a.e || !a.offers || !a.openings || !a.o) die('run needs -e, --offers, --openings and -o');
    const ex = readExperiment(a.e);
    let rule = a.rule || ex.rule;
    let halfLife = ex.halfLife;
    const m = rule.match(/^decay=(.*)$/);
    if (m) {
        rule = 'decay';
        halfLife = Number(m[1]);
    }
    if (!['last', 'first', 'linear', 'decay'].includes(rule)) die(`unknown rule '${rule}'`);
    const sql = buildSql(ex, rule, halfLife, path.resolve(a.offers), path.resolve(a.openings),
                         path.resolve(a.o));
    if (a.sql) {
        process.stdout.write(sql + ';\n');
        return;
    }
    const dir = process.env.LIFTKIT_DUCKDB_DIR;
    if (!dir) die('LIFTKIT_DUCKDB_DIR is not set (run scripts/duckdb-install.sh)');
    const req = createRequire(path.join(path.resolve(dir), 'package.json'));
    const { DuckDBInstance } = req('@duckdb/node-api');
    const inst = await DuckDBInstance.create(':memory:', { threads: String(a.threads || 2) });
    const conn = await inst.connect();
    const t0 = process.hrtime.bigint();
    await conn.run(sql);
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    process.stderr.write(`duckdb: ${secs.toFixed(3)} s\n`);
}

// Row-by-row comparison: every field equal, credit within 1e-9.
function compare(a) {
    const [fa, fb] = a._;
    if (!fa || !fb) die('compare needs two files');
    const la = fs.readFileSync(fa, 'utf8').split(/\r?\n/).filter((l) => l !== '');
    const lb = fs.readFileSync(fb, 'utf8').split(/\r?\n/).filter((l) => l !== '');
    if (la[0] !== lb[0]) die(`headers differ:\n  ${la[0]}\n  ${lb[0]}`);
    const credit = la[0].split(',').indexOf('credit');
    if (la.length !== lb.length) die(`${fa} has ${la.length - 1} rows, ${fb} has ${lb.length - 1}`);
    let bad = 0;
    for (let i = 1; i < la.length; i++) {
        const x = la[i].split(','), y = lb[i].split(',');
        const same = x.length === y.length && x.every((v, j) =>
            j === credit ? Math.abs(Number(v) - Number(y[j])) <= 1e-9 : v === y[j]);
        if (!same && bad++ < 5)
            process.stderr.write(`row ${i} differs:\n  ${la[i]}\n  ${lb[i]}\n`);
    }
    if (bad) die(`${bad} of ${la.length - 1} rows differ`);
    process.stdout.write(`${la.length - 1} rows identical\n`);
}

// A small seeded simulation, enough to exercise every branch: ties on one
// date, ids that sort differently as strings than as numbers, lags, halo,
// openings before offers, customers with offers and no openings and back.
function mulberry32(seed) {
    return function () {
        seed |= 0;
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

function gen(a) {
    const n = Number(a.customers || 1000);
    const openRate = Number(a['open-rate'] || 0.3);   // customers with 1-2 openings
    const rnd = mulberry32(Number(a.seed || 1));
    const dir = a['out-dir'] || '.';
    fs.mkdirSync(dir, { recursive: true });
    const products = ['heloc', 'card', 'mortgage', 'savings'];
    const channels = ['mail', 'email', 'app', 'branch'];
    const day0 = Date.UTC(2026, 0, 5);
    const date = (d) => new Date(day0 + d * 86400000).toISOString().slice(0, 10);
    const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
    const offers = fs.openSync(path.join(dir, 'offers.csv'), 'w');
    const openings = fs.openSync(path.join(dir, 'openings.csv'), 'w');
    let ob = ['customer_id,offer_id,product,channel,offer_date,cost\n'];
    let pb = ['customer_id,account_id,product,open_date,balance\n'];
    let offerId = 0, accountId = 0;
    const flush = (fd, b, force) => {
        if (force || b.length > 4096) {
            fs.writeSync(fd, b.join(''));
            b.length = 0;
        }
    };
    for (let c = 0; c < n; c++) {
        const cid = `C${c}`;
        const k = Math.floor(rnd() * 5);          // 0..4 offers, mean 2
        let last = Math.floor(rnd() * 60);
        for (let i = 0; i < k; i++) {
            if (rnd() > 0.2) last += Math.floor(rnd() * 40);   // else: same date
            ob.push(`${cid},O${offerId++},${pick(products)},${pick(channels)},${date(last)},0.5\n`);
        }
        flush(offers, ob, false);
        const m = rnd() < openRate ? 1 + Math.floor(rnd() * 2) : 0;
        for (let i = 0; i < m; i++) {
            const bal = rnd() < 0.2 ? '' : (rnd() * 10000).toFixed(2);
            pb.push(`${cid},A${accountId++},${pick(products)},${date(Math.floor(rnd() * 200))},${bal}\n`);
        }
        flush(openings, pb, false);
    }
    flush(offers, ob, true);
    flush(openings, pb, true);
    fs.closeSync(offers);
    fs.closeSync(openings);
}

const a = args(process.argv.slice(3));
const cmd = process.argv[2];
if (cmd === 'run') runSql(a).catch((e) => die(e.message));
else if (cmd === 'compare') compare(a);
else if (cmd === 'gen') gen(a);
else die('usage: attribute-duckdb.js run|compare|gen ...');
