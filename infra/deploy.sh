#!/usr/bin/env bash
# Deploys Kardiaflow to Azure: resource group (tagged as ours), Bicep what-if and deployment, the silo and console images
# built in the registry, the Kubernetes overlay rendered with the deployment's outputs and applied. docs/deploy.md.
#
#   infra/deploy.sh --env dev|prod --resource-group NAME --location REGION --dashboard-client-id APP_ID [--yes]
#                   [--subscription ID] [--image-tag TAG] [--skip-images]
#   infra/deploy.sh render --env dev|prod --outputs FILE --image-tag TAG --dashboard-client-id APP_ID --out DIR
#
# `render` is the offline half: from the deployment's outputs (KEY=VALUE lines, as `deploy` writes them) it writes a
# kustomization over deploy/k8s/overlays/<env> into DIR and prints the manifests `deploy` would apply. CI runs it.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The resource group tags teardown.sh checks before it deletes anything.
readonly created_by_tag="kardiaflow-created-by"
readonly created_by_value="infra/deploy.sh"
readonly environment_tag="kardiaflow-environment"

# Bicep outputs (infra/main.bicep) this script reads, in the order it asks for them.
readonly outputs=(
  blobServiceUri tableServiceUri lakeContainerName eventHubsFullyQualifiedNamespace eventHubName
  eventHubConsumerGroupName tenantId identityClientId kubernetesNamespace siloServiceAccountName
  consoleServiceAccountName aksName registryName registryLoginServer
)

