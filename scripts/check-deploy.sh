#!/usr/bin/env bash
# The offline checks of the Azure deployment (infra/, deploy/k8s/, the Dockerfiles): installs the tools they need when
# missing, then runs them as tests (tests/Deploy.Tests). scripts/test.sh calls it with --install before `dotnet test`,
# which runs the same tests with the rest of the suite.
#   bash scripts/check-deploy.sh            install what is missing, run tests/Deploy.Tests
#   bash scripts/check-deploy.sh --install  install what is missing only
# Installed: npm packages kubernetes-models (Kubernetes schemas), yaml, dockerfile-utils (Dockerfile validator) into
# .tools/; Debian shellcheck. The Bicep CLI is a NuGet package restored with tests/Deploy.Tests. kubectl must be on PATH.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="${KARDIAFLOW_TOOLS_DIR:-$root/.tools}"
mkdir -p "$tools"

if [ ! -f "$tools/node_modules/kubernetes-models/package.json" ] || [ ! -f "$tools/node_modules/yaml/package.json" ] \
  || [ ! -f "$tools/node_modules/dockerfile-utils/package.json" ]; then
  (cd "$tools" && npm install --no-audit --no-fund --silent kubernetes-models@5.1.0 yaml@2.9.1 dockerfile-utils@0.16.3 >/dev/null)
fi

if ! command -v shellcheck >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck >/dev/null) \
      || echo "shellcheck could not be installed; the script checks will fail" >&2
  else
    echo "shellcheck is missing (Debian package shellcheck); the script checks will fail" >&2
  fi
fi

command -v kubectl >/dev/null 2>&1 || echo "kubectl is missing; the manifest checks will fail" >&2

if [ "${1:-}" != "--install" ]; then
  cd "$root"
  dotnet test tests/Deploy.Tests -c Release
fi
