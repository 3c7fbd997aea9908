/**
 * One pass of an adoption for one environment: the originals against what the
 * overlay built, every difference classified, the rules of their own (a renamed
 * container, a migrated API) added. What comes out unintended goes to the
 * residual patches, or stops the adoption.
 */
import { isMapping } from '../yamlSource/mapping.ts';
import { identity, objectKeyOf, semanticDiff, type Difference, type ObjectKey } from './semanticDiff.ts';
import { classify, type RuleContext } from './rules.ts';
import { clone, metadataOf, podTemplateOf, type Json } from './objects.ts';
import type { EnvironmentAdoption } from './toSpec.ts';

export interface ClassifiedDifference extends Difference {
  /** The intended rule; undefined for an unintended difference. */
  rule?: string;
}

export interface PassContext {
  app: string;
  namespace: string;
  istio: boolean;
  autoscaled: boolean;
  deadline?: number;
  ingress: boolean;
}

/** Empty labels and annotations are no labels and annotations: Kustomize drops some, keeps others. */
function normalised(object: Json): Json {
  const copy = clone(object);
  const strip = (o: Json | undefined) => {
    if (!o) return;
    const metadata = metadataOf(o);
    for (const field of ['labels', 'annotations']) if (isMapping(metadata[field]) && Object.keys(metadata[field] as Json).length === 0) delete metadata[field];
  };
  strip(copy);
  strip(podTemplateOf(copy));
  const spec = isMapping(copy.spec) ? copy.spec : undefined;
  if (spec && isMapping(spec.jobTemplate)) strip(spec.jobTemplate);
  return copy;
}

export function compareEnvironment(adoption: EnvironmentAdoption, built: readonly Json[], context: PassContext): ClassifiedDifference[] {
  const originals = adoption.originals.map(normalised);
  const builtObjects = built.map(normalised);
  const key = (o: ObjectKey) => JSON.stringify([o.kind, o.namespace ?? context.namespace, o.name]);
  const builtByKey = new Map(builtObjects.map((b) => [key(objectKeyOf(b)), b]));
  const originalByKey = new Map(originals.map((o) => [key(objectKeyOf(o)), o]));
  const ctx: RuleContext = {
    app: context.app,
    namespace: context.namespace,
    built: (o) => builtByKey.get(key(o)),
    original: (o) => originalByKey.get(key(o)),
    migrationAdded: adoption.migrationAdded,
    istio: context.istio,
    autoscaled: context.autoscaled,
    ingress: context.ingress,
    ...(context.deadline === undefined ? {} : { deadline: context.deadline }),
  };
  const synthetic: ClassifiedDifference[] = adoption.synthetic.map((s) => ({ object: { ...s.object, namespace: s.object.namespace ?? context.namespace }, path: s.path, op: 'changed', from: s.from, to: s.to, rule: s.rule }));
  const diffs = semanticDiff(originals, builtObjects, context.namespace).flatMap((d): ClassifiedDifference[] => classify(d, ctx));
  return [...synthetic, ...diffs];
}

/** The original object a difference is about. */
export function originalFinder(adoption: EnvironmentAdoption, namespace: string): (d: Difference) => Json | undefined {
  const byIdentity = new Map(adoption.originals.map((o) => [identity(o, namespace), o]));
  return (d) => {
    const probe = { apiVersion: d.object.apiVersion, kind: d.object.kind, metadata: { name: d.object.name, namespace: d.object.namespace ?? namespace } };
    return byIdentity.get(identity(probe, namespace));
  };
}
