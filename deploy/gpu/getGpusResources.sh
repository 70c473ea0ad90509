#!/usr/bin/env bash
# Spark GPU discovery script (spark.executor.resource.gpu.discoveryScript,
# spark.worker.resource.gpu.discoveryScript). Prints the GPUs this container or host can use as
# Spark's ResourceInformation JSON, e.g. {"name": "gpu", "addresses": ["0","1"]}.
#
# The addresses are nvidia-smi indices, which are also the CUDA device ids ONNX Runtime's CUDA
# execution provider takes, as long as CUDA_VISIBLE_DEVICES is not remapping them (inside a
# Kubernetes pod or a YARN Docker container only the assigned GPUs are visible, numbered from 0).
# Without nvidia-smi the script fails loudly instead of reporting no GPU: an executor that asked
# for a GPU and silently got none would fall back to nothing useful.
set -euo pipefail

if ! command -v nvidia-smi >/dev/null 2>&1; then
  echo "getGpusResources.sh: nvidia-smi not found on PATH; install the NVIDIA driver (or the NVIDIA container toolkit) on this node, or do not request spark.*.resource.gpu.amount here" >&2
  exit 1
fi

if ! indices=$(nvidia-smi --query-gpu=index --format=csv,noheader); then
  echo "getGpusResources.sh: nvidia-smi failed (driver not loaded, or no GPU device in this container); fix the node's NVIDIA driver or do not request GPUs here" >&2
  exit 1
fi

addresses=""
while IFS= read -r index; do
  index="${index//[[:space:]]/}"
  [[ -z "$index" ]] && continue
  addresses+="${addresses:+,}\"${index}\""
done <<<"$indices"

echo "{\"name\": \"gpu\", \"addresses\": [${addresses}]}"
