// Validates every object of rendered Kubernetes manifests against the Kubernetes OpenAPI schemas shipped in the npm
// package kubernetes-models (offline). An object whose apiVersion/kind has no schema there is an error, not a pass.
//   node scripts/validate-k8s.mjs TOOLS_DIR MANIFESTS.yaml...
// TOOLS_DIR holds node_modules with kubernetes-models and yaml (scripts/check-deploy.sh installs them).
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [tools, ...files] = process.argv.slice(2);
if (!tools || files.length === 0) {
  console.error("usage: node scripts/validate-k8s.mjs TOOLS_DIR MANIFESTS.yaml...");
  process.exit(2);
}

const modules = join(tools, "node_modules");
const { parseAllDocuments } = await import(pathToFileURL(join(modules, "yaml", "dist", "index.js")).href);

// apps/v1 -> apps/v1, v1 -> v1 (core), rbac.authorization.k8s.io/v1 -> rbac.authorization.k8s.io/v1.
async function modelFor(apiVersion, kind) {
  const file = join(modules, "kubernetes-models", apiVersion, `${kind}.js`);
  if (!existsSync(file)) return null;
  const module = await import(pathToFileURL(file).href);
  return module[kind] ?? null;
}

let failures = 0;
let count = 0;
for (const file of files) {
  for (const document of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (document.errors.length > 0) {
      console.log(`ERROR ${file}: YAML: ${document.errors.map((e) => e.message).join("; ")}`);
      failures++;
      continue;
    }
    const object = document.toJS();
    if (object == null) continue;
    count++;
    const name = `${object.apiVersion}/${object.kind} ${object.metadata?.namespace ?? ""}/${object.metadata?.name ?? "?"}`;
    const Model = await modelFor(object.apiVersion, object.kind);
    if (Model == null) {
      console.log(`ERROR ${name}: no schema for this apiVersion and kind`);
      failures++;
      continue;
    }
    try {
      new Model(object).validate();
      console.log(`ok ${name}`);
    } catch (error) {
      console.log(`ERROR ${name}: ${error.message}`);
      failures++;
    }
  }
}

console.log(`${count} objects, ${failures} invalid`);
process.exit(failures === 0 && count > 0 ? 0 : 1);
