#!/usr/bin/env bash
# Creates the project's topics if they do not exist yet (safe to run again).
#   BOOTSTRAP_SERVERS  e.g. kafka:29092
#   EVENTS_TOPIC, EVENTS_PARTITIONS, DLQ_TOPIC
set -euo pipefail

bootstrap="${BOOTSTRAP_SERVERS:?set BOOTSTRAP_SERVERS, e.g. kafka:29092}"
# The names come from .env (.env.example), the one place compose takes them from.
events_topic="${EVENTS_TOPIC:?set EVENTS_TOPIC (see .env.example)}"
events_partitions="${EVENTS_PARTITIONS:?set EVENTS_PARTITIONS (see .env.example)}"
dlq_topic="${DLQ_TOPIC:?set DLQ_TOPIC (see .env.example)}"

# Partitions bound the sink's parallelism (tasks.max); one broker means replication factor 1.
kafka-topics --bootstrap-server "$bootstrap" --create --if-not-exists \
  --topic "$events_topic" --partitions "$events_partitions" --replication-factor 1
kafka-topics --bootstrap-server "$bootstrap" --create --if-not-exists \
  --topic "$dlq_topic" --partitions 1 --replication-factor 1

kafka-topics --bootstrap-server "$bootstrap" --describe --topic "$events_topic"
