// A corpus for comparing validators (issue 15): about 10,000 Kubernetes documents from
// public repositories (../shared/realworld, copied with renamed metadata to reach volume)
// and from scaffold's rendered app bases, with the mistakes people make mixed into a share
// of them. Seeded: every run and every machine writes the same files.
//
// Every document's expected verdict is known by construction, so a run can check that the
// tools it compares judged the same documents, not just timed them:
//   valid       no mistake and a kind the Kubernetes 1.36 (or External Secrets) schemas know
//   invalid     a wrong type or an unknown field
//   noSchema    a kind no schema describes (a CRD of another project, a misspelt kind)
//   removedApi  an apiVersion the API server stopped serving (extensions/v1beta1 Deployment, ...)
//   syntax      YAML that does not parse (a tab as indentation, an unclosed quote, a missing colon)
// Kustomization files and patches are left out: they are not resources, and kubeconform has
// no schema for them while scaffold validates them against its own, so they would measure
// two different jobs.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import jsyaml from 'js-yaml';
import { seededRandom } from './syntheticRepo.mjs';

export const CLASSES = ['valid', 'invalid', 'noSchema', 'removedApi', 'syntax'];

/** The status each tool's JSON report gives a document of each class. */
export const EXPECTED_STATUS = {
  kubeconform: { valid: 'statusValid', invalid: 'statusInvalid', noSchema: 'statusError', removedApi: 'statusError', syntax: 'statusError' },
  scaffold: { valid: 'statusValid', invalid: 'statusInvalid', noSchema: 'statusError', removedApi: 'statusInvalid', syntax: 'statusError' },
};

// Among the documents given a mistake, how often each kind of mistake is tried first.
const MISTAKE_WEIGHTS = { wrongType: 0.25, unknownField: 0.2, noSchema: 0.2, removedApi: 0.15, syntax: 0.2 };
const CLASS_OF_MISTAKE = { wrongType: 'invalid', unknownField: 'invalid', noSchema: 'noSchema', removedApi: 'removedApi', syntax: 'syntax' };

// Served once, removed since (the API server answers "no matches for kind").
const REMOVED_API_VERSIONS = {
  Deployment: ['extensions/v1beta1', 'apps/v1beta1', 'apps/v1beta2'],
  DaemonSet: ['extensions/v1beta1', 'apps/v1beta2'],
  StatefulSet: ['apps/v1beta1', 'apps/v1beta2'],
  ReplicaSet: ['extensions/v1beta1'],
  Ingress: ['extensions/v1beta1', 'networking.k8s.io/v1beta1'],
  NetworkPolicy: ['extensions/v1beta1'],
  CronJob: ['batch/v1beta1'],
  PodDisruptionBudget: ['policy/v1beta1'],
  HorizontalPodAutoscaler: ['autoscaling/v2beta2', 'autoscaling/v2beta1'],
  Role: ['rbac.authorization.k8s.io/v1beta1'],
  RoleBinding: ['rbac.authorization.k8s.io/v1beta1'],
  ClusterRole: ['rbac.authorization.k8s.io/v1beta1'],
  ClusterRoleBinding: ['rbac.authorization.k8s.io/v1beta1'],
};

// A CRD's schema leaves metadata open (the API server checks it, not the CRD), so kubeconform accepts
// any field there, while scaffold's import checks it as Kubernetes' ObjectMeta. A misspelt metadata
// field is therefore made only where both tools judge metadata alike; the difference is no mistake of either corpus.
const CUSTOM_RESOURCE_GROUP = /^apiVersion:\s*external-secrets\.io\//m;

// Custom resources of projects whose CRDs are not imported: what a kind without a schema usually is.
const FOREIGN_KINDS = {
  Deployment: [['argoproj.io/v1alpha1', 'Rollout']],
  Service: [['monitoring.coreos.com/v1', 'ServiceMonitor']],
  Ingress: [['traefik.io/v1alpha1', 'IngressRoute']],
  ExternalSecret: [['secrets-store.csi.x-k8s.io/v1', 'SecretProviderClass']],
};

