#!/usr/bin/env bash
# The 1-million-subscriber scale run of docs/scaling.md: a first sync of SUBSCRIBERS subscribers into an empty
# ledger, then an incremental sync after a day of new events for a tenth of them. Prints time and peak memory
# (maximum resident set size) of each run. Not part of CI: it takes minutes and about 1.5 GB of disk.
#   benchmarks/scale/run.sh [SUBSCRIBERS] [WORK_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-1000000}"; work="${2:-$(mktemp -d)}"
mkdir -p "$work"; rm -f "$work"/events.jsonl "$work"/ledger.db* "$work"/crm.jsonl
dotnet build src/BounceKit.Cli -c Release -v q -nologo > /dev/null
cli="src/BounceKit.Cli/bin/Release/net10.0/BounceKit.Cli.dll"
cat > "$work/bouncekit.json" <<JSON
{ "ledger": "ledger.db",
  "sources": [ { "name": "events", "type": "events", "path": "events.jsonl" } ],
  "sinks": [ { "name": "crm", "type": "file", "path": "crm.jsonl" } ] }
JSON
benchmarks/scale/generate-events.sh "$n" "$work/events.jsonl" first
echo "first run: $(wc -l < "$work/events.jsonl") events for $n subscribers"
/usr/bin/time -f "first run: %e s, peak memory %M KB" dotnet "$cli" sync --config "$work/bouncekit.json" > "$work/first.json"
cat "$work/first.json"
benchmarks/scale/generate-events.sh "$n" "$work/events.jsonl" increment
echo "incremental run: $(wc -l < "$work/events.jsonl") events in the file now"
/usr/bin/time -f "incremental run: %e s, peak memory %M KB" dotnet "$cli" sync --config "$work/bouncekit.json" > "$work/second.json"
cat "$work/second.json"
ls -l "$work"/ledger.db* "$work/crm.jsonl"
