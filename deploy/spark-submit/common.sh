# shellcheck shell=bash
# Shared by local.sh, standalone.sh, yarn.sh and kubernetes.sh (sourced, not run). Builds one
# spark-submit command line for the splade CLI in the array SPARK_ARGS and runs it.
#
# Settings come from the environment (see deploy/README.md):
#   MODEL, INPUT, INDEX, QUERIES, OUTPUT   what the splade command reads and writes
#   DEVICE                                 cuda (GPU executors) or cpu
#   SPARK_HOME                             spark-submit is $SPARK_HOME/bin/spark-submit (else PATH)
#   JAR                                    the shaded jar (default: the one built in jobs/target)
#   EXECUTOR_CORES, GPUS_PER_EXECUTOR, TASKS_PER_GPU, EXECUTOR_MEMORY, DRIVER_MEMORY, ...
#   SPLADE_DRY_RUN=1                       print the environment and the command, run nothing

# The version of the jar the scripts and the image expect; keep equal to the Maven project version.
SPLADE_VERSION="${SPLADE_VERSION:-0.1.0-SNAPSHOT}"
SPLADE_MAIN_CLASS="org.spladespark.jobs.cli.SpladeCli"
SPLADE_DEPLOY_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SPLADE_REPO_ROOT=$(cd "$SPLADE_DEPLOY_DIR/.." && pwd)

# No call-home, ever: DJL must not download native libraries or tokenizers nor send usage
# telemetry; ONNX Runtime must not send telemetry. Exported here for every JVM this shell starts
# (spark-submit and a client-mode driver), and passed on to executors and cluster-mode drivers
# through the --conf settings below.
export DJL_OFFLINE=true
export OPT_OUT_TRACKING=true
export ORT_DISABLE_TELEMETRY=1
SPLADE_ENV_VARS=(DJL_OFFLINE OPT_OUT_TRACKING ORT_DISABLE_TELEMETRY)

SPARK_ARGS=()
APP_ARGS=()

splade_die() {
  printf 'splade deploy: %s\n' "$*" >&2
  exit 2
}

splade_conf() {
  SPARK_ARGS+=(--conf "$1=$2")
}

# splade_env_confs PREFIX: the three variables as PREFIX<NAME>=<value> settings, e.g.
# spark.executorEnv. or spark.yarn.appMasterEnv.
splade_env_confs() {
  local prefix=$1 name
  for name in "${SPLADE_ENV_VARS[@]}"; do
    splade_conf "$prefix$name" "${!name}"
  done
}

# Delta Lake and the executor environment: every target needs these.
splade_common_confs() {
  splade_conf spark.sql.extensions io.delta.sql.DeltaSparkSessionExtension
  splade_conf spark.sql.catalog.spark_catalog org.apache.spark.sql.delta.catalog.DeltaCatalog
  splade_env_confs spark.executorEnv.
}

# splade_gpu_confs DISCOVERY_SCRIPT: GPU scheduling for encode/reencode on a cluster.
# Each executor owns GPUS_PER_EXECUTOR GPUs and keeps one ONNX Runtime session per GPU; its
# TASKS_PER_GPU task threads share that session (tokenising on the CPU while another task's batch
# runs on the GPU), so each task asks for 1/TASKS_PER_GPU of a GPU.
splade_gpu_confs() {
  local script=$1
  local cores=${EXECUTOR_CORES:-4}
  local gpus=${GPUS_PER_EXECUTOR:-1}
  [[ $cores =~ ^[1-9][0-9]*$ ]] || splade_die "EXECUTOR_CORES=$cores: must be a positive integer"
  [[ $gpus =~ ^[1-9][0-9]*$ ]] || splade_die "GPUS_PER_EXECUTOR=$gpus: must be a positive integer"
  if [[ -z "${TASKS_PER_GPU:-}" ]]; then
    ((cores % gpus == 0)) ||
      splade_die "EXECUTOR_CORES=$cores is not a multiple of GPUS_PER_EXECUTOR=$gpus; set TASKS_PER_GPU"
    TASKS_PER_GPU=$((cores / gpus))
  fi
  [[ $TASKS_PER_GPU =~ ^[1-9][0-9]*$ ]] ||
    splade_die "TASKS_PER_GPU=$TASKS_PER_GPU: must be a positive integer"
  if ((TASKS_PER_GPU * gpus != cores)); then
    printf 'splade deploy: warning: %s cores but %s GPU(s) x %s tasks per GPU; Spark runs min of both\n' \
      "$cores" "$gpus" "$TASKS_PER_GPU" >&2
  fi
  local task_amount
  task_amount=$(awk -v n="$TASKS_PER_GPU" 'BEGIN { printf "%.6g", 1 / n }')
  splade_conf spark.executor.resource.gpu.amount "$gpus"
  splade_conf spark.task.resource.gpu.amount "$task_amount"
  splade_conf spark.executor.resource.gpu.discoveryScript "$script"
}

