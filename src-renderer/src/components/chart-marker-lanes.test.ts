import { describe, expect, it } from 'vitest';
import { markerLanes } from './chart-marker-lanes';

const m = (atMs: number, label: string) => ({ atMs, label, color: 'red' });

describe('markerLanes', () => {
  it('puts labels that would touch on different rows, and reuses a row once it is free', () => {
    const placed = markerLanes([m(10_000, 'Price'), m(11_000, 'Authority'), m(12_000, 'Gong'), m(50_000, 'Timing')], { endMs: 60_000, widthPx: 600 });
    expect(placed.map((p) => [p.label, p.lane])).toEqual([['Price', 0], ['Authority', 1], ['Gong', 2], ['Timing', 0]]);
  });

  it('a label at the right edge ends at its line instead of running off the chart', () => {
    const placed = markerLanes([m(30_000, 'Price'), m(59_000, 'Timing')], { endMs: 60_000, widthPx: 600 });
    expect(placed.map((p) => [p.label, p.flip])).toEqual([['Price', false], ['Timing', true]]);
  });

  it('no two labels on one row overlap (many markers close together)', () => {
    const many = Array.from({ length: 12 }, (_, i) => m(20_000 + i * 700, `Marker ${i}`));
    const placed = markerLanes(many, { endMs: 60_000, widthPx: 700, charPx: 7, gapPx: 8 });
    const x = (ms: number) => (ms / 60_000) * 700;
    for (const a of placed) {
      for (const b of placed) {
        if (a === b || a.lane !== b.lane || a.atMs > b.atMs) continue;
        expect(x(a.atMs) + 4 + a.label.length * 7 + 8, `${a.label} / ${b.label}`).toBeLessThanOrEqual(b.flip ? x(b.atMs) - 4 - b.label.length * 7 : x(b.atMs));
      }
    }
  });

  it('markers at the same moment share one label', () => {
    expect(markerLanes([m(9000, 'Competitor'), m(9000, 'RD Station'), m(9000, 'RD Station')], { endMs: 40_000, widthPx: 600 })).toEqual([{ atMs: 9000, label: 'Competitor · RD Station', color: 'red', lane: 0, flip: false }]);
  });
});
