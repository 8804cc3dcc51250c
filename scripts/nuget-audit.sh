#!/usr/bin/env bash
# The NuGet vulnerability audit of every project, direct and transitive packages (`dotnet list package --vulnerable`).
# Prints one line, `nuget audit: passed|FAILED|NOT RUN ...`; exits 0 when it passed, 1 when a package of ours has a known
# vulnerability, 3 when it could not run. It runs only when vulnerability data can be had: a canary project that
# references a package with a published advisory (Newtonsoft.Json 12.0.1, GHSA-5crp-9r3c-p9vr) must be reported first.
# `dotnet list` says "no vulnerable packages" and exits 0 both when the source cannot be reached and when the source
# (a mirror) offers no vulnerability data, so neither case may read as passed. (Restore audits as well: NuGetAudit in
# Directory.Build.props, NU1901-NU1904 as errors; it is silent in the same two cases.)
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root" || exit 3

canary="$(mktemp -d)"
trap 'rm -rf "$canary"' EXIT
cat >"$canary/Canary.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <NuGetAudit>false</NuGetAudit>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Newtonsoft.Json" Version="12.0.1" />
  </ItemGroup>
</Project>
XML
canary_out="$(cd "$canary" && dotnet list Canary.csproj package --vulnerable 2>&1)"
if ! grep -q 'has the following vulnerable packages' <<<"$canary_out"; then
  grep -iE 'error' <<<"$canary_out" | head -3
  echo "nuget audit: NOT RUN (no vulnerability data: the package source was not reached or publishes no advisories; a known-vulnerable canary was not reported)"
  exit 3
fi

out="$(dotnet list Kardiaflow.sln package --vulnerable --include-transitive 2>&1)"
projects=$(dotnet sln Kardiaflow.sln list 2>/dev/null | grep -c 'proj$' || true)
clean=$(grep -c 'has no vulnerable packages given the current sources' <<<"$out" || true)
vulnerable=$(grep -c 'has the following vulnerable packages' <<<"$out" || true)
if [ "$vulnerable" -gt 0 ]; then
  sed -n '/has the following vulnerable packages/,/^$/p' <<<"$out"
  echo "nuget audit: FAILED ($vulnerable of $projects projects have vulnerable packages)"
  exit 1
fi
if grep -qiE '^error|unable to load the service index' <<<"$out" || [ "$projects" -eq 0 ] || [ "$clean" -ne "$projects" ]; then
  tail -5 <<<"$out"
  echo "nuget audit: NOT RUN ($clean of $projects projects reported)"
  exit 3
fi
echo "nuget audit: passed ($projects projects, direct and transitive packages, 0 vulnerable; the canary was reported)"