# deploy's temporary folder (outputs, rendered manifests), removed on exit.
work=""
cleanup() {
  if [ -n "$work" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT

usage() {
  sed -n '5,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

die() {
  echo "deploy.sh: $*" >&2
  exit 1
}

# Reads one KEY=VALUE line's value from FILE; fails when the key is missing or empty.
output_value() {
  local file="$1" key="$2" line
  while IFS= read -r line || [ -n "$line" ]; do
    if [ "${line%%=*}" = "$key" ]; then
      [ -n "${line#*=}" ] || die "output '$key' is empty in $file"
      printf '%s' "${line#*=}"
      return 0
    fi
  done <"$file"
  die "output '$key' is missing from $file"
}

# The overlay's namespace, from its namespace.yaml (the name Bicep federates the service accounts in).
overlay_namespace() {
  local env="$1"
  sed -n 's/^  name: \(.*\)$/\1/p' "$root/deploy/k8s/overlays/$env/namespace.yaml" | head -n 1
}

# Writes DIR/kustomization.yaml and DIR/infra.env over the overlay, then prints the rendered manifests.
render() {
  local env="$1" outputs_file="$2" tag="$3" dashboard_client_id="$4" out="$5"
  local overlay="$root/deploy/k8s/overlays/$env"
  [ -f "$overlay/kustomization.yaml" ] || die "no overlay $overlay"
  [ -f "$outputs_file" ] || die "no outputs file $outputs_file"
  [ -n "$tag" ] || die "an image tag is required"
  [ -n "$dashboard_client_id" ] || die "--dashboard-client-id is required (the dashboard's Entra ID app registration, docs/deploy.md)"
  # Every output first, in this shell: a failure inside the $(...) of the files below would not stop the script.
  local name
  for name in "${outputs[@]}"; do output_value "$outputs_file" "$name" >/dev/null; done

  local namespace
  namespace="$(output_value "$outputs_file" kubernetesNamespace)"
  [ "$namespace" = "$(overlay_namespace "$env")" ] \
    || die "Bicep federated namespace '$namespace' but overlay $env uses '$(overlay_namespace "$env")'"
  [ "$(output_value "$outputs_file" siloServiceAccountName)" = "kardiaflow-silo" ] || die "silo service account differs from deploy/k8s"
  [ "$(output_value "$outputs_file" consoleServiceAccountName)" = "kardiaflow-console" ] || die "console service account differs from deploy/k8s"

  mkdir -p "$out"
  # kustomize takes a base only by a relative path.
  local overlay_path
  overlay_path="$(realpath --relative-to="$out" "$overlay")"
  cat >"$out/infra.env" <<EOF
Kardiaflow__Azure__BlobServiceUri=$(output_value "$outputs_file" blobServiceUri)
Kardiaflow__Azure__TableServiceUri=$(output_value "$outputs_file" tableServiceUri)
Kardiaflow__Lake__Container=$(output_value "$outputs_file" lakeContainerName)
Kardiaflow__EventHubs__FullyQualifiedNamespace=$(output_value "$outputs_file" eventHubsFullyQualifiedNamespace)
Kardiaflow__EventHubs__Hub=$(output_value "$outputs_file" eventHubName)
Kardiaflow__EventHubs__ConsumerGroup=$(output_value "$outputs_file" eventHubConsumerGroupName)
AzureAd__TenantId=$(output_value "$outputs_file" tenantId)
AzureAd__ClientId=$dashboard_client_id
EOF

  local registry client_id
  registry="$(output_value "$outputs_file" registryLoginServer)"
  client_id="$(output_value "$outputs_file" identityClientId)"
  cat >"$out/kustomization.yaml" <<EOF
# Written by infra/deploy.sh: deploy/k8s/overlays/$env with this deployment's settings, identity and images.
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - $overlay_path
configMapGenerator:
  - name: kardiaflow-settings
    behavior: merge
    envs:
      - infra.env
images:
  - name: kardiaflow-silo
    newName: $registry/kardiaflow-silo
    newTag: "$tag"
  - name: kardiaflow-console
    newName: $registry/kardiaflow-console
    newTag: "$tag"
patches:
  - target:
      kind: ServiceAccount
    patch: |-
      - op: replace
        path: /metadata/annotations/azure.workload.identity~1client-id
        value: "$client_id"
EOF

  local manifests
  manifests="$(kubectl kustomize "$out")"
  if grep -q 'set-by-infra-deploy' <<<"$manifests"; then
    die "a setting was left unset in the rendered overlay: $(grep -m 1 'set-by-infra-deploy' <<<"$manifests")"
  fi
  printf '%s\n' "$manifests"
}

# Refuses a resource group that exists without our tags; creates and tags it otherwise.
ensure_resource_group() {
  local group="$1" location="$2" env="$3"
  if [ "$(az group exists --name "$group")" = "true" ]; then
    local tags
    tags="$(az group show --name "$group" --query "[tags.\"$created_by_tag\", tags.\"$environment_tag\"]" --output tsv)"
    [ "$tags" = "$created_by_value"$'\t'"$env" ] && return 0
    [ "$tags" = "$created_by_value"$'\n'"$env" ] && return 0
    die "resource group '$group' exists but was not created by infra/deploy.sh for '$env' (tags $created_by_tag, $environment_tag): refusing to deploy into it"
  fi
  echo "Creating resource group $group in $location"
  az group create --name "$group" --location "$location" \
    --tags "$created_by_tag=$created_by_value" "$environment_tag=$env" --output none
}

deploy() {
  local env="" group="" location="" subscription="" tag="" dashboard_client_id="${KARDIAFLOW_DASHBOARD_CLIENT_ID:-}" yes=0 skip_images=0
  while [ $# -gt 0 ]; do
    case "$1" in
      --env) env="${2:-}"; shift 2 ;;
      --resource-group) group="${2:-}"; shift 2 ;;
      --location) location="${2:-}"; shift 2 ;;
      --subscription) subscription="${2:-}"; shift 2 ;;
      --image-tag) tag="${2:-}"; shift 2 ;;
      --dashboard-client-id) dashboard_client_id="${2:-}"; shift 2 ;;
      --yes) yes=1; shift ;;
      --skip-images) skip_images=1; shift ;;
      *) usage ;;
    esac
  done
  case "$env" in dev | prod) ;; *) usage ;; esac
  if [ -z "$group" ] || [ -z "$location" ]; then usage; fi
  [ -n "$dashboard_client_id" ] || die "--dashboard-client-id is required (the dashboard's Entra ID app registration, docs/deploy.md)"
  command -v az >/dev/null || die "the Azure CLI (az) is required"
  command -v kubectl >/dev/null || die "kubectl is required"
  if [ -z "$tag" ]; then
    tag="$(git -C "$root" rev-parse --short=12 HEAD)"
    git -C "$root" diff --quiet HEAD || tag="$tag-dirty-$(date -u +%Y%m%d%H%M%S)"
  fi
  [ -n "$subscription" ] && az account set --subscription "$subscription"

  ensure_resource_group "$group" "$location" "$env"

  local deployment="kardiaflow-$env"
  local template="$root/infra/main.bicep" parameters="$root/infra/parameters/$env.bicepparam"
  echo "What-if of $deployment in $group:"
  az deployment group what-if --resource-group "$group" --name "$deployment" \
    --template-file "$template" --parameters "$parameters"
  if [ "$yes" -ne 1 ]; then
    local answer=""
    read -r -p "Deploy these changes to $group? [y/N] " answer || true
    [ "$answer" = "y" ] || [ "$answer" = "Y" ] || die "not deployed"
  fi
  az deployment group create --resource-group "$group" --name "$deployment" \
    --template-file "$template" --parameters "$parameters" --output none

  work="$(mktemp -d)"
  local query="[" name
  for name in "${outputs[@]}"; do query+="properties.outputs.$name.value,"; done
  query="${query%,}]"
  local values=()
  mapfile -t values < <(az deployment group show --resource-group "$group" --name "$deployment" --query "$query" --output tsv)
  [ "${#values[@]}" -eq "${#outputs[@]}" ] || die "expected ${#outputs[@]} outputs from $deployment, got ${#values[@]}"
  local i
  for i in "${!outputs[@]}"; do printf '%s=%s\n' "${outputs[$i]}" "${values[$i]}"; done >"$work/outputs.env"

  local registry aks namespace
  registry="$(output_value "$work/outputs.env" registryName)"
  aks="$(output_value "$work/outputs.env" aksName)"
  namespace="$(output_value "$work/outputs.env" kubernetesNamespace)"

  if [ "$skip_images" -ne 1 ]; then
    # Built by ACR Tasks from the repository root (the Dockerfiles' build context): no local Docker needed.
    echo "Building kardiaflow-silo:$tag and kardiaflow-console:$tag in $registry"
    az acr build --registry "$registry" --image "kardiaflow-silo:$tag" --file "$root/src/Silo/Dockerfile" "$root" --output none
    az acr build --registry "$registry" --image "kardiaflow-console:$tag" --file "$root/src/Client/Dockerfile" "$root" --output none
  fi

  local context="kardiaflow-$env"
  az aks get-credentials --resource-group "$group" --name "$aks" --context "$context" --overwrite-existing --output none
  render "$env" "$work/outputs.env" "$tag" "$dashboard_client_id" "$work/k8s" >"$work/manifests.yaml"
  # A Job's pod template cannot change: the submit Job is recreated (suspended) with the new image.
  kubectl --context "$context" --namespace "$namespace" delete job kardiaflow-submit --ignore-not-found
  kubectl --context "$context" apply --filename "$work/manifests.yaml"
  kubectl --context "$context" --namespace "$namespace" rollout status deployment/kardiaflow-silo --timeout=15m

  cat <<EOF
Deployed Kardiaflow ($env, image tag $tag) to $group.
  Dashboard and KPI pages: kubectl --context $context -n $namespace port-forward service/kardiaflow-web 8080:80
  Run the submit Job:      kubectl --context $context -n $namespace patch job kardiaflow-submit -p '{"spec":{"suspend":false}}'
  Tear it all down:        infra/teardown.sh --env $env --resource-group $group
EOF
}

main() {
  if [ "${1:-}" = "render" ]; then
    shift
    local env="" outputs_file="" tag="" dashboard_client_id="" out=""
    while [ $# -gt 0 ]; do
      case "$1" in
        --env) env="${2:-}"; shift 2 ;;
        --outputs) outputs_file="${2:-}"; shift 2 ;;
        --image-tag) tag="${2:-}"; shift 2 ;;
        --dashboard-client-id) dashboard_client_id="${2:-}"; shift 2 ;;
        --out) out="${2:-}"; shift 2 ;;
        *) usage ;;
      esac
    done
    case "$env" in dev | prod) ;; *) usage ;; esac
    [ -n "$out" ] || usage
    render "$env" "$outputs_file" "$tag" "$dashboard_client_id" "$out"
  else
    deploy "$@"
  fi
}

main "$@"
