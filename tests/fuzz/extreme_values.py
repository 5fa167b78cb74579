#!/usr/bin/python3
"""Extreme but well-formed values through every command that reads data.

Usage: extreme_values.py LIFTKIT ROOT WORKDIR [FILTER]

Copies of the good inputs of tests/data have their numbers, dates and
experiment-file keys replaced by extreme values that are still valid syntax
(0, -0, 1e308, 4.9e-324, 2^53+1, forty-digit integers, dates at the ends of
the calendar, windows of 0 and 1e300 days, weights of 1e9 ...), and by
degenerate data sets (one row, one arm, an empty arm, every unit or none a
responder, identical scores).  Each goes through the commands that read it.
A run fails the check when it
  - ends with a status outside 0-4, or is not done in 30 s,
  - draws an AddressSanitizer or UndefinedBehaviorSanitizer report,
  - fails (status 1-4) without a message on standard error,
  - writes NaN or an infinity, or a negative count, into a table.
Every run is listed with its verdict in WORKDIR/runs.txt; the failures are
printed, and the exit status is 1 when there is one.  FILTER, a substring,
keeps only the runs whose label holds it.  Nothing is random: the same
files and runs every time.
"""
import csv
import os
import re
import shutil
import subprocess
import sys

LIFTKIT, ROOT, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
FILTER = sys.argv[4] if len(sys.argv) > 4 else ""
DATA = os.path.join(ROOT, "tests", "data")

NUMBERS = ["0", "-0", "1", "1e308", "-1e308", "4.9e-324", "1e-310", "1e30", "-1e30",
           "2147483648", "4294967296", "9007199254740993", "1e15", "-1e15",
           "1000000000000000000000000000000000000000",
           "0.00000000000000000000000000000000000000000000000000000000000001",
           "3.14159265358979323846264338327950288419716939937510582097494459",
           "1.7976931348623157e308"]
NAN_LIKE = ["NaN", "nan", "inf", "-Infinity", "1e400", "0x10"]
DATES = ["0001-01-01", "9999-12-31", "1900-01-01", "2199-12-31", "1899-12-31",
         "2200-01-01", "2024-02-29", "2100-02-29", "2000-02-29", "2026-01-04"]
DAYS = ["0", "1", "36500", "36501", "2147483648", "4294967296", "1e300", "1.5", "-1"]
# The CLI case runs the short lists (tests/cli/cases/extreme_values.sh, under
# 40 s); LK_EXTREME_ALL=1 runs the long ones above (about three times the runs).
if not os.environ.get("LK_EXTREME_ALL"):
    NUMBERS = ["-0", "1e308", "4.9e-324", "-1e30", "9007199254740993",
               "1000000000000000000000000000000000000000"]
    NAN_LIKE = ["NaN", "-Infinity"]
    DATES = ["0001-01-01", "2199-12-31", "2200-01-01", "2024-02-29"]
    DAYS = ["0", "36500", "36501", "1e300"]

COUNT_COLUMNS = {"n", "units", "responders", "contacts", "openings", "n_capped", "offers",
                 "direct", "halo", "n_baseline", "n_treated", "n_total", "violations",
                 "customers", "households", "assigned", "treated", "control"}
PROBABILITY_COLUMNS = {"p_value", "p_adjusted", "prob_better", "srm_p", "p_fdr", "power",
                       "share", "fraction", "q_p", "response_rate", "rate"}
BAD_TEXT = re.compile(r'(?i)(^|[,\s:"(\[])[-+]?(nan|inf|infinity)($|[,\s"\])])')

os.makedirs(WORK, exist_ok=True)
os.chdir(WORK)
HERE = os.getcwd()
ENV = dict(os.environ)
ENV["ASAN_OPTIONS"] = "exitcode=99:detect_leaks=0"
ENV["UBSAN_OPTIONS"] = "halt_on_error=1:exitcode=98:print_stacktrace=1"

results = []
failures = []
_seq = [0]


def fresh(name):
    _seq[0] += 1
    return os.path.join(HERE, "v%04d-%s" % (_seq[0], name))


def read_rows(path):
    with open(path, newline="") as f:
        return list(csv.reader(f))


