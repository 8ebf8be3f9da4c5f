/**
 * Where the objection/competitor labels of the sentiment chart go so that none covers another:
 * markers at the same moment share one label ("Price · Gong"); each label takes the highest
 * row (lane) that is free at its x, a lower one when the labels before it still run there.
 */
type LaneMarker = { atMs: number; label: string; color: string };
/** `flip`: the label ends at its line (it would run past the right edge otherwise). */
type PlacedMarker = LaneMarker & { lane: number; flip: boolean };

type LaneOptions = {
  /** The x axis runs from 0 to endMs over widthPx pixels. */
  endMs: number;
  widthPx: number;
  /** Width of one character of the label font (11 px system-ui is ~6 px; kept generous). */
  charPx?: number;
  /** Room left between two labels on one row, and the label's offset from its line. */
  gapPx?: number;
  maxLanes?: number;
};

export function markerLanes(markers: readonly LaneMarker[], options: LaneOptions): PlacedMarker[] {
  const { endMs, widthPx, charPx = 7, gapPx = 8, maxLanes = 12 } = options;
  const x = (ms: number) => (endMs > 0 ? (ms / endMs) * widthPx : 0);
  // Markers within 2 px of each other are one moment: one line, one label.
  const moments: LaneMarker[] = [];
  for (const m of [...markers].sort((a, b) => a.atMs - b.atMs)) {
    const last = moments.at(-1);
    if (last && x(m.atMs) - x(last.atMs) < 2) {
      if (!last.label.split(' · ').includes(m.label)) last.label = `${last.label} · ${m.label}`;
    } else moments.push({ ...m });
  }
  // Each row holds the x intervals its labels take; a label goes on the first row it fits.
  const rows: [number, number][][] = [];
  return moments.map((m) => {
    const at = x(m.atMs);
    const width = gapPx / 2 + m.label.length * charPx;
    const flip = at + width > widthPx && at - width >= 0;
    const span: [number, number] = flip ? [at - width, at] : [at, at + width];
    const free = (row: [number, number][]) => row.every(([a, b]) => span[1] + gapPx <= a || b + gapPx <= span[0]);
    let lane = rows.findIndex(free);
    if (lane === -1) lane = rows.length < maxLanes ? rows.length : rows.length - 1;
    (rows[lane] ??= []).push(span);
    return { ...m, lane, flip };
  });
}
