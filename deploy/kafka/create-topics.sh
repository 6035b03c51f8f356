#!/usr/bin/env bash
# Creates every topic of the contract (contracts/.../TopicSpec.java; README "Topics"), idempotently.
# Usage: create-topics.sh <bootstrap-servers>   (inside the apache/kafka image: /opt/kafka/bin on PATH below)
set -euo pipefail
bootstrap="${1:-kafka:9092}"
bin="${KAFKA_BIN:-/opt/kafka/bin}"
create() { # name partitions configs...
  local name=$1 partitions=$2; shift 2
  local args=()
  for c in "$@"; do args+=(--config "$c"); done
  "$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --create --if-not-exists \
    --topic "$name" --partitions "$partitions" --replication-factor "${REPLICATION_FACTOR:-1}" "${args[@]}"
}
create radar.releases.v1 3 retention.ms=-1
create radar.characteristic-changes.v1 6 retention.ms=-1
create radar.town-profiles.v1 6 cleanup.policy=compact
create radar.rulebooks.v1 1 cleanup.policy=compact
create radar.releases.v1.dlq 1 retention.ms=1209600000
create radar.scoring-events.v1.dlq 1 retention.ms=1209600000