def write_rows(path, rows):
    with open(path, "w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return path


def csv_variant(src, column, values, rows=None):
    """A copy of SRC whose COLUMN cycles through VALUES (None: keep the cell)."""
    rows = read_rows(src)
    head = rows[0]
    c = head.index(column)
    for i, r in enumerate(rows[1:]):
        v = values[i % len(values)]
        if v is not None:
            r[c] = v
    return write_rows(fresh(os.path.basename(src)), rows)


def csv_rows(src, keep):
    """A copy of SRC with the data rows for which KEEP(header, row, index) holds."""
    rows = read_rows(src)
    out = [rows[0]] + [r for i, r in enumerate(rows[1:]) if keep(rows[0], r, i)]
    return write_rows(fresh(os.path.basename(src)), out)


def ini_variant(src, section, key, value):
    """A copy of the experiment file SRC with KEY of [SECTION] set to VALUE."""
    lines = open(src).read().split("\n")
    out, cur, done = [], None, False
    for ln in lines:
        s = ln.strip()
        if s.startswith("["):
            if cur == section and not done:
                out.append("%s = %s" % (key, value))
                done = True
            cur = s[1:s.index("]")]
        elif cur == section and re.match(r"%s\s*=" % re.escape(key), s):
            if not done:
                out.append("%s = %s" % (key, value))
            done = True
            continue
        out.append(ln)
    if not done:
        if cur != section:
            out.append("[%s]" % section)
        out.append("%s = %s" % (key, value))
    path = fresh(os.path.basename(src))
    open(path, "w").write("\n".join(out) + "\n")
    return path


def bad_cells(path):
    """Messages for NaN/inf text or negative counts in the table at PATH."""
    try:
        text = open(path, encoding="utf-8", errors="replace").read()
    except (IsADirectoryError, FileNotFoundError):
        return []
    found = []
    for ln in text.split("\n"):
        if BAD_TEXT.search(ln):
            found.append("NaN or inf in %s: %s" % (path, ln[:200]))
            break
    if path.endswith(".csv"):
        rows = list(csv.reader(text.splitlines()))
        if rows:
            counts = [i for i, h in enumerate(rows[0]) if h in COUNT_COLUMNS]
            probs = [i for i, h in enumerate(rows[0]) if h in PROBABILITY_COLUMNS]
            for r in rows[1:]:
                for i in counts:
                    if i < len(r) and r[i].startswith("-"):
                        found.append("negative count %s in %s: %s" % (rows[0][i], path, ",".join(r)[:200]))
                        break
                for i in probs:
                    if i < len(r) and r[i] and not 0 <= float(r[i]) <= 1:
                        found.append("%s outside [0, 1] in %s: %s" % (rows[0][i], path, ",".join(r)[:200]))
                        break
    return found


JOBS = []


def run(label, args, outputs=(), then=None):
    """Queue liftkit ARGS; OUTPUTS are the tables it writes, checked when it
    succeeds.  THEN, (label, args, outputs), runs after it in the same folder
    when it succeeded (it reads what ARGS wrote)."""
    if FILTER and FILTER not in label:
        return
    JOBS.append((label, args, list(outputs), then))


def run_one(label, args, outputs, where):
    try:
        p = subprocess.run([LIFTKIT] + args, stdin=subprocess.DEVNULL, capture_output=True,
                           timeout=30, env=ENV, cwd=where)
        rc, out, err = p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        rc, out, err = "hang", b"", ""
    problems = []
    if rc == "hang":
        problems.append("no answer in 30 s")
    elif rc not in (0, 1, 2, 3, 4):
        problems.append("exit status %s" % rc)
    if "runtime error" in err or "Sanitizer" in err:
        problems.append("sanitizer: " + err[:1500])
    if rc in (1, 2, 3, 4) and not err.strip():
        problems.append("exit %s without a message" % rc)
    if rc == 0:
        open(os.path.join(where, "stdout.txt"), "wb").write(out)
        for o in ["stdout.txt"] + outputs:
            o = os.path.join(where, o)
            if os.path.isdir(o):
                for dp, _, fs in os.walk(o):
                    for f in sorted(fs):
                        if f.endswith((".csv", ".md", ".json")):
                            problems += bad_cells(os.path.join(dp, f))
            else:
                problems += bad_cells(o)
    first = err.strip().split("\n")[0][:160] if err.strip() else ""
    line = "%s\texit %s\t%s" % (label, rc, first)
    failure = None
    if problems:
        failure = "%s\n  (in %s) liftkit %s\n  %s" % (label, where, " ".join(args),
                                                     "\n  ".join(problems))
        if os.environ.get("LK_EXTREME_VERBOSE"):
            print(failure, flush=True)
    return rc, line, failure


def run_job(k):
    label, args, outputs, then = JOBS[k]
    where = os.path.abspath("r%05d" % k)
    os.makedirs(where, exist_ok=True)
    rc, line, failure = run_one(label, args, outputs, where)
    lines, fails = [line], [failure] if failure else []
    if then:
        if rc == 0:
            rc2, line2, failure2 = run_one(then[0], then[1], list(then[2]), where)
            lines.append(line2)
            fails += [failure2] if failure2 else []
        else:
            lines.append("%s\tnot run: '%s' failed" % (then[0], label))
    if not fails and not os.environ.get("LK_EXTREME_KEEP"):
        shutil.rmtree(where)
    return lines, fails


def J(*p):
    return os.path.join(DATA, *p)


L = {"exp": J("lift", "exp.ini"), "asg": J("lift", "assignments.csv"),
     "opn": J("lift", "openings.csv"), "off": J("lift", "offers.csv"),
     "bal": J("lift", "balances.csv"), "evt": J("lift", "events.csv"),
     "hold": J("lift", "holdings.csv"), "guard": J("lift", "exp-guard.ini")}


def lift_runs(tag, f, which="ler"):
    """WHICH: l for lift (and lift --summary of the summary it wrote), e for
    lift with events, holdings and balances, r for roi: the runs that read
    the file a variant changes."""
    if "l" in which:
        run("lift %s" % tag,
            ["lift", "-q", "-e", f["exp"], "--assignments", f["asg"], "--openings", f["opn"],
             "-o", "l.csv", "--accrual", "acc.csv", "--write-summary", "s.csv"],
            ["l.csv", "acc.csv", "s.csv"],
            then=("lift --summary %s" % tag, ["lift", "-q", "-e", f["exp"], "--summary", "s.csv",
                                              "-f", "json", "-o", "ls.json"], ["ls.json"]))
    if "e" in which:
        run("lift events %s" % tag,
            ["lift", "-q", "-e", f["guard"], "--assignments", f["asg"], "--openings", f["opn"],
             "--events", f["evt"], "--holdings", f["hold"], "--balances", f["bal"],
             "-f", "md", "-o", "le.md"], ["le.md"])
    if "r" in which:
        run("roi %s" % tag,
            ["roi", "-q", "-e", f["exp"], "--assignments", f["asg"], "--offers", f["off"],
             "--openings", f["opn"], "--resamples", "20", "-o", "r.csv"], ["r.csv"])


def lift_scenario():
    lift_runs("base", L)
    for v in NUMBERS + NAN_LIKE:
        lift_runs("balance=%s" % v, dict(L, opn=csv_variant(L["opn"], "balance", [v])), "le")
    for v in ["1e30", "1e15", "1e308", "4.9e-324"]:
        lift_runs("balance=+-%s" % v,
                  dict(L, opn=csv_variant(L["opn"], "balance", [v, "-" + v, "0"])), "l")
        lift_runs("one balance=%s" % v,
                  dict(L, opn=csv_variant(L["opn"], "balance", [v] + [None] * 100)), "le")
    for d in DATES:
        lift_runs("open_date=%s" % d, dict(L, opn=csv_variant(L["opn"], "open_date", [d])))
        lift_runs("one open_date=%s" % d,
                  dict(L, opn=csv_variant(L["opn"], "open_date", [d] + [None] * 100)), "le")
        lift_runs("offer_date=%s" % d, dict(L, off=csv_variant(L["off"], "offer_date", [d])), "r")
        lift_runs("event_date=%s" % d, dict(L, evt=csv_variant(L["evt"], "event_date", [d])), "e")
        lift_runs("holding dates=%s" % d,
                  dict(L, hold=csv_variant(L["hold"], "open_date", [d, None])), "e")
        lift_runs("close_date=%s" % d, dict(L, hold=csv_variant(L["hold"], "close_date", [d])), "e")
        lift_runs("balance date=%s" % d, dict(L, bal=csv_variant(L["bal"], "date", [d])), "e")
        lift_runs("start=%s" % d, dict(L, exp=ini_variant(L["exp"], "experiment", "start", d)), "lr")
        lift_runs("start=%s guard" % d,
                  dict(L, guard=ini_variant(L["guard"], "experiment", "start", d)), "e")
    for v in NUMBERS[:14]:
        lift_runs("balances.balance=%s" % v, dict(L, bal=csv_variant(L["bal"], "balance", [v])), "e")
        lift_runs("bucket=%s" % v, dict(L, asg=csv_variant(L["asg"], "bucket", [v])), "l")
    for d in DAYS:
        lift_runs("window=%s" % d, dict(L, exp=ini_variant(L["exp"], "experiment", "window", d)), "lr")
        lift_runs("window=%s guard" % d,
                  dict(L, guard=ini_variant(L["guard"], "experiment", "window", d)), "e")
        lift_runs("lag=%s" % d, dict(L, exp=ini_variant(L["exp"], "lag", "mail", d)), "lr")
        lift_runs("windows default=%s" % d,
                  dict(L, exp=ini_variant(L["exp"], "windows", "default", d)), "lr")
        lift_runs("windows card=%s" % d, dict(L, exp=ini_variant(L["exp"], "windows", "card", d)), "lr")
    for v in ["0", "1", "1e9", "1e15", "4.9e-324", "1e-310", "2147483648", "9007199254740993"]:
        lift_runs("weight=%s" % v, dict(L, exp=ini_variant(L["exp"], "arm:champion", "weight", v)), "lr")
        lift_runs("value=%s" % v, dict(L, exp=ini_variant(L["exp"], "value", "heloc", v)), "lr")
        lift_runs("cost=%s" % v, dict(L, exp=ini_variant(L["exp"], "cost", "mail", v)), "r")
        lift_runs("guardrail=%s" % v,
                  dict(L, guard=ini_variant(L["guard"], "guardrails", "opt_out", v)), "e")
        lift_runs("margin=%s" % v, dict(L, exp=ini_variant(
            ini_variant(L["exp"], "margin", "heloc", v), "margin", "horizon", "365")), "r")
    for v in ["0", "1", "36500", "1e300", "4.9e-324"]:
        lift_runs("horizon=%s" % v, dict(L, exp=ini_variant(
            ini_variant(L["exp"], "margin", "heloc", "0.02"), "margin", "horizon", v)), "r")
    for v in ["4.9e-324", "1e-310", "0.5", "0.9999999999999999", "1e-300", "0"]:
        lift_runs("alpha=%s" % v, dict(L, exp=ini_variant(L["exp"], "experiment", "alpha", v)), "lr")
    for v in ["p0", "p100", "p99.99999999999999", "p4.9e-324", "p1e-310", "1e308", "4.9e-324",
              "0", "1e15", "p50"]:
        lift_runs("cap=%s" % v, dict(L, exp=ini_variant(L["exp"], "metrics", "cap", v)), "l")
    for d in DATES:
        run("lift --as-of %s" % d,
            ["lift", "-q", "-e", L["exp"], "--assignments", L["asg"], "--openings", L["opn"],
             "--as-of", d, "-o", "l.csv", "--accrual", "acc.csv"], ["l.csv", "acc.csv"])
    for v in ["0", "1", "1e9", "2147483648", "1e300"]:
        lift_runs("sequential_tuning=%s" % v, dict(L, exp=ini_variant(
            ini_variant(L["exp"], "experiment", "sequential", "true"),
            "experiment", "sequential_tuning", v)), "l")
    degenerate_lift()


def degenerate_lift():
    asg, opn = L["asg"], L["opn"]
    arm = lambda h, r, i: r[h.index("arm")]
    lift_runs("one row", dict(L, asg=csv_rows(asg, lambda h, r, i: i == 0)))
    lift_runs("one row per arm", dict(L, asg=csv_rows(
        asg, lambda h, r, i: r[h.index("customer_id")] in ("C001a", "C040a", "C080a"))))
    lift_runs("no holdout rows", dict(L, asg=csv_rows(asg, lambda h, r, i: arm(h, r, i) != "holdout")))
    lift_runs("no champion rows", dict(L, asg=csv_rows(asg, lambda h, r, i: arm(h, r, i) != "champion")))
    lift_runs("all in champion", dict(L, asg=csv_variant(
        csv_variant(asg, "arm", ["champion"]), "role", ["champion"])))
    lift_runs("no responders", dict(L, opn=csv_rows(opn, lambda h, r, i: False)))
    lift_runs("no openings in window", dict(L, opn=csv_variant(opn, "open_date", ["2025-01-01"])))
    rows = read_rows(asg)
    h = rows[0]
    every = [["customer_id", "account_id", "product", "open_date", "balance"]]
    for i, r in enumerate(rows[1:]):
        every.append([r[h.index("customer_id")], "X%05d" % i, "heloc", "2026-01-06", "100"])
    allr = write_rows(fresh("openings.csv"), every)
    lift_runs("all responders", dict(L, opn=allr))
    lift_runs("all responders same balance 1e15",
              dict(L, opn=csv_variant(allr, "balance", ["1e15"])))
    lift_runs("all responders balance 4.9e-324",
              dict(L, opn=csv_variant(allr, "balance", ["4.9e-324"])))


def summary_scenario():
    s4, e4 = J("lift", "summary4.csv"), J("lift", "exp4.ini")
    rs, le = J("lift", "roi-summary.csv"), L["exp"]
    w1, w2 = J("pool", "wave1.csv"), J("pool", "wave2.csv")
    for col in ("n", "sum", "sumsq"):
        for v in NUMBERS + ["NaN", "inf"]:
            for vals, how in (([v], "all"), ([v] + [None] * 20, "one")):
                s = csv_variant(s4, col, vals)
                run("lift --summary %s %s=%s" % (how, col, v),
                    ["lift", "-q", "-e", e4, "--summary", s, "-o", "l.csv"], ["l.csv"])
                run("report --summary %s %s=%s" % (how, col, v),
                    ["report", "-q", "-e", e4, "--summary", s, "-o", "rep"], ["rep"]) \
                    if col == "n" and how == "one" and v in ("0", "1", "1e15", "9007199254740993") else None
    for col in ("value", "units", "responders", "contacts", "cost"):
        for v in NUMBERS:
            for vals, how in (([v], "all"), ([v] + [None] * 20, "one")):
                s = csv_variant(rs, col, vals)
                run("roi --summary %s %s=%s" % (how, col, v),
                    ["roi", "-q", "-e", le, "--summary", s, "--resamples", "20", "-o", "r.csv"],
                    ["r.csv"])
    for col in ("n", "value", "lift", "lift_lo", "lift_hi"):
        for v in NUMBERS + ["NaN"]:
            w = csv_variant(w1, col, [v])
            run("lift --pool %s=%s" % (col, v), ["lift", "--pool", w, w2, "-o", "p.csv"], ["p.csv"])
            run("lift --pool --random %s=%s" % (col, v),
                ["lift", "--pool", "--random", w, w2, "-o", "p.csv"], ["p.csv"])
    same = write_rows(fresh("wave.csv"), read_rows(w2))
    run("lift --pool identical waves", ["lift", "--pool", "--random", same, w2, "-o", "p.csv"], ["p.csv"])


U = {"exp": J("uplift", "exp.ini"), "asg": J("uplift", "assignments.csv"),
     "opn": J("uplift", "openings.csv")}


def uplift_runs(tag, f, compare=True):
    base = ["uplift", "-q", "-e", f["exp"], "--assignments", f["asg"], "--openings", f["opn"],
            "--score", "score_v1", "--score", "score_v2", "--curve", "q.csv",
            "--deciles", "d.csv", "-o", "u.csv"]
    run("uplift %s" % tag, base, ["q.csv", "d.csv", "u.csv"])
    if compare:
        for m in ("bootstrap", "delta"):
            run("uplift --compare %s %s" % (m, tag),
                base + ["--compare", "c.csv", "--compare-method", m, "--resamples", "30"],
                ["q.csv", "d.csv", "u.csv", "c.csv"])


def uplift_scenario():
    uplift_runs("base", U)
    for v in NUMBERS + NAN_LIKE:
        for vals, how in (([v], "all"), ([v] + [None] * 100, "one"), ([v, "-" + v], "+-"),
                          ([v, None, None], "third")):
            uplift_runs("%s score_v1=%s" % (how, v), dict(U, asg=csv_variant(U["asg"], "score_v1", vals)),
                        compare=how in ("+-", "third"))
    for vals, how in ((["1e30", "-1e30", "0.5"], "1e30 mix"), (["1e15", "-1e15", "4.9e-324", "-0"], "wide mix"),
                      (["0.5"], "identical"), (["", "0.5"], "half empty"), ([""], "none scored")):
        a = csv_variant(csv_variant(U["asg"], "score_v1", vals), "score_v2", vals[::-1])
        uplift_runs(how, dict(U, asg=a))
    uplift_runs("no openings", dict(U, opn=csv_rows(U["opn"], lambda h, r, i: False)))
    rows = read_rows(U["asg"])
    every = [["customer_id", "account_id", "product", "open_date", "balance"]]
    for i, r in enumerate(rows[1:]):
        every.append([r[0], "X%03d" % i, "card", "2026-01-06", "100"])
    uplift_runs("all responders", dict(U, opn=write_rows(fresh("openings.csv"), every)))
    uplift_runs("no control rows", dict(U, asg=csv_rows(U["asg"], lambda h, r, i: r[3] != "hold")))
    uplift_runs("one control row", dict(U, asg=csv_rows(
        U["asg"], lambda h, r, i: r[3] != "hold" or r[0] == "f00")))
    uplift_runs("one row per arm", dict(U, asg=csv_rows(U["asg"], lambda h, r, i: i in (0, 20, 40))))
    for d in DATES:
        uplift_runs("open_date=%s" % d, dict(U, opn=csv_variant(U["opn"], "open_date", [d])), compare=False)
    for d in DAYS:
        uplift_runs("window=%s" % d, dict(U, exp=ini_variant(U["exp"], "experiment", "window", d)),
                    compare=False)
    for v in ("0", "1", "2147483648", "4294967296", "1e300", "18446744073709551615"):
        run("uplift --resamples %s" % v, ["uplift", "-q", "-e", U["exp"], "--assignments", U["asg"],
                                          "--openings", U["opn"], "--score", "score_v1", "--score",
                                          "score_v2", "--compare", "c.csv", "--resamples", v,
                                          "-o", "u.csv"], ["u.csv", "c.csv"]) if v in ("0", "1") else \
            run("uplift --resamples %s" % v, ["uplift", "-q", "-e", U["exp"], "--assignments", U["asg"],
                                              "--openings", U["opn"], "--score", "score_v1",
                                              "--resamples", v, "-o", "u.csv"], ["u.csv"])
        run("uplift --seed %s" % v, ["uplift", "-q", "-e", U["exp"], "--assignments", U["asg"],
                                     "--openings", U["opn"], "--score", "score_v1", "--score", "score_v2",
                                     "--compare", "c.csv", "--resamples", "10", "--seed", v,
                                     "-o", "u.csv"], ["u.csv", "c.csv"])


T = {"exp": J("attribute", "exp.ini"), "off": J("attribute", "offers.csv"),
     "opn": J("attribute", "openings.csv")}
M = {"exp": J("matrix", "exp.ini"), "off": J("matrix", "offers.csv"),
     "opn": J("matrix", "openings.csv")}


def attribute_runs(tag, f, rules=("last", "linear", "decay")):
    for rule in rules:
        run("attribute %s %s" % (rule, tag),
            ["attribute", "-q", "-e", f["exp"], "--offers", f["off"], "--openings", f["opn"],
             "--rule", rule, "-o", "a.csv", "--mix", "m.csv"], ["a.csv", "m.csv"])


def matrix_runs(tag, f):
    run("attribute for matrix %s" % tag,
        ["attribute", "-q", "-e", f["exp"], "--offers", f["off"], "--openings", f["opn"],
         "-o", "ma.csv"], ["ma.csv"],
        then=("matrix %s" % tag, ["matrix", "-q", "-e", f["exp"], "--offers", f["off"],
                                  "--attribution", "ma.csv", "-o", "mx.csv"], ["mx.csv"]))


def attribute_scenario():
    attribute_runs("base", T)
    for v in NUMBERS:
        attribute_runs("cost=%s" % v, dict(T, off=csv_variant(T["off"], "cost", [v])), ("last",))
        attribute_runs("balance=%s" % v, dict(T, opn=csv_variant(T["opn"], "balance", [v])), ("linear",))
        matrix_runs("cost=%s" % v, dict(M, off=csv_variant(M["off"], "cost", [v, ""])))
        matrix_runs("[cost] mail=%s" % v, dict(M, exp=ini_variant(M["exp"], "cost", "mail", v)))
    for d in DATES:
        attribute_runs("offer_date=%s" % d, dict(T, off=csv_variant(T["off"], "offer_date", [d, None])))
        attribute_runs("open_date=%s" % d, dict(T, opn=csv_variant(T["opn"], "open_date", [d, None])))
        matrix_runs("offer_date=%s" % d, dict(M, off=csv_variant(M["off"], "offer_date", [d, None])))
        matrix_runs("all offer_date=%s" % d, dict(M, off=csv_variant(M["off"], "offer_date", [d])))
    for d in DAYS:
        attribute_runs("lag=%s" % d, dict(T, exp=ini_variant(T["exp"], "lag", "mail", d)))
        attribute_runs("windows=%s" % d, dict(T, exp=ini_variant(T["exp"], "windows", "default", d)))
        attribute_runs("decay=%s" % d, dict(T, exp=ini_variant(T["exp"], "attribution", "decay", d)),
                       ("decay",))
    for v in ("0", "4.9e-324", "1e-310", "1e308", "36500", "2147483648", "-1"):
        run("attribute --half-life %s" % v,
            ["attribute", "-q", "-e", T["exp"], "--offers", T["off"], "--openings", T["opn"],
             "--rule", "decay", "--half-life", v, "-o", "a.csv"], ["a.csv"])
    for v in ("0", "1", "2147483648", "4294967297", "1e9"):
        run("attribute --threads %s" % v,
            ["attribute", "-q", "-e", T["exp"], "--offers", T["off"], "--openings", T["opn"],
             "--threads", v, "-o", "a.csv"], ["a.csv"])


C = {"exp": J("contacts", "exp.ini"), "off": J("contacts", "offers.csv"),
     "asg": J("contacts", "assignments.csv")}


def contacts_runs(tag, f):
    run("contacts %s" % tag, ["contacts", "-q", "-e", f["exp"], "--offers", f["off"],
                              "--assignments", f["asg"], "-o", "c.csv", "--violations", "v.csv",
                              "--histogram", "h.csv"], ["c.csv", "v.csv", "h.csv"])
    run("contacts no assignments %s" % tag, ["contacts", "-q", "-e", f["exp"], "--offers", f["off"],
                                             "-o", "c.csv"], ["c.csv"])


def contacts_scenario():
    contacts_runs("base", C)
    for k in ("max_30d", "max_7d", "min_gap", "mail.max_30d"):
        for v in DAYS + ["9007199254740993", "1e15"]:
            contacts_runs("%s=%s" % (k, v), dict(C, exp=ini_variant(C["exp"], "contact_policy", k, v)))
    for k in ("max_0d", "max_36500d", "max_36501d", "max_2147483648d", "max_4294967297d",
              "mail.max_36500d", "max_1d"):
        contacts_runs("%s=1" % k, dict(C, exp=ini_variant(C["exp"], "contact_policy", k, "1")))
    for d in DATES:
        # keep the offers in date order within each customer: all on one day
        contacts_runs("offer_date=%s" % d, dict(C, off=csv_variant(C["off"], "offer_date", [d])))
    rows = read_rows(C["off"])
    rows[1][4], rows[2][4] = "1900-01-01", "2199-12-31"
    contacts_runs("first and last day", dict(C, off=write_rows(fresh("offers.csv"), rows)))
    contacts_runs("one offer", dict(C, off=csv_rows(C["off"], lambda h, r, i: i == 0)))
    contacts_runs("no offers", dict(C, off=csv_rows(C["off"], lambda h, r, i: False)))


S = {"cust": J("assign", "customers.csv"), "exp": J("assign", "exp.ini"),
     "strat": J("assign", "stratified.ini"), "hh": J("assign", "households.ini"),
     "uni": J("assign", "universal-a.ini")}


def assign_runs(tag, f, kinds=("exp", "strat", "hh", "uni")):
    for k in kinds:
        # a.csv carries the customers' other columns as they were: not checked
        run("assign %s %s" % (k, tag), ["assign", "-q", "-e", f[k], "-o", "a.csv",
                                         "--summary", "as.csv", f["cust"]], ["as.csv"])


def assign_scenario():
    assign_runs("base", S)
    for col in ("tenure_months", "pre_balance", "score_v1"):
        for v in NUMBERS + NAN_LIKE:
            assign_runs("%s=%s" % (col, v), dict(S, cust=csv_variant(S["cust"], col, [v])), ("strat",))
    assign_runs("one row", dict(S, cust=csv_rows(S["cust"], lambda h, r, i: i == 0)))
    for v in ["0", "1", "1e9", "1e15", "1e16", "4.9e-324", "1e-310", "2147483648", "9007199254740993", "-0"]:
        for k in ("exp", "strat", "hh"):
            text = open(S[k]).read()
            arm = re.findall(r"\[arm:([^\]]+)\]", text)[0]
            assign_runs("weight=%s in %s" % (v, k),
                        dict(S, **{k: ini_variant(S[k], "arm:" + arm, "weight", v)}), (k,))
            assign_runs("all weights=%s in %s" % (v, k), dict(S, **{k: all_weights(S[k], v)}), (k,))
    for v in ["0", "1", "4.9e-324", "1e-310", "0.9999999999999999", "1e308"]:
        assign_runs("share=%s" % v, dict(S, uni=ini_variant(S["uni"], "universal", "share", v)), ("uni",))


def all_weights(src, v):
    text = re.sub(r"(?m)^(weight\s*=\s*).*$", lambda m: m.group(1) + v, open(src).read())
    path = fresh(os.path.basename(src))
    open(path, "w").write(text)
    return path


def power_scenario():
    probs = ["4.9e-324", "1e-310", "1e-300", "0.5", "0.9999999999999999", "0", "1", "1e-15"]
    lifts = ["4.9e-324", "1e-300", "1e300", "-0.9999999999999999", "1e-15", "0.1", "-1e308"]
    sizes = ["1", "2", "2147483648", "4294967296", "9007199254740993", "1e15", "1e300", "0"]
    if not os.environ.get("LK_EXTREME_ALL"):
        probs, lifts = ["4.9e-324", "0.5", "0.9999999999999999", "1"], ["4.9e-324", "1e300", "-0.9999999999999999"]
        sizes = ["1", "2147483648", "9007199254740993", "1e300"]
    for b in probs:
        for l in lifts:
            run("power --baseline %s --lift %s" % (b, l),
                ["power", "--baseline", b, "--lift", l, "-o", "pw.csv", "--curve", "pc.csv"],
                ["pw.csv", "pc.csv"])
        run("power --baseline %s --lift abs" % b,
            ["power", "--baseline", b, "--lift", "4.9e-324", "--absolute", "-o", "pw.csv"], ["pw.csv"])
        for n in sizes:
            run("power --baseline %s --n %s" % (b, n),
                ["power", "--baseline", b, "--n", n, "-o", "pw.csv", "--curve", "pc.csv"],
                ["pw.csv", "pc.csv"])
    for opt, vals in (("--alpha", ["4.9e-324", "1e-300", "0.9999999999999999"]),
                      ("--power", ["4.9e-324", "0.9999999999999999", "1e-300"]),
                      ("--ratio", ["4.9e-324", "1e-300", "1e300", "1e15", "2147483648"]),
                      ("--comparisons", ["1", "2147483648", "4294967296", "1e15", "1e300", "0"])):
        for v in vals:
            for how in (["--lift", "0.1"], ["--n", "1000"]):
                run("power %s %s %s" % (opt, v, how[0]),
                    ["power", "--baseline", "0.05"] + how + [opt, v, "-o", "pw.csv", "--curve", "pc.csv"],
                    ["pw.csv", "pc.csv"])
    lift = J("plot", "lift.csv")
    for col in ("n", "value"):
        for v in ["0", "1e308", "4.9e-324", "9007199254740993", "1e30"]:
            run("power --baseline-from %s=%s" % (col, v),
                ["power", "--baseline-from", csv_variant(lift, col, [v]), "--lift", "0.1", "-o", "pw.csv"],
                ["pw.csv"])


PLOTS = {"rate": "lift.csv", "forest": "lift.csv", "accrual": "accrual.csv", "mix": "mix.csv",
         "power": "power.csv", "qini": "qini.csv"}
PLOT_COLUMNS = {"rate": ["n", "value", "value_lo", "value_hi"], "forest": ["lift", "lift_lo", "lift_hi"],
                "accrual": ["day", "n", "responders", "rate"], "mix": ["openings", "credit"],
                "power": ["n_baseline", "power"], "qini": ["n", "fraction", "qini", "uplift"]}


def plot_scenario():
    for kind, table in sorted(PLOTS.items()):
        src = J("plot", table)
        for col in PLOT_COLUMNS[kind]:
            for vals in (["-1e308", "1e308"], ["4.9e-324", "0"], ["9007199254740993"]):
                run("plot %s %s=%s" % (kind, col, "|".join(vals)),
                    ["plot", kind, csv_variant(src, col, vals), "-o", "charts"], [])
        run("plot %s one row" % kind, ["plot", kind, csv_rows(src, lambda h, r, i: i == 0), "-o", "charts"], [])


def report_scenario():
    f = L
    for tag, opn in (("base", f["opn"]), ("balance=1e15", csv_variant(f["opn"], "balance", ["1e15"])),
                     ("balance=4.9e-324", csv_variant(f["opn"], "balance", ["4.9e-324"])),
                     ("open_date=2199-12-31", csv_variant(f["opn"], "open_date", ["2199-12-31"])),
                     ("no openings", csv_rows(f["opn"], lambda h, r, i: False))):
        run("report %s" % tag, ["report", "-q", "-e", f["exp"], "--assignments", f["asg"],
                                "--offers", f["off"], "--openings", opn, "-o", "rep"], ["rep"])
    for tag, e in (("window=36500", ini_variant(f["exp"], "experiment", "window", "36500")),
                   ("start=2199-12-31", ini_variant(f["exp"], "experiment", "start", "2199-12-31")),
                   ("weight=1e9", ini_variant(f["exp"], "arm:champion", "weight", "1e9")),
                   ("alpha=4.9e-324", ini_variant(f["exp"], "experiment", "alpha", "4.9e-324"))):
        run("report %s" % tag, ["report", "-q", "-e", e, "--assignments", f["asg"],
                                "--offers", f["off"], "--openings", f["opn"], "-o", "rep"], ["rep"])


def demo_scenario():
    """A small simulated campaign of the demo's experiment: segments, CUPED, caps."""
    exp = os.path.join(ROOT, "experiments", "heloc-spring-2026.ini")
    if not FILTER or "demo" in FILTER:
        p = subprocess.run([LIFTKIT, "simulate", "-e", exp, "-n", "3000", "--seed", "11",
                            "--out-dir", "sim", "-q"], capture_output=True, env=ENV)
        q = subprocess.run([LIFTKIT, "assign", "-q", "-e", exp, "-o", "sim/assignments.csv",
                            "sim/customers.csv"], capture_output=True, env=ENV)
        if p.returncode or q.returncode or not os.path.exists("sim/assignments.csv"):
            failures.append("demo: simulate or assign failed: %s %s" % (p.stderr[:500], q.stderr[:500]))
            return
    D = {k: os.path.join(HERE, "sim", v) for k, v in
         (("asg", "assignments.csv"), ("opn", "openings.csv"), ("off", "offers.csv"))}
    D["exp"] = exp

    def runs(tag, d):
        run("demo lift --by %s" % tag, ["lift", "-q", "-e", d["exp"], "--assignments", d["asg"],
                                        "--openings", d["opn"], "--by", "segment", "-o", "l.csv",
                                        "--write-summary", "s.csv"], ["l.csv", "s.csv"],
            then=("demo lift --summary --by %s" % tag, ["lift", "-q", "-e", d["exp"], "--summary",
                                                        "s.csv", "--by", "segment", "-o", "l2.csv"],
                  ["l2.csv"]))
        run("demo roi --by %s" % tag, ["roi", "-q", "-e", d["exp"], "--assignments", d["asg"],
                                       "--offers", d["off"], "--openings", d["opn"], "--by", "segment",
                                       "--resamples", "20", "-o", "r.csv"], ["r.csv"])
        run("demo uplift --by %s" % tag, ["uplift", "-q", "-e", d["exp"], "--assignments", d["asg"],
                                          "--openings", d["opn"], "--score", "score_v1", "--score",
                                          "score_v2", "--by", "segment", "-o", "u.csv"], ["u.csv"])
    runs("base", D)
    values = ["0", "1e15", "-1e15", "4.9e-324", "1e-310", "1e30", "9007199254740993", "1e308", "NaN"]
    if not os.environ.get("LK_EXTREME_ALL"):
        values = ["1e15", "4.9e-324", "1e30", "NaN"]
    for col in ("pre_balance", "pre_products"):
        for v in values:
            runs("%s=%s" % (col, v), dict(D, asg=csv_variant(D["asg"], col, [v])))
            if v in ("1e15", "1e30", "NaN"):
                runs("one %s=%s" % (col, v), dict(D, asg=csv_variant(D["asg"], col, [v] + [None] * 5000)))
    for v in ["1e15", "4.9e-324", "1e30"]:
        runs("balance=%s" % v, dict(D, opn=csv_variant(D["opn"], "balance", [v])))
    for d in DATES[:4]:
        runs("eligible_date=%s" % d, dict(D, asg=csv_variant(D["asg"], "eligible_date", [d])))
    for v in DAYS[:3]:
        runs("min_segment_units=%s" % v, dict(D, exp=ini_variant(exp, "experiment", "min_segment_units", v)))
    runs("one segment", dict(D, asg=csv_variant(D["asg"], "segment", ["mass"])))
    # thousands of scores: the ranking's buckets and the bootstrap's lanes
    for vals, how in ((["1e15", "-1e15", "0.5"], "1e15 mix"), (["4.9e-324", "-4.9e-324", "-0", "0"], "zeros"),
                      (["0.25"], "identical"), (["1e15", None, None, None], "a quarter at 1e15"),
                      (["-1e15"] + [None] * 2999, "one at -1e15")):
        a = csv_variant(csv_variant(D["asg"], "score_v1", vals), "score_v2", vals[::-1])
        for m in ("bootstrap", "delta"):
            run("demo uplift --compare %s %s" % (m, how),
                ["uplift", "-q", "-e", exp, "--assignments", a, "--openings", D["opn"],
                 "--score", "score_v1", "--score", "score_v2", "--compare", "c.csv",
                 "--compare-method", m, "--resamples", "20", "--curve", "q.csv", "-o", "u.csv"],
                ["c.csv", "q.csv", "u.csv"])


def main():
    scenarios = [lift_scenario, summary_scenario, uplift_scenario, attribute_scenario,
                 contacts_scenario, assign_scenario, power_scenario, plot_scenario,
                 report_scenario, demo_scenario]
    only = os.environ.get("LK_EXTREME_SCENARIOS")
    for s in scenarios:
        if only and s.__name__ not in only.split(","):
            continue
        s()
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(max_workers=int(os.environ.get("LK_EXTREME_JOBS", "2"))) as ex:
        for lines, fails in ex.map(run_job, range(len(JOBS))):
            results.extend(lines)
            failures.extend(fails)
    open("runs.txt", "w").write("\n".join(results) + "\n")
    for f in failures:
        print(f)
    print("%d runs, %d failed (each with its verdict in %s)" %
          (len(results), len(failures), os.path.join(HERE, "runs.txt")))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
