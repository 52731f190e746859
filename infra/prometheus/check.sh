#!/usr/bin/env bash
# Checks the shipped Prometheus configuration and alert rules with promtool (Debian: apt-get install prometheus).
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
promtool check config "$work/prometheus.yml"
