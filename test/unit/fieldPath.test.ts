/** Field paths as issues write them, and back. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPath, parsePath, type PathSegment } from '../../src/vocabulary/issue.ts';

describe('parsePath', () => {
  it('reads what formatPath writes', () => {
    expect(parsePath('spec.template.spec.containers[0].resources.limits.cpu')).toEqual(['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits', 'cpu']);
    expect(parsePath('metadata.annotations["ignore-check.scaffold.dev/object-name"]')).toEqual(['metadata', 'annotations', 'ignore-check.scaffold.dev/object-name']);
    expect(parsePath('')).toEqual([]);
  });

  it('is the inverse of formatPath for any path', () => {
    const segment = fc.oneof(fc.string(), fc.nat({ max: 1000 }));
    fc.assert(fc.property(fc.array(segment, { maxLength: 6 }), (path: PathSegment[]) => {
      expect(parsePath(formatPath(path))).toEqual(path);
    }));
  });
});
