#!/usr/bin/env bash
# Randomised cross-check of the Swift solver on medium graphs:
#   - debug build of matching-bench, whose solver checks its own dual
#     certificate after every solve (assertion), so a wrong optimum traps;
#   - total weight compared with LEMON (maximum weight) and, on small
#     graphs, with networkx (maximum cardinality, then maximum weight).
# Usage: crosscheck.sh [COUNT]   (default 30 graphs per check)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
COUNT="${1:-30}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/matching-check.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

if [ ! -f /usr/include/lemon/matching.h ]; then
  apt-get install -y liblemon-dev >/dev/null 2>&1 || { apt-get update >/dev/null; apt-get install -y liblemon-dev >/dev/null; }
fi
g++ -O2 -std=c++17 "$HERE/lemon_mwm.cpp" -o "$WORK/lemon_mwm"
(cd "$ROOT" && swift build --product matching-bench >&2)
SWIFT_DEBUG="$(cd "$ROOT" && swift build --show-bin-path)/matching-bench"

field() { python3 -c "import json,sys; d=json.load(sys.stdin); print(' '.join(str(d[k]) for k in sys.argv[1:]))" "$@"; }

fails=0
for seed in $(seq 1 "$COUNT"); do
  g="$WORK/g.txt"
  # Small weight ranges give many ties, hence many blossoms.
  case $((seed % 6)) in
    0) python3 "$HERE/gen_graphs.py" sparse 3000 3 "$g" --seed "$seed" --max-weight 3 ;;
    1) python3 "$HERE/gen_graphs.py" sparse 2000 10 "$g" --seed "$seed" --max-weight 10 ;;
    2) python3 "$HERE/gen_graphs.py" complete 300 "$g" --seed "$seed" --max-weight 5 ;;
    3) python3 "$HERE/gen_graphs.py" sparse 5000 2 "$g" --seed "$seed" --max-weight 1000 ;;
    4) python3 "$HERE/gen_graphs.py" complete 200 "$g" --seed "$seed" ;;
    5) python3 "$HERE/gen_graphs.py" sparse 4000 4 "$g" --seed "$seed" --max-weight 1 ;;
  esac
  a=$("$WORK/lemon_mwm" "$g" | field total_weight)
  b=$("$SWIFT_DEBUG" "$g" | field total_weight)
  if [ "$a" != "$b" ]; then echo "MISMATCH (max weight) seed $seed: lemon $a swift $b"; fails=$((fails + 1)); fi

  s="$WORK/s.txt"
  case $((seed % 3)) in
    0) python3 "$HERE/gen_graphs.py" sparse 400 2 "$s" --seed "$seed" --max-weight 3 ;;
    1) python3 "$HERE/gen_graphs.py" sparse 300 1 "$s" --seed "$seed" --max-weight 100 ;;
    2) python3 "$HERE/gen_graphs.py" complete 61 "$s" --seed "$seed" --max-weight 5 ;;
  esac
  a=$(python3 "$HERE/networkx_mwm.py" "$s" --cardinality | field total_weight size)
  b=$("$SWIFT_DEBUG" "$s" --cardinality | field total_weight size)
  if [ "$a" != "$b" ]; then echo "MISMATCH (max cardinality) seed $seed: networkx $a swift $b"; fails=$((fails + 1)); fi
done
echo "$((2 * COUNT)) graphs checked, $fails mismatches"
[ "$fails" -eq 0 ]
