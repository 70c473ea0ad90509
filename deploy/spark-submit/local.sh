#!/usr/bin/env bash
# Runs a splade command with spark-submit on this machine (master local[LOCAL_CORES], default all).
#
#   MODEL=fixtures/oracle INPUT=corpus.jsonl INDEX=/tmp/splade-index \
#     deploy/spark-submit/local.sh encode
#
# GPU: Spark does not schedule GPUs in local mode (a task that asks for spark.task.resource.gpu.*
# is never offered one and waits forever), so no GPU resource settings are passed here. With
# DEVICE=cuda the encoder uses the GPUs CUDA_VISIBLE_DEVICES exposes, shared by all local tasks.
set -euo pipefail
# shellcheck source=deploy/spark-submit/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DEVICE="${DEVICE:-cpu}"
splade_app_args "$@"

SPARK_ARGS+=(
  --master "local[${LOCAL_CORES:-*}]"
  --name "splade-${APP_ARGS[0]}"
  --driver-memory "${DRIVER_MEMORY:-8g}"
)
# A local run talks to nobody: bind the driver to loopback.
splade_conf spark.driver.bindAddress 127.0.0.1
splade_conf spark.driver.host 127.0.0.1
splade_common_confs

splade_local_jar
splade_submit "$SPLADE_JAR"
