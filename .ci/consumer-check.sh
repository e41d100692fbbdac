#!/usr/bin/env bash
# Proves that a project outside the reactor can build against the published artifacts: installs the parent, the
# BOM, csv, core, auth and testkit into a fresh local repository (a hard-linked copy of the build's repository
# without any dev/bulk2 artifact), builds consumer-check/ (imports bulk2-bom, depends on core, auth, testkit;
# compiled and run on the module path) and runs its upsert against the standalone emulator jar from that
# repository. A packaging mistake (missing dependency, wrong scope, broken BOM, module descriptor error) fails.
# Usage: bash .ci/consumer-check.sh   (BULK2_MAVEN_REPO: the build's local repository, default ~/.m2/repository)
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

src_repo="${BULK2_MAVEN_REPO:-$HOME/.m2/repository}"
work="$PWD/target/consumer-check"
fresh="$work/repository"
rm -rf "$work"
mkdir -p "$work"
if [ -d "$src_repo" ]; then
  cp -al "$src_repo" "$fresh" 2>/dev/null || cp -a "$src_repo" "$fresh"
fi
mkdir -p "$fresh"
rm -rf "$fresh/dev/bulk2"

version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)
echo "[consumer-check] installing bulk2 $version into $fresh"
./mvnw -B -q -Dmaven.repo.local="$fresh" -Dmaven.test.skip=true -Dmaven.javadoc.skip=true \
    -Dmaven.source.skip=true -pl .,bulk2-bom,bulk2-csv,bulk2-core,bulk2-auth,bulk2-testkit install

jar="$fresh/dev/bulk2/bulk2-testkit/$version/bulk2-testkit-$version-standalone.jar"
log="$work/emulator.log"
java -jar "$jar" --port 0 >"$log" 2>&1 &
emulator=$!
trap 'kill "$emulator" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  grep -q 'client secret:' "$log" && break
  kill -0 "$emulator" 2>/dev/null || { cat "$log"; echo "[consumer-check] the emulator did not start"; exit 1; }
  sleep 0.1
done
field() { sed -n "s/^  $1 *: //p" "$log" | head -1; }
token_url=$(field 'token URL')
client_id=$(field 'client id')
client_secret=$(field 'client secret')
[ -n "$token_url" ] || { cat "$log"; echo "[consumer-check] no token URL in the emulator banner"; exit 1; }

echo "[consumer-check] building consumer-check/ and running it against the standalone emulator"
./mvnw -B -q -Dmaven.repo.local="$fresh" -f consumer-check/pom.xml -Dbulk2.version="$version" \
    -Dcc.tokenUrl="$token_url" -Dcc.clientId="$client_id" -Dcc.clientSecret="$client_secret" \
    clean package exec:exec
echo "[consumer-check] passed in $(( $(date +%s) - start )) s"
