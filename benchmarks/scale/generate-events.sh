#!/usr/bin/env bash
# Writes a synthetic event file for the scale run (docs/scaling.md): SUBSCRIBERS subscribers with Salesforce-style
# contact ids, two sends each, soft bounces for 30%, a trusted-ISP hard bounce for 10%, an open for 20%.
#   generate-events.sh SUBSCRIBERS OUT.jsonl [first|increment]
# "increment" writes the next day's events for every tenth subscriber (a third send, soft bounces and opens).
set -euo pipefail
n="${1:?subscribers}"; out="${2:?output file}"; kind="${3:-first}"
awk -v n="$n" -v kind="$kind" 'BEGIN {
  srand(42);
  for (i = 0; i < n; i++) {
    id = sprintf("003%012d", i);
    if (kind == "first") {
      printf "{\"id\":\"%s-s1\",\"subscriber\":\"%s\",\"at\":\"2026-01-05T10:00:00Z\",\"event\":\"sent\",\"job\":\"j1\"}\n", id, id;
      printf "{\"id\":\"%s-s2\",\"subscriber\":\"%s\",\"at\":\"2026-01-19T10:00:00Z\",\"event\":\"sent\",\"job\":\"j2\"}\n", id, id;
      r = rand();
      if (r < 0.30) printf "{\"id\":\"%s-b1\",\"subscriber\":\"%s\",\"at\":\"2026-01-05T10:05:00Z\",\"event\":\"bounce\",\"bounce\":\"soft\",\"domain\":\"example.org\",\"job\":\"j1\",\"text\":\"452 4.2.2 Mailbox full\"}\n", id, id;
      else if (r < 0.40) printf "{\"id\":\"%s-b2\",\"subscriber\":\"%s\",\"at\":\"2026-01-19T10:05:00Z\",\"event\":\"bounce\",\"bounce\":\"hard\",\"domain\":\"gmail.com\",\"job\":\"j2\",\"text\":\"550 5.1.1 The email account that you tried to reach does not exist.\"}\n", id, id;
      else if (r < 0.60) printf "{\"id\":\"%s-o1\",\"subscriber\":\"%s\",\"at\":\"2026-01-06T08:00:00Z\",\"event\":\"open\",\"job\":\"j1\"}\n", id, id;
    } else if (i % 10 == 0) {
      printf "{\"id\":\"%s-s3\",\"subscriber\":\"%s\",\"at\":\"2026-02-02T10:00:00Z\",\"event\":\"sent\",\"job\":\"j3\"}\n", id, id;
      if (rand() < 0.5) printf "{\"id\":\"%s-b3\",\"subscriber\":\"%s\",\"at\":\"2026-02-02T10:05:00Z\",\"event\":\"bounce\",\"bounce\":\"soft\",\"domain\":\"example.org\",\"job\":\"j3\",\"text\":\"452 4.2.2 Mailbox full\"}\n", id, id;
      else printf "{\"id\":\"%s-o3\",\"subscriber\":\"%s\",\"at\":\"2026-02-03T08:00:00Z\",\"event\":\"open\",\"job\":\"j3\"}\n", id, id;
    }
  }
}' >> "$out"
