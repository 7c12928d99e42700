#!/bin/sh
# Times abilock:check when nothing changed: `mvn -o verify` with the check (which skips javac while its
# fingerprint is unchanged) against the same command with -Dabilock.skip=true, in turn, pair after pair,
# each side first in every other pair. The first pair warms up (and records the fingerprint) and is left
# out. Prints a markdown row per module: medians of CPU (user + system seconds of Maven's JVM and all it
# waited for) and wall seconds, and the median (min-max) of the pairs' CPU and wall ratios.
#
# Usage, from the repository root, abilock installed in the local repository first
# (mvn -B -ntp -q install -DskipTests):
#   benchmarks/check-cost.sh PAIRS WORKDIR
# Modules: 100 generated handlers (handlers-module.sh, published with abilock:update), and the examples
# with and without their tests. A check that did not log its skip stops the script: the figures would
# not be those of "nothing changed".
set -eu
pairs=$1
work=$2
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$work"
work=$(cd "$work" && pwd)

run() { # run DIR LOG ARGS...: one build, its "elapsed user system" appended to LOG.times
  dir=$1
  log=$2
  shift 2
  if ! (cd "$dir" && /usr/bin/time -f '%e %U %S' -o "$log.time" mvn -B -o "$@" verify > "$log.out" 2>&1); then
    tail -40 "$log.out" >&2
    echo "check-cost: mvn $* verify failed in $dir" >&2
    exit 1
  fi
  cat "$log.time" >> "$log.times"
}

measure() { # measure LABEL DIR MVN-ARGS...
  label=$1
  dir=$2
  shift 2
  key=$work/$(echo "$label" | tr -c 'A-Za-z0-9\n' '_')
  rm -f "$key.check.times" "$key.skip.times"
  i=0
  while [ "$i" -le "$pairs" ]; do
    if [ $((i % 2)) -eq 0 ]; then
      run "$dir" "$key.check" "$@"
      run "$dir" "$key.skip" "$@" -Dabilock.skip=true
    else
      run "$dir" "$key.skip" "$@" -Dabilock.skip=true
      run "$dir" "$key.check" "$@"
    fi
    if ! grep -q 'plugin-check-unchanged' "$key.check.out"; then
      [ "$i" -eq 0 ] || { echo "check-cost: the check in $dir ran javac: something changed" >&2; exit 1; }
    fi
    i=$((i + 1))
  done
  paste -d ' ' "$key.check.times" "$key.skip.times" | tail -n +2 | awk -v label="$label" '
    function median(a, n,   i, j, t) {
      for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    function range(a, n,   i, lo, hi) {
      lo = hi = a[1]
      for (i = 2; i <= n; i++) { if (a[i] < lo) lo = a[i]; if (a[i] > hi) hi = a[i] }
      return sprintf("%.2f-%.2f", lo, hi)
    }
    {
      n++
      cc[n] = $2 + $3; cw[n] = $1; sc[n] = $5 + $6; sw[n] = $4
      rc[n] = cc[n] / sc[n]; rw[n] = cw[n] / sw[n]
    }
    END {
      printf "| %s | %.2f / %.2f | %.2f / %.2f | **%.2f** (%s) | %.2f (%s) |\n", label,
        median(cc, n), median(cw, n), median(sc, n), median(sw, n),
        median(rc, n), range(rc, n), median(rw, n), range(rw, n)
    }'
}

handlers=$work/handlers-100
if [ ! -f "$handlers/abilock.manifest" ]; then
  rm -rf "$handlers"
  sh "$root/benchmarks/handlers-module.sh" 100 "$handlers"
  (cd "$handlers" && mvn -B -o -q abilock:update -Dabilock.release=1.0 > "$work/update.out" 2>&1) \
    || { tail -40 "$work/update.out" >&2; exit 1; }
fi
echo "| module | with the check: CPU s / wall s | \`-Dabilock.skip=true\`: CPU s / wall s | ratio CPU | ratio wall |"
echo "|---|---|---|---|---|"
measure "100 generated handlers" "$handlers"
measure "examples, \`-DskipTests\`" "$root/examples" -DskipTests
measure "examples, with their tests" "$root/examples"
