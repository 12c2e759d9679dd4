#!/usr/bin/python3
"""Hostile and careless command lines against the built camsharp CLI (issue 18).

Each case runs the CLI binary in its own folder under a scratch folder in /tmp, under
`timeout` and `/usr/bin/time -v`, and is classified:

  crash     an unhandled exception, a stack trace without --verbose, or an exit code not 0/1/2
  internal  "internal error" in the output
  hang      still running at the timeout
  outside   a file outside what was given was read (the secret's bytes turn up in an output)
  damage    an input or another file changed, or a special file was replaced
  accepted  a case that must be refused (an output over an input, ...) ended with exit 0
  memory    peak RSS above --max-memory (4 GiB when not given) + 256 MB
  vague     refused, but the message names none of the file or argument it is about
  failed    a plain case that must work did not
  wrong     a folder case wrote the wrong number of outputs
  ok        none of these

Usage (from the repository root, after `dotnet build src/CamSharp.Cli`):
  /usr/bin/python3 tools/hostile_cli/hostile_cli.py [--only SUBSTRING] [--kind KIND]... [--skip-kind KIND]... [--timeout 60] [--keep]
Prints one line per case that is not ok, then the counts per class and kind; exits 1 if any
case is not ok.
"""
import argparse
import collections
import hashlib
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_inputs  # noqa: E402
import message_check  # noqa: E402
from cases import all_cases  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.join(ROOT, "src/CamSharp.Cli/bin/Debug/net10.0/CamSharp.Cli")
ASSETS = os.path.join(ROOT, "../shared/assets")
FIXTURES = os.path.join(ROOT, "../shared/fixtures")
SLOW_KINDS = {"memory"}  # hours on shared cores: run only when asked for with --kind
UNITS = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


