import { describe, expect, it } from 'vitest';
import { capacityReport } from '../../src/capacity/capacityReport.ts';
import { capacityChartHtml, capacityChartSvg } from '../../src/capacity/chartSvg.ts';
import type { Workload } from '../../src/capacity/workloads.ts';
import { shippedInstanceTypes } from './instanceTypesData.ts';

const GI = 2 ** 30;
const workloads: Workload[] = [
  { app: 'api', kind: 'Deployment', name: 'api', replicas: 24, perNode: false, pod: { requests: { cpuMillis: 500, memoryBytes: 3 * GI }, limits: { cpuMillis: 500, memoryBytes: 3 * GI } } },
];
const types = shippedInstanceTypes();
const report = capacityReport('alpha <&> "test"', workloads, {
  instanceTypes: types,
  headroomBasisPoints: 0,
  prices: { microDollarsPerHour: { 'c5.xlarge': 192000, 'm5.xlarge': 236000 } },
  centiHours: 72000,
});
const context = { region: 'ap-northeast-2', hoursPerMonth: '720', headroomBasisPoints: 0, pricesFile: 'data/prices.json' };

/** Checks that every tag closes in order and attribute values are quoted: enough to know a browser will parse it as XML. */
function expectWellFormed(xml: string): void {
  const stack: string[] = [];
  for (const m of xml.matchAll(/<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g)) {
    const [, closing, name, , selfClosing] = m;
    if (selfClosing) continue;
    if (closing) expect(stack.pop(), `closing </${name}>`).toBe(name);
    else stack.push(name!);
  }
  expect(stack).toEqual([]);
  // Nothing that looks like a tag was left unmatched by the pattern above (a stray < or an unquoted attribute).
  const tags = xml.match(/</g)?.length ?? 0;
  const matched = [...xml.matchAll(/<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g)].length;
  expect(matched).toBe(tags);
}

describe('capacity chart', () => {
  const svg = capacityChartSvg(report, context);

  it('is a well-formed SVG document', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expectWellFormed(svg);
  });

  it('has one cost bar per instance type and one pair of share bars per type that fits', () => {
    expect(svg.match(/class="cost-bar/g)).toHaveLength(types.length);
    expect(svg.match(/class="share-bar cpu"/g)).toHaveLength(report.instanceTypes.filter((t) => t.limitShare).length);
    expect(svg.match(/class="share-bar memory"/g)).toHaveLength(report.instanceTypes.filter((t) => t.limitShare).length);
    expect(svg.match(/class="instance-type"/g)).toHaveLength(types.length);
  });

  it('highlights the cheapest type and prints its cost', () => {
    expect(svg.match(/class="cost-bar cheapest"/g)).toHaveLength(1);
    expect(svg).toContain('data-instance-type="m5.xlarge"');
    expect(svg).toMatch(/m5\.xlarge: \$1,019\.52 a month/);
    expect(svg).toContain('>cheapest</text>');
  });

  it('says which types have no price', () => {
    expect(svg.match(/>no price</g)).toHaveLength(types.length - 2);
  });

  it('escapes text', () => {
    expect(svg).toContain('alpha &lt;&amp;&gt; &quot;test&quot;');
    expect(svg).not.toContain('alpha <&>');
  });

  it('marks the headroom on the share axis when there is one', () => {
    expect(svg).not.toContain('class="headroom"');
    const withHeadroom = capacityChartSvg(report, { ...context, headroomBasisPoints: 2000 });
    expect(withHeadroom).toContain('class="headroom"');
    expect(withHeadroom).toContain('80% (20% headroom)');
    expectWellFormed(withHeadroom);
  });

  it('wraps the same SVG in a page for .html', () => {
    const html = capacityChartHtml(report, context);
    expect(html).toContain(svg);
    expect(html.startsWith('<!doctype html>')).toBe(true);
  });
});
