#!/usr/bin/env bash
# Runs a splade command on Kubernetes in cluster mode, with the image of deploy/docker/Dockerfile.
#
#   K8S_MASTER=k8s://https://api.example.com:6443 IMAGE=registry.example.com/splade-spark-gpu:0.1.0-SNAPSHOT \
#     MODEL=/data/models/splade INPUT=/data/corpus INDEX=/data/index DATA_PVC=splade-data \
#     deploy/spark-submit/kubernetes.sh reencode
#
# The jar and the discovery script are read from the image (local://), so nothing is uploaded.
# spark.executor.resource.gpu.vendor=nvidia.com makes Spark put an nvidia.com/gpu limit on each
# executor pod; the NVIDIA device plugin then exposes exactly those GPUs to the container.
set -euo pipefail
# shellcheck source=deploy/spark-submit/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

splade_require K8S_MASTER IMAGE
DEVICE="${DEVICE:-cuda}"
NAMESPACE="${NAMESPACE:-splade}"
splade_app_args "$@"

SPARK_ARGS+=(
  --master "$K8S_MASTER"
  --deploy-mode cluster
  --name "splade-${APP_ARGS[0]}"
  --driver-memory "${DRIVER_MEMORY:-8g}"
  --executor-memory "${EXECUTOR_MEMORY:-16g}"
  --executor-cores "${EXECUTOR_CORES:-4}"
  --num-executors "${NUM_EXECUTORS:-2}"
)
splade_conf spark.kubernetes.namespace "$NAMESPACE"
splade_conf spark.kubernetes.container.image "$IMAGE"
splade_conf spark.kubernetes.authenticate.driver.serviceAccountName "${SERVICE_ACCOUNT:-splade-spark}"
splade_common_confs
splade_env_confs spark.kubernetes.driverEnv.
splade_conf spark.executor.memoryOverhead "${EXECUTOR_MEMORY_OVERHEAD:-6g}"
if [[ -n "${DATA_PVC:-}" ]]; then
  # A ReadWriteMany claim holding models, corpus and tables, mounted at /data in every pod.
  for role in driver executor; do
    splade_conf "spark.kubernetes.$role.volumes.persistentVolumeClaim.data.options.claimName" "$DATA_PVC"
    splade_conf "spark.kubernetes.$role.volumes.persistentVolumeClaim.data.mount.path" /data
  done
fi
if splade_uses_gpu; then
  splade_gpu_confs /opt/splade/getGpusResources.sh
  splade_conf spark.executor.resource.gpu.vendor nvidia.com
  if [[ -n "${GPU_NODE_SELECTOR:-}" ]]; then
    # e.g. nvidia.com/gpu.present=true (the label the NVIDIA GPU operator puts on GPU nodes)
    splade_conf "spark.kubernetes.executor.node.selector.${GPU_NODE_SELECTOR%%=*}" "${GPU_NODE_SELECTOR#*=}"
  fi
fi

splade_submit "local:///opt/splade/splade-jobs-$SPLADE_VERSION-spark-submit.jar"