/**
 * The resource documents of the real-world trees: each with its file (relative to `root`),
 * its text, and whether a schema describes its kind.
 */
export function realWorldDocuments(root, hasSchema) {
  const documents = [];
  for (const file of yamlFilesUnder(root)) {
    const name = file.split('/').at(-1);
    if (/^kustomization\.ya?ml$|^Kustomization$/.test(name)) continue;
    for (const text of splitDocuments(readFileSync(join(root, file), 'utf8'))) {
      const value = jsyaml.load(text);
      // Components, kustomizations and strategic-merge patches ($patch: delete) are no resources.
      if (!isMapping(value) || ['Kustomization', 'Component'].includes(value.kind) || text.includes('$patch')) continue;
      documents.push({ file, text, base: hasSchema(value.apiVersion, value.kind) ? 'valid' : 'noSchema' });
    }
  }
  return documents;
}

/** The resource documents of scaffold's rendered bases (`apps/<name>/base/*.yaml` but the kustomization), app by app. */
export function renderedDocuments(root) {
  const apps = readdirSync(join(root, 'apps')).sort();
  return apps.map((app) => {
    const base = join(root, 'apps', app, 'base');
    return readdirSync(base)
      .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
      .sort()
      .map((f) => ({ file: `apps/${app}/${f}`, text: readFileSync(join(base, f), 'utf8'), base: 'valid' }));
  });
}

/**
 * Writes the corpus under `dir` and returns what it holds. `mistakeShare` of the documents
 * that would be valid get a mistake (0: a valid-only corpus, which also leaves out the
 * real-world kinds without a schema; 1: every document has something to report).
 * `realWorldShare` of `documents` come from the real-world trees, the rest from rendered apps.
 */
