#!/usr/bin/env bash
# Checks the shipped Prometheus configuration and alert rules with promtool (Debian: apt-get install prometheus).
#   infra/prometheus/check.sh                                  promtool on the config and the rules, and the rules'
#                                                              unit tests (alerts.test.yml)
#   infra/prometheus/check.sh --against http://localhost:9090  also runs every dashboard query on that Prometheus
# The scrape config names the rules file by its path inside the container; it is checked against a copy that
# names the file here instead.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if ! command -v promtool > /dev/null; then
  echo "promtool not found: install Prometheus (Debian/Ubuntu: apt-get install prometheus)" >&2
  exit 2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sed "s#/etc/prometheus/alerts.yml#$here/alerts.yml#" "$here/prometheus.yml" > "$work/prometheus.yml"
promtool check rules "$here/alerts.yml"
(cd "$here" && promtool test rules alerts.test.yml)
promtool check config "$work/prometheus.yml"

# With a running Prometheus (e.g. the one ./run-local.sh starts): every dashboard query must be valid PromQL there.
if [ "${1:-}" = "--against" ] && [ -n "${2:-}" ]; then
  python3 - "$2" "$here/../grafana/dashboards" <<'PY'
import glob, json, sys, urllib.parse, urllib.request
url, folder = sys.argv[1].rstrip("/"), sys.argv[2]
failed = checked = 0
for path in sorted(glob.glob(folder + "/*.json")):
    for panel in json.load(open(path))["panels"]:
        for target in panel["targets"]:
            expr = target["expr"].replace("$tenant", "any").replace("$provider", ".*").replace("$instance", ".*")
            query = url + "/api/v1/query?" + urllib.parse.urlencode({"query": expr})
            try:
                answer = json.load(urllib.request.urlopen(query))
            except urllib.error.HTTPError as e:
                answer = json.load(e)
            checked += 1
            if answer.get("status") != "success":
                failed += 1
                print(f"FAILED {path.split('/')[-1]} / {panel['title']}: {answer.get('error')}")
print(f"{checked} dashboard queries checked against {url}: {failed} failed")
sys.exit(1 if failed else 0)
PY
fi
