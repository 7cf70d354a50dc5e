// Checks, without a container engine, what `docker build` would see: for every Dockerfile under
// src/main/docker, each COPY/ADD from the build context (not `--from=` a stage) must name paths that
// exist after the Maven build, and every file under them must be admitted by the ignore file docker
// uses for it (<Dockerfile>.dockerignore next to it, else the root .dockerignore).
// A native binary cannot be linked on a machine without GraalVM; when `target/*-runner` is missing,
// the name the native build would write is read from target/native-sources/native-image.args
// (left by `-Dnative -Dquarkus.native.sources-only=true`) and checked against the ignore rules.
// Usage: node docker-context.mjs [repository-root]   (default: two levels above this file)
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import dockerignore from "@balena/dockerignore";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(process.argv[2] ?? join(here, "..", ".."));
const dockerDir = join(root, "src", "main", "docker");

let failures = 0;
const fail = (where, message) => {
  failures++;
  console.error(`FAIL ${where}: ${message}`);
};

// Instructions with continuation lines joined; comments and blank lines dropped.
function instructions(text) {
  const out = [];
  let current = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!current && (line === "" || line.startsWith("#"))) continue;
    if (line.endsWith("\\")) {
      current += line.slice(0, -1) + " ";
    } else {
      out.push((current + line).trim());
      current = "";
    }
  }
  return out;
}

// Sources of COPY/ADD that read from the build context (shell or JSON form).
function contextSources(instruction) {
  const m = /^(COPY|ADD)\s+(.*)$/i.exec(instruction);
  if (!m) return null;
  const rest = m[2].trim();
  const args = rest.startsWith("[") ? JSON.parse(rest) : rest.split(/\s+/);
  const flags = args.filter((a) => a.startsWith("--"));
  if (flags.some((f) => f.startsWith("--from="))) return null;
  const paths = args.filter((a) => !a.startsWith("--"));
  return paths.slice(0, -1);
}

// Docker's source globs follow Go's filepath.Match per path segment: `*`, `?`, `[...]`.
function segmentRegExp(segment) {
  const body = segment.replace(/[.+^${}()|\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]");
  return new RegExp(`^${body}$`);
}

function expand(pattern) {
  let matches = [root];
  for (const segment of pattern.replace(/^\.?\//, "").replace(/\/$/, "").split("/")) {
    if (segment === "" || segment === ".") continue;
    const re = /[*?[]/.test(segment) ? segmentRegExp(segment) : null;
    matches = matches.flatMap((dir) => {
      if (!re) return existsSync(join(dir, segment)) ? [join(dir, segment)] : [];
      if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
      return readdirSync(dir).filter((name) => re.test(name)).map((name) => join(dir, name));
    });
  }
  return matches;
}

// Local build output of the console (src/main/webui) is not source: the native build makes its own.
const LOCAL_OUTPUT = new Set(["node_modules", "dist", "target"]);

function files(path) {
  if (!statSync(path).isDirectory()) return [path];
  if (path.includes("webui") && LOCAL_OUTPUT.has(basename(path))) return [];
  return readdirSync(path).flatMap((name) => files(join(path, name)));
}

// The file name the native build writes, from the arguments Quarkus generated for native-image.
function predictedRunner() {
  const args = join(root, "target", "native-sources", "native-image.args");
  if (!existsSync(args)) return null;
  const name = readFileSync(args, "utf8").split(/\s+/).find((a) => /^[^-].*-runner$/.test(a));
  return name ? join(root, "target", name) : null;
}

const dockerfiles = readdirSync(dockerDir).filter((n) => n.startsWith("Dockerfile") && !n.endsWith(".dockerignore"));
if (dockerfiles.length === 0) fail(dockerDir, "no Dockerfile");

for (const name of dockerfiles.sort()) {
  const path = join(dockerDir, name);
  const own = `${path}.dockerignore`;
  const ignoreFile = existsSync(own) ? own : join(root, ".dockerignore");
  const ignore = dockerignore().add(readFileSync(ignoreFile, "utf8"));
  const admitted = (file) => !ignore.ignores(relative(root, file));
  let copied = 0;

  for (const instruction of instructions(readFileSync(path, "utf8"))) {
    // The runtime image's application files belong to root: the user the service runs as cannot change them.
    if (/^COPY\s/i.test(instruction) && /target\//.test(instruction) && /--chown=(185|1001)\b/.test(instruction)) {
      fail(`${name}: ${instruction}`, "application files must not be owned by the runtime user");
    }
    const sources = contextSources(instruction);
    if (!sources) continue;
    for (const source of sources) {
      const where = `${name}: ${instruction}`;
      let matches = expand(source);
      if (matches.length === 0 && /-runner$/.test(source)) {
        const runner = predictedRunner();
        if (!runner) {
          fail(where, `${source} matches nothing and target/native-sources/native-image.args is missing`);
          continue;
        }
        if (!segmentRegExp(basename(source)).test(basename(runner))) {
          fail(where, `${source} would not match the native binary ${relative(root, runner)}`);
        } else if (!admitted(runner)) {
          fail(where, `${relative(root, ignoreFile)} excludes the native binary ${relative(root, runner)}`);
        } else {
          console.log(`ok   ${name}: ${source} -> ${relative(root, runner)} (named by native-image.args)`);
          copied++;
        }
        continue;
      }
      if (matches.length === 0) {
        fail(where, `${source} matches nothing`);
        continue;
      }
      const all = matches.flatMap(files);
      const refused = all.filter((f) => !admitted(f));
      if (all.length === 0) fail(where, `${source} is an empty directory`);
      for (const f of refused.slice(0, 5)) fail(where, `${relative(root, ignoreFile)} excludes ${relative(root, f)}`);
      if (refused.length > 5) fail(where, `... and ${refused.length - 5} more excluded files`);
      if (all.length && !refused.length) console.log(`ok   ${name}: ${source} (${all.length} files)`);
      copied += all.length - refused.length;
    }
  }
  if (copied === 0) fail(name, "copies nothing from the build context");
}

if (failures) {
  console.error(`${failures} problem(s) in the Docker build contexts`);
  process.exit(1);
}
console.log(`docker build contexts: ${dockerfiles.length} Dockerfiles ok`);
