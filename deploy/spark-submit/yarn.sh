#!/usr/bin/env bash
# Runs a splade command on YARN (cluster mode by default; DEPLOY_MODE=client keeps the driver here).
#
#   MODEL=hdfs:///models/splade INPUT=hdfs:///corpus INDEX=hdfs:///splade/index \
#     NUM_EXECUTORS=4 deploy/spark-submit/yarn.sh reencode
#
# GPUs: spark.executor.resource.gpu.amount becomes a yarn.io/gpu request (the NodeManagers need
# GPU scheduling and isolation enabled, see deploy/README.md). The discovery script is shipped with
# --files and runs in the container's working directory, where only the assigned GPUs are visible.
set -euo pipefail
# shellcheck source=deploy/spark-submit/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DEVICE="${DEVICE:-cuda}"
DEPLOY_MODE="${DEPLOY_MODE:-cluster}"
[[ "$DEPLOY_MODE" == cluster || "$DEPLOY_MODE" == client ]] ||
  splade_die "DEPLOY_MODE=$DEPLOY_MODE: expected cluster or client"
splade_app_args "$@"

SPARK_ARGS+=(
  --master yarn
  --deploy-mode "$DEPLOY_MODE"
  --name "splade-${APP_ARGS[0]}"
  --driver-memory "${DRIVER_MEMORY:-8g}"
  --executor-memory "${EXECUTOR_MEMORY:-16g}"
  --executor-cores "${EXECUTOR_CORES:-4}"
  --num-executors "${NUM_EXECUTORS:-2}"
)
if [[ -n "${QUEUE:-}" ]]; then
  SPARK_ARGS+=(--queue "$QUEUE")
fi
splade_common_confs
# The cluster-mode driver runs in the YARN application master.
splade_env_confs spark.yarn.appMasterEnv.
# ONNX Runtime and CUDA allocate outside the Java heap.
splade_conf spark.executor.memoryOverhead "${EXECUTOR_MEMORY_OVERHEAD:-6g}"
if splade_uses_gpu; then
  SPARK_ARGS+=(--files "$SPLADE_DEPLOY_DIR/gpu/getGpusResources.sh")
  splade_gpu_confs ./getGpusResources.sh
fi

splade_local_jar
splade_submit "$SPLADE_JAR"
