#!/bin/bash -eu
# Builds every cargo-fuzz target of canon for ClusterFuzzLite / OSS-Fuzz
# (the base image's cargo wrapper adds the sanitizer and coverage flags),
# and ships each target with its seed corpus and the dictionary.
cd "$SRC/canon/fuzz"

# Seeds need Core's test data laid out as canon's shared vectors.
shared="$WORK/shared-vectors"
mkdir -p "$shared/core"
cp "$SRC"/bitcoin/src/test/data/*.json "$shared/core/" || true
cp "$SRC"/bitcoin/src/bench/data/block413567.raw "$shared/core/" 2>/dev/null || true
export CANON_SHARED_VECTORS="$shared"

cargo fuzz build -O --debug-assertions
CARGO_TARGET_DIR="$WORK/seed-target" cargo run --release --example tool -- seeds "$WORK/seeds"

for target in $(cargo fuzz list); do
  cp "fuzz/target/x86_64-unknown-linux-gnu/release/$target" "$OUT/" 2>/dev/null \
    || cp "target/x86_64-unknown-linux-gnu/release/$target" "$OUT/"
  cp dict/bitcoin.dict "$OUT/$target.dict"
  if [ -d "$WORK/seeds/$target" ]; then
    (cd "$WORK/seeds/$target" && zip -q -r "$OUT/${target}_seed_corpus.zip" .)
  fi
done
