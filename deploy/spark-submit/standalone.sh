#!/usr/bin/env bash
# Runs a splade command on a Spark standalone cluster, driver on this machine (client mode).
#
#   MASTER=spark://master:7077 MODEL=/shared/models/splade INPUT=/shared/corpus \
#     INDEX=/shared/index deploy/spark-submit/standalone.sh reencode
#
# GPUs: each worker must offer them (spark-defaults.conf or SPARK_WORKER_OPTS on the workers):
#   spark.worker.resource.gpu.amount          number of GPUs on the node
#   spark.worker.resource.gpu.discoveryScript /opt/splade/getGpusResources.sh
# The worker hands each executor its GPU addresses; GPU_DISCOVERY_SCRIPT (same path on every
# worker) is the executor-side fallback. Client mode only: in cluster mode Spark offers no setting
# for the driver's environment (put the three variables in the workers' spark-env.sh instead).
set -euo pipefail
# shellcheck source=deploy/spark-submit/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

splade_require MASTER
DEVICE="${DEVICE:-cuda}"
splade_app_args "$@"

SPARK_ARGS+=(
  --master "$MASTER"
  --deploy-mode client
  --name "splade-${APP_ARGS[0]}"
  --driver-memory "${DRIVER_MEMORY:-8g}"
  --executor-memory "${EXECUTOR_MEMORY:-16g}"
  --executor-cores "${EXECUTOR_CORES:-4}"
)
if [[ -n "${TOTAL_EXECUTOR_CORES:-}" ]]; then
  SPARK_ARGS+=(--total-executor-cores "$TOTAL_EXECUTOR_CORES")
fi
splade_common_confs
if splade_uses_gpu; then
  splade_gpu_confs "${GPU_DISCOVERY_SCRIPT:-/opt/splade/getGpusResources.sh}"
fi

splade_local_jar
splade_submit "$SPLADE_JAR"