export function writeValidationCorpus(dir, { realWorld, renderedApps, documents = 10000, realWorldShare = 0.5, mistakeShare = 0.2, seed = 15 }) {
  const random = seededRandom(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const pool = mistakeShare === 0 ? realWorld.filter((d) => d.base === 'valid') : realWorld;
  const copies = Math.max(1, Math.round((documents * realWorldShare) / pool.length));
  const files = new Map();
  const expected = [];
  const mistakes = Object.fromEntries(Object.keys(MISTAKE_WEIGHTS).map((m) => [m, 0]));

  const add = (file, text, cls, mistake) => {
    let target = file;
    // A document that does not parse gets a file of its own, so that each tool's verdict on it is one result.
    if (cls === 'syntax') target = file.replace(/\.ya?ml$/, `.broken-${expected.length}.yaml`);
    const list = files.get(target) ?? [];
    list.push(text);
    files.set(target, list);
    const value = cls === 'syntax' ? undefined : jsyaml.load(text);
    expected.push({ file: target, kind: cls === 'syntax' ? '' : (value.kind ?? ''), name: cls === 'syntax' ? '' : (value.metadata?.name ?? ''), class: cls, ...(mistake ? { mistake } : {}) });
  };
  const place = (file, text, base) => {
    if (base !== 'valid' || random() >= mistakeShare) return add(file, text, base);
    const made = withMistake(text, pick, random);
    if (made === undefined) return add(file, text, base);
    mistakes[made.mistake]++;
    return add(file, made.text, CLASS_OF_MISTAKE[made.mistake], made.variant);
  };

  for (let c = 0; c < copies; c++) {
    const folder = `realworld/c${String(c).padStart(3, '0')}`;
    for (const doc of pool) place(`${folder}/${doc.file}`, c === 0 ? doc.text : renamed(doc.text, `-c${c}`), doc.base);
  }
  for (const app of renderedApps) {
    if (expected.length >= documents) break;
    for (const doc of app) place(doc.file, doc.text, doc.base);
  }

  for (const [file, texts] of files) {
    const path = join(dir, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, texts.map((t) => (t.endsWith('\n') ? t : `${t}\n`)).join('---\n'));
  }
  const byClass = Object.fromEntries(CLASSES.map((cls) => [cls, expected.filter((e) => e.class === cls).length]));
  return { dir, files: files.size, documents: expected.length, realWorldCopies: copies, byClass, mistakes, expected };
}

/**
 * The text with one mistake, tried in a random order of kinds (weighted) until one
 * applies to this document: `{text, mistake, variant}`, or undefined if none does.
 */
export function withMistake(text, pick, random) {
  const order = weightedOrder(MISTAKE_WEIGHTS, random);
  for (const mistake of order) {
    const made = MISTAKES[mistake](text, pick);
    if (made === undefined) continue;
    // Checked rather than trusted: a mistake of syntax must not parse, every other one must.
    if (parses(made.text) === (mistake === 'syntax')) continue;
    return { text: made.text, mistake, variant: made.variant };
  }
  return undefined;
}

const MISTAKES = {
  wrongType(text, pick) {
    const variants = [
      // replicas: "3", a number in quotes (a templating habit).
      ['replicas-string', /^(\s+replicas: )(\d+)\s*$/m, (_, key, n) => `${key}"${n}"`],
      ['containerPort-string', /^(\s+(?:- )?containerPort: )(\d+)\s*$/m, (_, key, n) => `${key}"${n}"`],
      // A number where the API wants a string: an env value left unquoted.
      ['env-value-number', /^(\s+value: )"(\d+)"\s*$/m, (_, key, n) => `${key}${n}`],
      ['runAsNonRoot-string', /^(\s+runAsNonRoot: )(true|false)\s*$/m, (_, key, b) => `${key}"${b}"`],
    ].filter(([, pattern]) => pattern.test(text));
    if (kindOf(text) === 'Service' && /^\s+(?:- )?port: \d+\s*$/m.test(text)) variants.push(['service-port-string', /^(\s+(?:- )?port: )(\d+)\s*$/m, (_, key, n) => `${key}"${n}"`]);
    if (variants.length === 0) return undefined;
    const [variant, pattern, replace] = pick(variants);
    return { text: text.replace(pattern, replace), variant };
  },
  unknownField(text, pick) {
    const strictMetadata = !CUSTOM_RESOURCE_GROUP.test(text);
    const variants = [
      ['resource-for-resources', /^(\s+)resources:(\s*)$/m, '$1resource:$2'],
      ['imagePullpolicy', /^(\s+)imagePullPolicy:/m, '$1imagePullpolicy:'],
      ['matchlabels', /^(\s+)matchLabels:/m, '$1matchlabels:'],
      ['targetport', /^(\s+(?:- )?)targetPort:/m, '$1targetport:'],
      ['refreshinterval', /^(\s+)refreshInterval:/m, '$1refreshinterval:'],
      ['secretkey', /^(\s+(?:- )?)secretKey:/m, '$1secretkey:'],
      ...(strictMetadata ? [['label-for-labels', /^(metadata:\s*\n(?:[ \t]*#.*\n)*)(\s+)labels:/m, '$1$2label:']] : []),
    ].filter(([, pattern]) => pattern.test(text));
    // Always possible on a document with top-level metadata: a misspelt namespace.
    if (variants.length === 0 && strictMetadata && /^metadata:\s*$/m.test(text) && !/^\s+namespce:/m.test(text)) {
      return { text: text.replace(/^metadata:\s*$/m, 'metadata:\n  namespce: default'), variant: 'namespce' };
    }
    if (variants.length === 0) return undefined;
    const [variant, pattern, replace] = pick(variants);
    return { text: text.replace(pattern, replace), variant };
  },
  noSchema(text, pick) {
    const kind = kindOf(text);
    if (kind === undefined) return undefined;
    const foreign = FOREIGN_KINDS[kind];
    if (foreign !== undefined && pick([true, false])) {
      const [apiVersion, newKind] = pick(foreign);
      return { text: setField(setField(text, 'apiVersion', apiVersion), 'kind', newKind), variant: `foreign-${newKind}` };
    }
    // A misspelt kind: two letters swapped in the middle.
    if (kind.length < 4) return undefined;
    const i = Math.floor(kind.length / 2);
    const typo = kind.slice(0, i) + kind[i + 1] + kind[i] + kind.slice(i + 2);
    return typo === kind ? undefined : { text: setField(text, 'kind', typo), variant: 'kind-typo' };
  },
  removedApi(text, pick) {
    const versions = REMOVED_API_VERSIONS[kindOf(text)];
    if (versions === undefined) return undefined;
    const apiVersion = pick(versions);
    return { text: setField(text, 'apiVersion', apiVersion), variant: apiVersion };
  },
  syntax(text, pick) {
    const lines = text.split('\n');
    const candidates = [];
    lines.forEach((line, i) => {
      const entry = /^( +)([A-Za-z][\w.-]*): (\S.*)$/.exec(line);
      if (entry === null || i === 0) return;
      const [, indent, key, value] = entry;
      const previous = /^( *)(?:- )?[A-Za-z][\w.-]*: \S/.exec(lines[i - 1]);
      // A tab where the indentation should be.
      candidates.push(['tab-indent', i, `\t${key}: ${value}`]);
      // A missing colon is an error only where the line sits among sibling entries.
      if (previous !== null && previous[1].length === indent.length && !lines[i - 1].includes('- ')) candidates.push(['missing-colon', i, `${indent}${key} ${value}`]);
      // An unclosed quote, when no quote later in the document would close it.
      if (!/["']/.test(value) && !lines.slice(i + 1).join('\n').includes('"')) candidates.push(['unclosed-quote', i, `${indent}${key}: "${value}`]);
    });
    if (candidates.length === 0) return undefined;
    const [variant, at, replacement] = pick(candidates);
    lines[at] = replacement;
    return { text: lines.join('\n'), variant };
  },
};

/** The document with metadata.name (the first `name:` under top-level metadata) suffixed. */
export function renamed(text, suffix) {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^metadata:\s*$/.test(l));
  if (start < 0) return text;
  let indent;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*(#.*)?$/.test(line)) continue;
    const m = /^( +)(.*)$/.exec(line);
    if (m === null) break;
    indent ??= m[1].length;
    if (m[1].length !== indent) continue;
    const name = /^name:\s*(["']?)([^"'#\s]+)\1(\s*(#.*)?)$/.exec(m[2]);
    if (name !== null) {
      lines[i] = `${m[1]}name: ${name[1]}${name[2]}${suffix}${name[1]}${name[3]}`;
      return lines.join('\n');
    }
  }
  return text;
}

function setField(text, field, value) {
  return text.replace(new RegExp(`^${field}:.*$`, 'm'), `${field}: ${value}`);
}

function kindOf(text) {
  return /^kind:\s*["']?([A-Za-z0-9]+)/m.exec(text)?.[1];
}

function parses(text) {
  try {
    jsyaml.load(text);
    return true;
  } catch {
    return false;
  }
}

function weightedOrder(weights, random) {
  const left = Object.entries(weights);
  const order = [];
  while (left.length > 0) {
    let r = random() * left.reduce((sum, [, w]) => sum + w, 0);
    const i = left.findIndex(([, w]) => (r -= w) < 0);
    order.push(left.splice(i < 0 ? left.length - 1 : i, 1)[0][0]);
  }
  return order;
}

/** The documents of a YAML stream as text, without the separators and without chunks that hold only comments. */
function splitDocuments(text) {
  return text
    .split(/^---[ \t]*(?:\r?\n|$)/m)
    .filter((chunk) => chunk.split('\n').some((line) => !/^\s*(#.*)?$/.test(line)));
}

function yamlFilesUnder(root, dir = root) {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name.startsWith('.') ? [] : yamlFilesUnder(root, path);
      return /\.ya?ml$/.test(entry.name) ? [relative(root, path)] : [];
    });
}

function isMapping(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
