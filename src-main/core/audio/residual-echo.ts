/**
 * Residual echo gate: the linear canceller (echo.ts) cannot follow a long, reverberant echo
 * path, so what it leaves is judged here on band energies instead of waveforms, as the
 * residual-echo suppressors after WebRTC's and Speex's cancellers do. Per 32 ms window:
 *
 *  - the far end's band powers at the echo delay, held with an exponential decay that stands
 *    in for the room's reverb tail;
 *  - a per-band echo coupling learnt from the data (a slow average of the residual/far-end
 *    ratio in dB; tuned on the echo fixtures: faster or min-tracking estimates under-predict);
 *  - a band is the rep's own when the residual beats the predicted echo by `marginDb` and the
 *    band's noise floor by 10 dB; the window is echo when too few bands are the rep's.
 */
import FFT from 'fft.js';

export type ResidualEchoOptions = {
  marginDb?: number;
  /** Share of bands that must be the rep's for a window to be own speech. */
  ownShare?: number;
  /** Per-window decay of the held far-end power (0.5 = -3 dB per 32 ms, a ~600 ms RT60). */
  decay?: number;
  /** Learning rates of the coupling estimate when the ratio is below / above it. */
  rateDown?: number;
  rateUp?: number;
};

type ResidualEchoGate = {
  /** `residual` and `reference` are the same 512-sample span of echo-cancelled mic and delayed system audio. */
  judge(residual: Float32Array, reference: Float32Array): { ownShare: number; explained: boolean };
};

const N = 512;
const RATE = 16_000;

function bandEdges(): number[] {
  // 14 log-spaced bands over 200 Hz - 6 kHz, where speech and a laptop speaker overlap.
  const lo = 200;
  const hi = 6000;
  const edges: number[] = [];
  for (let i = 0; i <= 14; i++) edges.push(Math.round((lo * (hi / lo) ** (i / 14) * N) / RATE));
  return edges;
}

export function createResidualEchoGate(options: ResidualEchoOptions = {}): ResidualEchoGate {
  const margin = 10 ** ((options.marginDb ?? 10) / 10);
  const ownShareNeeded = options.ownShare ?? 0.2;
  const decay = options.decay ?? 0.5;
  const rateDown = options.rateDown ?? 0.05;
  const rateUp = options.rateUp ?? 0.05;
  const fft = new FFT(N);
  const hann = Float64Array.from({ length: N }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / N));
  const edges = bandEdges();
  const B = edges.length - 1;
  const held = new Float64Array(B);
  const couplingDb = new Float64Array(B).fill(0); // start by assuming the echo is as loud as the far end
  const noise = new Float64Array(B).fill(Infinity);
  const input = new Array<number>(N).fill(0);
  const out = fft.createComplexArray() as number[];

  const bands = (x: Float32Array): Float64Array => {
    for (let i = 0; i < N; i++) input[i] = (x[i] ?? 0) * hann[i]!;
    fft.realTransform(out, input);
    const p = new Float64Array(B);
    for (let b = 0; b < B; b++) {
      let s = 0;
      for (let k = edges[b]!; k < Math.max(edges[b + 1]!, edges[b]! + 1); k++) s += out[2 * k]! ** 2 + out[2 * k + 1]! ** 2;
      p[b] = s;
    }
    return p;
  };

  return {
    judge(residual, reference) {
      const r = bands(residual);
      const x = bands(reference);
      let own = 0;
      let far = 0;
      for (let b = 0; b < B; b++) {
        held[b] = Math.max(x[b]!, held[b]! * decay);
        noise[b] = Math.min(noise[b]! * 1.002, Math.max(r[b]!, 1e-12));
        if (held[b]! <= 1e-9) {
          // No far end in this band: anything well above the noise is the rep.
          if (r[b]! > noise[b]! * 10) own += 1;
          continue;
        }
        far += 1;
        const ratioDb = 10 * Math.log10(Math.max(r[b]!, 1e-12) / held[b]!);
        couplingDb[b]! += (ratioDb < couplingDb[b]! ? rateDown : rateUp) * (ratioDb - couplingDb[b]!);
        const echo = held[b]! * 10 ** (couplingDb[b]! / 10);
        if (r[b]! > echo * margin && r[b]! > noise[b]! * 10) own += 1;
      }
      const ownShare = own / B;
      return { ownShare, explained: far > 0 && ownShare < ownShareNeeded };
    },
  };
}
