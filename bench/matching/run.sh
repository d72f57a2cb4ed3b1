#!/usr/bin/env bash
# Benchmarks the Swift matching solver against LEMON (C++) and networkx on
# generated graphs, checks that every solver that finished reports the same
# total weight, and prints a table with times and the Swift/LEMON ratio.
#
# Environment knobs:
#   NX_TIMEOUT=120   networkx time limit per graph in seconds (0 skips networkx)
#   REPEAT=3         runs per solver and graph; the best time is reported
#   CASES="..."      subset of: complete250 complete500 complete2000 sparse2000 sparse25000
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
NX_TIMEOUT="${NX_TIMEOUT:-120}"
REPEAT="${REPEAT:-3}"
CASES="${CASES:-complete250 complete500 complete2000 sparse2000 sparse25000}"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/matching-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

if [ ! -f /usr/include/lemon/matching.h ]; then
  echo "installing liblemon-dev ..." >&2
  if ! apt-get install -y liblemon-dev >/dev/null 2>&1; then
    apt-get update >/dev/null
    apt-get install -y liblemon-dev >/dev/null
  fi
fi

if [ "$NX_TIMEOUT" != "0" ] && ! python3 -c "import networkx" 2>/dev/null; then
  echo "installing networkx ..." >&2
  # Into whichever Python runs the benchmark (pip refuses a Debian system Python without the flag).
  python3 -m pip install --quiet networkx 2>/dev/null || python3 -m pip install --quiet --break-system-packages networkx
fi

echo "building LEMON driver ..." >&2
g++ -O2 -std=c++17 "$HERE/lemon_mwm.cpp" -o "$WORK/lemon_mwm"

echo "building Swift (release) ..." >&2
(cd "$ROOT" && swift build -c release --product matching-bench >&2)
SWIFT_BIN="$(cd "$ROOT" && swift build -c release --show-bin-path)/matching-bench"

# best_of CMD...: runs CMD $REPEAT times, prints the JSON line with the smallest solve_s.
best_of() {
  for _ in $(seq "$REPEAT"); do "$@"; done | python3 -c '
import json, sys
runs = [json.loads(l) for l in sys.stdin if l.strip()]
print(json.dumps(min(runs, key=lambda r: r["solve_s"]), separators=(",", ":")))'
}

RESULTS="$WORK/results.jsonl"
: > "$RESULTS"
for c in $CASES; do
  f="$WORK/$c.txt"
  case "$c" in
    complete*) python3 "$HERE/gen_graphs.py" complete "${c#complete}" "$f" ;;
    sparse*) python3 "$HERE/gen_graphs.py" sparse "${c#sparse}" 30 "$f" ;;
    *) echo "unknown case $c" >&2; exit 2 ;;
  esac
  echo "running $c ($(wc -l < "$f") edges) ..." >&2
  {
    best_of "$WORK/lemon_mwm" "$f"
    best_of "$WORK/lemon_mwm" "$f" --list
    best_of "$SWIFT_BIN" "$f"
    if [ "$NX_TIMEOUT" != "0" ]; then
      python3 "$HERE/networkx_mwm.py" "$f" --timeout "$NX_TIMEOUT"
    fi
  } | sed "s/^{/{\"case\":\"$c\",/" >> "$RESULTS"
done

python3 - "$RESULTS" <<'EOF'
import json, sys
rows = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    rows.setdefault(r["case"], {})[r["solver"]] = r
def t(r):
    if r is None: return "-"
    if r.get("timeout"): return f">{r['timeout_s']:g}"
    return f"{r['solve_s']:.3f}"
hdr = f"{'case':<14}{'vertices':>9}{'edges':>10}{'LEMON s':>10}{'LEMON-list s':>14}{'networkx s':>12}{'Swift s':>10}{'Swift/LEMON':>13}{'Swift/LEMON-list':>18}  weights"
print(hdr)
print("-" * len(hdr))
bad = False
for case, r in rows.items():
    lem, lst, sw, nx = r.get("lemon"), r.get("lemon-list"), r.get("swift"), r.get("networkx")
    done = [x for x in (lem, lst, sw, nx) if x is not None and not x.get("timeout")]
    weights = {x["total_weight"] for x in done}
    ok = len(weights) == 1
    bad |= not ok
    ratio = f"{sw['solve_s'] / lem['solve_s']:.2f}" if sw and lem else "-"
    ratio2 = f"{sw['solve_s'] / lst['solve_s']:.2f}" if sw and lst else "-"
    print(f"{case:<14}{sw['vertices']:>9}{sw['edges']:>10}{t(lem):>10}{t(lst):>14}{t(nx):>12}{t(sw):>10}{ratio:>13}{ratio2:>18}  "
          + ("same (" + str(weights.pop()) + f", {len(done)} solvers)" if ok else "MISMATCH " + str(sorted(weights))))
print()
print("times: solve only (LEMON: graph build + run; Swift: whole call incl. dedupe/CSR; networkx: Graph build + solve)")
sys.exit(1 if bad else 0)
EOF
