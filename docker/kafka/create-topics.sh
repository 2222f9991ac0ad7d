#!/usr/bin/env bash
# Creates the project's topics if they do not exist yet (safe to run again).
#   BOOTSTRAP_SERVERS  e.g. kafka:29092
#   EVENTS_TOPIC, EVENTS_PARTITIONS, DLQ_TOPIC
set -euo pipefail

bootstrap="${BOOTSTRAP_SERVERS:?set BOOTSTRAP_SERVERS, e.g. kafka:29092}"
events_topic="${EVENTS_TOPIC:-raw_data_events}"
events_partitions="${EVENTS_PARTITIONS:-2}"
dlq_topic="${DLQ_TOPIC:-raw_data_events_dlq}"

# Partitions bound the sink's parallelism (tasks.max); one broker means replication factor 1.
kafka-topics --bootstrap-server "$bootstrap" --create --if-not-exists \
  --topic "$events_topic" --partitions "$events_partitions" --replication-factor 1
kafka-topics --bootstrap-server "$bootstrap" --create --if-not-exists \
  --topic "$dlq_topic" --partitions 1 --replication-factor 1

kafka-topics --bootstrap-server "$bootstrap" --describe --topic "$events_topic"
