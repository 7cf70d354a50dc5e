// Lints the OpenAPI document written by the build (quarkus.smallrye-openapi.store-schema-directory) with
// Spectral's spectral:oas ruleset (.spectral.yaml); any warning fails, so the contract stays exact.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const doc = join(here, "..", "..", "target", "openapi", "openapi.yaml");
const cli = join(here, "node_modules", ".bin", "spectral");
const run = spawnSync(cli, ["lint", "--ruleset", join(here, ".spectral.yaml"), "--fail-severity=warn", doc],
  { stdio: "inherit" });
process.exit(run.status ?? 1);
