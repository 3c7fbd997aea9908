import { describe, expect, it } from 'vitest';
import { schemaIssues } from '../../src/schemas/ajvIssues.ts';
import { targetSchemas } from '../support/schemas.ts';
import { compileSchema } from '../../src/schemas/compiler.ts';

const { registry } = targetSchemas();

function deployment(spec: Record<string, unknown> = {}, container: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', creationTimestamp: null },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx', ...container }] },
      },
      ...spec,
    },
  };
}

function issuesOf(apiVersion: string, kind: string, document: unknown) {
  const validator = registry.lookup(apiVersion, kind)!;
  const errors = validator(document);
  return errors === null ? [] : schemaIssues(errors, { document, schema: validator.schema, base: { file: 'app.yaml', kind } });
}

const pathsAndMessages = (issues: ReturnType<typeof issuesOf>) => issues.map((i) => [i.path, i.message]);

describe('schemaIssues', () => {
  it('reports nothing for a valid document', () => {
    expect(issuesOf('apps/v1', 'Deployment', deployment())).toEqual([]);
  });

  it('names unknown fields and suggests the closest known one', () => {
    expect(pathsAndMessages(issuesOf('apps/v1', 'Deployment', deployment({ replicass: 3 })))).toEqual([
      ['spec.replicass', 'unknown field "replicass" (did you mean "replicas"?)'],
    ]);
    expect(pathsAndMessages(issuesOf('apps/v1', 'Deployment', deployment({}, { imagePullPolcy: 'Always', zzz: 1 })))).toEqual([
      ['spec.template.spec.containers[0].imagePullPolcy', 'unknown field "imagePullPolcy" (did you mean "imagePullPolicy"?)'],
      ['spec.template.spec.containers[0].zzz', 'unknown field "zzz"'],
    ]);
  });

  it('says what type was expected and what was found', () => {
    expect(pathsAndMessages(issuesOf('apps/v1', 'Deployment', deployment({ replicas: '3' })))).toEqual([
      ['spec.replicas', 'expected integer, got string "3"'],
    ]);
    expect(pathsAndMessages(issuesOf('apps/v1', 'Deployment', deployment({ replicas: 2.5 })))).toEqual([
      ['spec.replicas', 'expected integer, got number 2.5'],
    ]);
    expect(pathsAndMessages(issuesOf('apps/v1', 'Deployment', deployment({ replicas: 2 ** 31 })))).toEqual([
      ['spec.replicas', 'must be a 32-bit integer, got integer 2147483648'],
    ]);
  });

  it('names missing required fields at their own path', () => {
    const doc = deployment();
    delete (doc.spec.template.spec.containers[0] as { name?: string }).name;
    expect(pathsAndMessages(issuesOf('apps/v1', 'Deployment', doc))).toEqual([
      ['spec.template.spec.containers[0].name', 'missing required field "name"'],
    ]);
  });

  it('explains quantities, whether the string is malformed or the value is of the wrong type', () => {
    const resources = { limits: { cpu: '512mb', memory: true }, requests: { cpu: '1.5.3', memory: '1Gi' } };
    expect(pathsAndMessages(issuesOf('apps/v1', 'Deployment', deployment({}, { resources })))).toEqual([
      ['spec.template.spec.containers[0].resources.limits.cpu', 'must be a Kubernetes quantity such as 500m or 1Gi, got string "512mb"'],
      ['spec.template.spec.containers[0].resources.limits.memory', 'must be a Kubernetes quantity such as 500m or 1Gi, got boolean true'],
      ['spec.template.spec.containers[0].resources.requests.cpu', 'must be a Kubernetes quantity such as 500m or 1Gi, got string "1.5.3"'],
    ]);
  });

  it('lists both accepted types of an int-or-string', () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort: 1.5 }] } };
    expect(pathsAndMessages(issuesOf('v1', 'Service', service))).toEqual([['spec.ports[0].targetPort', 'expected integer or string, got number 1.5']]);
  });

  it('copies the context into every issue', () => {
    expect(issuesOf('apps/v1', 'Deployment', deployment({ replicas: '3' }))[0]).toEqual({
      severity: 'error',
      rule: 'schema',
      file: 'app.yaml',
      kind: 'Deployment',
      path: 'spec.replicas',
      message: 'expected integer, got string "3"',
    });
  });

  it('collapses an anyOf into one message per field', () => {
    const schema = {
      type: 'object',
      properties: {
        source: {
          anyOf: [
            { type: 'object', properties: { url: { type: 'string' } }, required: ['url'], additionalProperties: false },
            { type: 'string' },
          ],
        },
      },
    };
    const validate = compileSchema(schema);
    const run = (document: unknown) => {
      validate(document);
      return schemaIssues(validate.errors ?? [], { document, schema: () => schema }).map((i) => [i.path, i.message]);
    };
    expect(run({ source: 5 })).toEqual([['source', 'expected object or string, got integer 5']]);
    // The misspelt required field is one mistake, said once.
    expect(run({ source: { ur: 'x' } })).toEqual([['source.ur', 'unknown field "ur" (did you mean "url"?)']]);
    expect(run({ source: { other: 'x' } })).toEqual([
      ['source.other', 'unknown field "other"'],
      ['source.url', 'missing required field "url"'],
    ]);
  });

  it('describes enum and base64 failures', () => {
    const doc = deployment({}, { imagePullPolicy: 'Always' });
    expect(issuesOf('apps/v1', 'Deployment', doc)).toEqual([]);
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { key: 'not base64!' } };
    expect(pathsAndMessages(issuesOf('v1', 'Secret', secret))).toEqual([['data.key', 'must be base64-encoded data, got string "not base64!"']]);
    const store = {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'x' },
      spec: { target: { creationPolicy: 'Sometimes' } },
    };
    expect(pathsAndMessages(issuesOf('external-secrets.io/v1', 'ExternalSecret', store))).toEqual([
      ['spec.target.creationPolicy', 'must be one of "Owner", "Orphan", "Merge", "None", "CreateOrMerge", got string "Sometimes"'],
    ]);
  });

  it('says how many fields an object may have, in the singular for one', () => {
    const rewrite = { regexp: { source: '^db-', target: '' }, transform: { template: '{{ .value }}' } };
    const externalSecret = { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'x' }, spec: { dataFrom: [{ extract: { key: '/a' }, rewrite: [rewrite] }] } };
    expect(pathsAndMessages(issuesOf('external-secrets.io/v1', 'ExternalSecret', externalSecret))).toEqual([['spec.dataFrom[0].rewrite[0]', 'must have at most 1 field']]);
  });
});
