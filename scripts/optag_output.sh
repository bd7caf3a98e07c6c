#!/usr/bin/env bash
# Record every output a user sees (rendered reports of both rounds, status as JSON/CSV/table, the
# list table as CSV), with default and non-default suppression, into one folder. Used around a
# refactoring: record before, record after, `diff -r` the two folders; nothing may differ but the
# intended fixes.  Usage: scripts/optag_output.sh MAPPE [helhedsanalyse-kommando]
set -euo pipefail
ud="$1"; ha="${2:-.venv/bin/helhedsanalyse}"
mkdir -p "$ud"
for runde in midtvej slut; do
  for fmt in json csv table; do
    "$ha" status --runde "$runde" --format "$fmt" > "$ud/status-$runde.$fmt"
  done
  "$ha" status --runde "$runde" --format json --graense 10 > "$ud/status-$runde-graense10.json"
  "$ha" status --runde "$runde" --format json --uden-diskretionering > "$ud/status-$runde-uden.json"
done
"$ha" lister --format csv > "$ud/lister.csv"
"$ha" lister --format table > "$ud/lister.txt"
"$ha" lister --format csv --graense 10 > "$ud/lister-graense10.csv"
"$ha" lister --format csv --uden-diskretionering > "$ud/lister-uden.csv"
"$ha" validate data/eksempel > "$ud/validate.txt"
"$ha" render --ud "$ud/reports" > "$ud/render.log" 2>&1
"$ha" render --ud "$ud/reports-graense10" --graense 10 --runde slut \
  --notebook omraade --notebook bestyrelsesstatus --omraade ringparken > "$ud/render-graense10.log" 2>&1
# the logs name the folder; make them comparable between two folders
sed -i "s#$ud#UD#g" "$ud/render.log" "$ud/render-graense10.log"
