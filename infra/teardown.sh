#!/usr/bin/env bash
# Deletes what infra/deploy.sh created for one environment, in order, and nothing else:
#   1. the overlay's Kubernetes namespace (the silos leave the Orleans cluster gracefully; the web Service goes),
#   2. the Log Analytics workspace, purged (else its name stays reserved for 14 days),
#   3. the resource group, with everything Bicep put in it (AKS and its node resource group, registry, storage account
#      with the lake, Event Hubs, identity, its federated credentials and role assignments),
#   4. the kubectl context deploy.sh added.
# Refuses a resource group that deploy.sh did not tag for this environment. Asks before deleting unless --yes.
# Idempotent: what is already gone is skipped, so a run that was interrupted can simply be run again.
#
#   infra/teardown.sh --env dev|prod --resource-group NAME [--subscription ID] [--yes]
set -euo pipefail

readonly created_by_tag="kardiaflow-created-by"
readonly created_by_value="infra/deploy.sh"
readonly environment_tag="kardiaflow-environment"

usage() {
  sed -n '11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

die() {
  echo "teardown.sh: $*" >&2
  exit 1
}

env="" group="" subscription="" yes=0
while [ $# -gt 0 ]; do
  case "$1" in
    --env) env="${2:-}"; shift 2 ;;
    --resource-group) group="${2:-}"; shift 2 ;;
    --subscription) subscription="${2:-}"; shift 2 ;;
    --yes) yes=1; shift ;;
    *) usage ;;
  esac
done
case "$env" in dev | prod) ;; *) usage ;; esac
[ -n "$group" ] || usage
command -v az >/dev/null || die "the Azure CLI (az) is required"
[ -n "$subscription" ] && az account set --subscription "$subscription"

context="kardiaflow-$env"
deployment="kardiaflow-$env"

forget_kubectl_context() {
  if command -v kubectl >/dev/null && kubectl config get-contexts "$context" >/dev/null 2>&1; then
    local cluster user
    cluster="$(kubectl config view --output jsonpath="{.contexts[?(@.name==\"$context\")].context.cluster}")"
    user="$(kubectl config view --output jsonpath="{.contexts[?(@.name==\"$context\")].context.user}")"
    echo "Removing kubectl context $context (cluster $cluster, user $user)"
    kubectl config delete-context "$context" >/dev/null
    [ -z "$cluster" ] || kubectl config delete-cluster "$cluster" >/dev/null 2>&1 || true
    [ -z "$user" ] || kubectl config delete-user "$user" >/dev/null 2>&1 || true
  fi
}

if [ "$(az group exists --name "$group")" != "true" ]; then
  echo "Resource group $group does not exist: nothing to delete in Azure."
  forget_kubectl_context
  exit 0
fi

tags="$(az group show --name "$group" --query "[tags.\"$created_by_tag\", tags.\"$environment_tag\"]" --output tsv | tr '\t' '\n')"
if [ "$tags" != "$created_by_value"$'\n'"$env" ]; then
  die "resource group '$group' is not tagged $created_by_tag=$created_by_value, $environment_tag=$env: it was not created by infra/deploy.sh for '$env', refusing to delete it"
fi

echo "Resource group $group ($env) holds:"
az resource list --resource-group "$group" --query "[].{type:type, name:name}" --output table
if [ "$yes" -ne 1 ]; then
  answer=""
  read -r -p "Delete all of it, the lake included? Type the resource group name to confirm: " answer || true
  [ "$answer" = "$group" ] || die "not deleted"
fi

# Names come from the deployment's outputs while it still exists; an earlier, interrupted teardown may have removed parts.
outputs="$(az deployment group show --resource-group "$group" --name "$deployment" \
  --query "[properties.outputs.aksName.value, properties.outputs.kubernetesNamespace.value, properties.outputs.logAnalyticsWorkspaceName.value]" \
  --output tsv 2>/dev/null | tr '\t' '\n' || true)"
aks="$(sed -n 1p <<<"$outputs")"
namespace="$(sed -n 2p <<<"$outputs")"
workspace="$(sed -n 3p <<<"$outputs")"

# 1. The namespace.
if [ -n "$aks" ] && [ -n "$namespace" ] && command -v kubectl >/dev/null \
  && az aks show --resource-group "$group" --name "$aks" --output none 2>/dev/null; then
  az aks get-credentials --resource-group "$group" --name "$aks" --context "$context" --overwrite-existing --output none
  echo "Deleting namespace $namespace"
  kubectl --context "$context" delete namespace "$namespace" --ignore-not-found --wait=true --timeout=10m
fi

# 2. The workspace, purged.
if [ -n "$workspace" ] && az monitor log-analytics workspace show --resource-group "$group" --workspace-name "$workspace" --output none 2>/dev/null; then
  echo "Deleting Log Analytics workspace $workspace"
  az monitor log-analytics workspace delete --resource-group "$group" --workspace-name "$workspace" --force true --yes
fi

# 3. The resource group and all in it.
echo "Deleting resource group $group"
az group delete --name "$group" --yes

# 4. The kubectl context.
forget_kubectl_context
echo "Deleted Kardiaflow ($env) from $group."
