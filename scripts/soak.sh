#!/usr/bin/env bash
# The long part of the reliability suites (docs/reliability.md): many seeded fuzz cases, silo and process kills, and
# storage-fault runs. The fast part of each runs in scripts/test.sh. Takes about an hour on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
export KARDIAFLOW_AZURITE_BIN="${KARDIAFLOW_AZURITE_BIN:-$PWD/.tools/node_modules/.bin/azurite}"
dotnet build Kardiaflow.sln -c Release -nologo -v quiet
export KARDIAFLOW_FUZZ_CASES="${KARDIAFLOW_FUZZ_CASES:-20000}"
export KARDIAFLOW_KILL_RUNS="${KARDIAFLOW_KILL_RUNS:-20}"
export KARDIAFLOW_FAULT_RUNS="${KARDIAFLOW_FAULT_RUNS:-10}"
dotnet test tests/Pipeline.Tests -c Release --no-build --filter "FullyQualifiedName~Ingestion.Fuzz"
dotnet test tests/Lakehouse.Tests -c Release --no-build --filter "FullyQualifiedName~ManyWritersTests|FullyQualifiedName~StorageFaultTests"
dotnet test tests/Cluster.Tests -c Release --no-build --filter "FullyQualifiedName~StorageFaultPipelineTests|FullyQualifiedName~Silos_killed_at_seeded_points"
dotnet test tests/EndToEnd.Tests -c Release --no-build --filter "FullyQualifiedName~Faults"
