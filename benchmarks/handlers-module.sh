#!/bin/sh
# Writes a Maven module of N synthetic handlers (ProcessorCost's shape: an 8-bit opcode, three fields,
# 16 ops, a compat word) with the README's pom, to time abilock:check on a module larger than the examples.
# Usage: benchmarks/handlers-module.sh N DIR   (then, in DIR: mvn abilock:update && mvn verify)
set -eu
n=$1
dir=$2
readme=$(dirname "$0")/../README.md
mkdir -p "$dir/src/main/java/bench"
# The README's pom: the first xml block after "## Adding abilock to a Maven project".
awk '/^## Adding abilock to a Maven project/ { section = 1 }
     section && /^```xml$/ { inside = 1; next }
     inside && /^```$/ { exit }
     inside { print }' "$readme" > "$dir/pom.xml"
i=0
while [ "$i" -lt "$n" ]; do
  {
    printf 'package bench;\nimport dev.abilock.*;\n\n'
    printf '@Continuable(name = "c%d", compatWidth = 32)\npublic final class C%d {\n' "$i" "$i"
    op=0
    while [ "$op" -lt 16 ]; do
      case $((op % 4)) in
        0) continues='"a"' ;;
        1) continues='{"a", "b"}' ;;
        2) continues='"c"' ;;
        *) continues='{}' ;;
      esac
      printf '  @Op(continues = %s) static final int OP_%d = %d;\n' "$continues" "$op" "$op"
      op=$((op + 1))
    done
    printf '  @Opcode(bits = 8) int code;\n'
    printf '  @ContinuationField(bits = 20, compatBits = 12) long a;\n'
    printf '  @ContinuationField(bits = 20, compatBits = 0) int b;\n'
    printf '  @ContinuationField(shift = 8, bits = 56, compatBits = 24, encoding = Encoding.IN_PLACE) long c;\n'
    printf '}\n'
  } > "$dir/src/main/java/bench/C$i.java"
  i=$((i + 1))
done