def fingerprint(path):
    """What a file is: its kind, size and (for small regular files) its content hash."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISREG(st.st_mode) and st.st_size < 64 << 20:
        return ("file", st.st_size, hashlib.sha1(open(path, "rb").read()).hexdigest())
    return (stat.S_IFMT(st.st_mode), st.st_size, st.st_mtime_ns if stat.S_ISREG(st.st_mode) else 0)


def tree_fingerprints(*roots):
    prints = {}
    for root in roots:
        for folder, dirs, files in os.walk(root):
            for name in dirs + files:
                full = os.path.join(folder, name)
                prints[full] = fingerprint(full)
    return prints


def budget_bytes(argv):
    for i, a in enumerate(argv[:-1]):
        if a == "--max-memory":
            m = re.fullmatch(r"(\d+)([KMGT]?)i?B?", argv[i + 1].upper())
            if m:
                return int(m.group(1)) * UNITS.get(m.group(2), 1)
    return 4 << 30


def secret_in_outputs(case_dir, stdout):
    if make_inputs.SECRET.decode() in stdout:
        return True
    for folder, _, files in os.walk(case_dir):
        for name in files:
            full = os.path.join(folder, name)
            try:
                st = os.lstat(full)
            except OSError:  # deeper than PATH_MAX: made only to be refused
                continue
            if stat.S_ISREG(st.st_mode) and st.st_size < 64 << 20 and make_inputs.SECRET in open(full, "rb").read():
                return True
    return False


def run_case(case, inputs, scratch, timeout):
    case_dir = os.path.join(scratch, "cases", re.sub(r"[^A-Za-z0-9_.-]", "_", case.name)[:120])
    os.makedirs(case_dir)
    ctx = dict(inputs, dir=case_dir, scratch=scratch, dir_name=os.path.basename(case_dir))
    if case.setup:
        case.setup(ctx)
    argv = [a.format(**ctx) for a in case.argv]
    watched = [os.path.join(scratch, "in"), os.path.join(scratch, "outside")] + [p.format(**ctx) for p in case.protect]
    before = tree_fingerprints(*[w for w in watched if os.path.isdir(w)])
    before.update({p: fingerprint(p) for p in watched if not os.path.isdir(p)})
    timefile = os.path.join(scratch, "time.txt")
    cmd = ["/usr/bin/time", "-v", "-o", timefile, "timeout", "-k", "5", str(case.timeout or timeout), BIN] + argv
    cwd = case.cwd.format(**ctx) if case.cwd else case_dir
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, errors="replace",
                       stdin=subprocess.DEVNULL, env=dict(os.environ, DOTNET_CLI_TELEMETRY_OPTOUT="1", TERM="dumb"))
    times = open(timefile).read()
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", times).group(1)) * 1024
    secs = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", times).group(1)
    after = {p: fingerprint(p) for p in before}
    out = r.stdout + r.stderr
    verdicts = []
    if r.returncode in (124, 137):
        verdicts.append("hang")
    elif r.returncode not in (0, 1, 2) or "Unhandled exception" in out or re.search(r"\n\s+at CamSharp\.", out):
        verdicts.append("crash")
    if "internal error" in out:
        verdicts.append("internal")
    if secret_in_outputs(case_dir, r.stdout):
        verdicts.append("outside")
    changed = [p for p in before if before[p] != after[p]]
    if changed:
        verdicts.append("damage")
    if case.must_refuse and r.returncode == 0:
        verdicts.append("accepted")
    if case.must_succeed and r.returncode != 0:
        verdicts.append("failed")
    if case.check and r.returncode in (0, 1) and (problem := case.check(ctx)):
        verdicts.append("wrong")
        r = subprocess.CompletedProcess(r.args, r.returncode, r.stdout, f"error: {problem}\n" + r.stderr)
    if rss > budget_bytes(argv) + (256 << 20):
        verdicts.append("memory")
    unclear = message_check.problems(r.stderr, argv, cwd) if r.returncode in (1, 2) else []
    if r.returncode in (1, 2) and case.mentions and not any(m.format(**ctx) in r.stderr or os.path.basename(m.format(**ctx)) in r.stderr for m in case.mentions):
        unclear.append("misses what the case is about")
    if unclear:
        verdicts.append("vague")
    if case.teardown:
        case.teardown(ctx)
    shutil.rmtree(case_dir, ignore_errors=True)
    message = next((line for line in r.stderr.splitlines() if line.startswith("error")), r.stderr.strip()[-200:])
    if unclear:
        message = f"[{'; '.join(sorted(set(unclear)))}] {message}"
    return verdicts or ["ok"], r.returncode, rss, secs, message, changed


def main():
    global BIN
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", action="append", help="run the cases whose name contains this (repeatable: any of them)")
    ap.add_argument("--kind", action="append", help="run only cases of this kind (repeatable)")
    ap.add_argument("--skip-kind", action="append", default=[], help="leave out cases of this kind (repeatable)")
    ap.add_argument("--timeout", type=int, default=60)
    ap.add_argument("--keep", action="store_true", help="keep the scratch folder")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--extra-only", action="store_true", help="only the cases of extra_cases.py (the second rerun's additions)")
    ap.add_argument("--show-all", action="store_true", help="print every case with its exit code, peak RSS and time, not only those that are not ok")
    ap.add_argument("--bin", default=BIN, help="the CLI binary (default: the Debug build; copy it elsewhere to rebuild while a run goes on)")
    args = ap.parse_args()
    cases = [c for c in all_cases() if (not args.only or any(o in c.name for o in args.only))
             and (c.kind in args.kind if args.kind else c.kind not in SLOW_KINDS) and c.kind not in args.skip_kind]
    if args.extra_only:
        import extra_cases
        cases = [c for c in cases if c.name in extra_cases.NAMES]
    if args.list:
        for c in cases:
            print(c.kind, c.name)
        return 0
    BIN = os.path.abspath(args.bin)
    if not os.path.exists(BIN):
        sys.exit(f"{BIN} not found: build src/CamSharp.Cli first")
    scratch = tempfile.mkdtemp(prefix="camsharp-hostile-")
    try:
        made = make_inputs.make_all(scratch, ASSETS, FIXTURES)
        inputs = {k.replace(".", "_"): v for k, v in made.items()}
        inputs["indir"] = os.path.join(scratch, "in")
        counts = collections.Counter()
        per_kind = collections.defaultdict(collections.Counter)
        for case in cases:
            verdicts, rc, rss, secs, message, changed = run_case(case, inputs, scratch, args.timeout)
            for v in verdicts:
                counts[v] += 1
                per_kind[case.kind][v] += 1
            if verdicts != ["ok"] or args.show_all:
                print(f"{','.join(verdicts):10} {case.kind:10} {case.name}: exit {rc}, {rss >> 20} MB, {secs}: {message[:400]}"
                      + (f" changed: {changed[:3]}" if changed else ""), flush=True)
        print(f"\n{len(cases)} cases: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        for kind in sorted(per_kind):
            print(f"  {kind:12} " + ", ".join(f"{k} {v}" for k, v in sorted(per_kind[kind].items())))
        return 0 if set(counts) <= {"ok"} else 1
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