splade_require() {
  local name
  for name in "$@"; do
    [[ -n "${!name:-}" ]] || splade_die "set $name (see deploy/README.md)"
  done
}

# splade_app_args COMMAND [EXTRA...]: the splade command line, from the environment.
splade_app_args() {
  local command=${1:-}
  [[ -n "$command" ]] || splade_die "usage: $0 encode|reencode|search|verify [extra splade options]"
  shift
  [[ "$DEVICE" == cpu || "$DEVICE" == cuda ]] || splade_die "DEVICE=$DEVICE: expected cpu or cuda"
  case "$command" in
    encode | reencode)
      splade_require MODEL INPUT INDEX
      APP_ARGS=("$command" --model "$MODEL" --input "$INPUT" --index "$INDEX" --device "$DEVICE")
      ;;
    search)
      splade_require MODEL INDEX QUERIES OUTPUT
      APP_ARGS=(search --model "$MODEL" --index "$INDEX" --queries "$QUERIES" --output-table "$OUTPUT")
      ;;
    verify)
      splade_require INDEX
      APP_ARGS=(verify --index "$INDEX")
      ;;
    *)
      splade_die "unknown command '$command': expected encode, reencode, search or verify"
      ;;
  esac
  APP_ARGS+=("$@")
}

# Whether this command runs the document encoder on GPU executors.
splade_uses_gpu() {
  [[ "$DEVICE" == cuda && ("${APP_ARGS[0]}" == encode || "${APP_ARGS[0]}" == reencode) ]]
}

# Sets SPLADE_JAR to the shaded jar on this machine (local, standalone and YARN submit it from
# here). A variable, not printed output: a failure inside "$(...)" would not stop the script.
splade_local_jar() {
  SPLADE_JAR=${JAR:-$SPLADE_REPO_ROOT/jobs/target/splade-jobs-$SPLADE_VERSION-spark-submit.jar}
  if [[ ! -f "$SPLADE_JAR" && -z "${SPLADE_DRY_RUN:-}" ]]; then
    splade_die "$SPLADE_JAR not found: build it with 'mvn -B -Pgpu package -DskipTests' (CPU only: without -Pgpu), or set JAR"
  fi
}

# splade_submit JAR: runs spark-submit (or, with SPLADE_DRY_RUN=1, prints what it would run:
# 'env NAME=value' lines for this process's environment, then one 'arg VALUE' line per argument).
splade_submit() {
  local jar=$1 submit=spark-submit
  if [[ -n "${SPARK_HOME:-}" ]]; then
    submit="$SPARK_HOME/bin/spark-submit"
  fi
  local cmd=("$submit" "${SPARK_ARGS[@]}" --class "$SPLADE_MAIN_CLASS" "$jar" "${APP_ARGS[@]}")
  if [[ -n "${SPLADE_DRY_RUN:-}" ]]; then
    local line
    while IFS= read -r line; do
      printf 'env %s\n' "$line"
    done < <(env)
    printf 'arg %s\n' "${cmd[@]}"
    return 0
  fi
  exec "${cmd[@]}"
}
