/**
 * Echo and crosstalk suppression for speakers-and-laptop-mic calls. The customer's voice
 * comes out of the speakers and back into the rep's mic a few tens of ms later, often almost
 * as loud as the rep (-3 dB on a laptop). Transcribing it would give a second, rep-labelled
 * copy of every customer line.
 *
 * The system channel is the reference. Per 32 ms mic window:
 *  1. the echo delay is estimated by normalised cross-correlation (decimated search, then
 *     refined at full rate), re-estimated every ~0.5 s;
 *  2. an NLMS adaptive filter around that delay predicts the echo and subtracts it (the
 *     residual is what the rep said; it is also what goes to ASR);
 *  3. a coherence test (best scalar fit of the delayed reference) gives a second, instant
 *     estimate that needs no convergence.
 * A window is "explained" by the far end when the far end is active and the better of the
 * two residuals keeps less than `ownThresholdDb` of the mic energy. Double talk (the rep
 * talking over the customer) leaves a large residual, so the rep's words survive.
 */
import { createResidualEchoGate, type ResidualEchoOptions } from './residual-echo';
import { SAMPLE_RATE } from './types';

export type EchoOptions = {
  maxDelayMs?: number;
  taps?: number;
  /** Residual/mic energy ratio above which a window is the rep's own speech. */
  ownThresholdDb?: number;
  /** Far end counts as active when the delayed reference is above this RMS. */
  farFloorDb?: number;
  /** Band-energy gate for what the linear filter leaves (reverb); false turns it off. */
  residual?: ResidualEchoOptions | false;
};

type EchoResult = {
  /** The mic window with the predicted echo removed. */
  residual: Float32Array;
  farActive: boolean;
  explained: boolean;
  /** 10*log10(residual energy / mic energy), <= 0. */
  ratioDb: number;
  /** Residual energy over the mic noise floor, dB (how far what is left stands out). */
  overFloorDb: number;
};

type EchoSuppressor = {
  pushSystem(samples: Float32Array, startMs: number): void;
  processMic(window: Float32Array, startMs: number): EchoResult;
  /** Re-checks one past mic window with the latest delay estimate (coherence test only). */
  explainedNow(startMs: number, length: number): boolean;
  /** Current echo delay estimate, ms; null until one is found. */
  readonly delayMs: number | null;
};

const RING = 1 << 18; // ~16 s at 16 kHz
const MASK = RING - 1;
const PRE = 32; // taps before the estimated delay, for estimation error
const TAIL = 3200; // 200 ms
const VAD_LEN = 512;

type Ring = { data: Float32Array; end: number };
const ring = (): Ring => ({ data: new Float32Array(RING), end: 0 });
const at = (r: Ring, i: number): number => (i < 0 || i >= r.end || i < r.end - RING ? 0 : r.data[i & MASK]!);
const write = (r: Ring, samples: Float32Array, start: number) => {
  for (let i = r.end; i < start && i < r.end + RING; i++) r.data[i & MASK] = 0; // a gap is silence
  for (let k = 0; k < samples.length; k++) r.data[(start + k) & MASK] = samples[k]!;
  r.end = Math.max(r.end, start + samples.length);
};
const dbRatio = (num: number, den: number): number => (den <= 1e-12 ? 0 : 10 * Math.log10(Math.max(num, 1e-12) / den));

export function createEchoSuppressor(options: EchoOptions = {}): EchoSuppressor {
  const maxLag = Math.round(((options.maxDelayMs ?? 300) * SAMPLE_RATE) / 1000);
  const taps = options.taps ?? 256;
  const ownThresholdDb = options.ownThresholdDb ?? -8;
  const farFloor = 10 ** ((options.farFloorDb ?? -55) / 10);
  const sys = ring();
  const mic = ring();
  // Two filters, as in Speex's MDF: the background one always adapts fast (and goes wrong in
  // double talk); the foreground one, whose output we use, takes its weights only when they
  // predict the echo better. No double-talk detector has to be right first.
  const w = new Float64Array(taps);
  const bg = new Float64Array(taps);
  const gate = options.residual === false ? null : createResidualEchoGate(options.residual ?? {});
  let delay: number | null = null;
  let windowsSinceEstimate = 0;
  // Mic noise floor (minimum statistics over ~3 s of windows): what "nothing said" sounds like.
  const recentEnergy: number[] = [];
  let noiseFloor = 0;

  /** Normalised cross-correlation delay search over the last second; null when too little signal. */
  function estimateDelay(nEnd: number): number | null {
    const M = Math.min(16_000, nEnd, mic.end, RING - maxLag - 1) & ~3;
    if (M < 4000) return null;
    const D = 4;
    const md = new Float64Array(M / D);
    const lagD = Math.ceil(maxLag / D);
    const sd = new Float64Array(M / D + lagD);
    const base = nEnd - M - lagD * D;
    for (let i = 0; i < md.length; i++) for (let k = 0; k < D; k++) md[i]! += at(mic, nEnd - M + i * D + k);
    for (let j = 0; j < sd.length; j++) for (let k = 0; k < D; k++) sd[j]! += at(sys, base + j * D + k);
    let emd = 0;
    for (const v of md) emd += v * v;
    if (emd / M < farFloor * 4) return null;
    let best = 0;
    let bestLag = -1;
    for (let L = 0; L <= lagD; L++) {
      let dot = 0;
      let es = 0;
      const off = lagD - L;
      for (let i = 0; i < md.length; i++) {
        const s = sd[i + off]!;
        dot += md[i]! * s;
        es += s * s;
      }
      if (es / M < farFloor * 4) continue;
      const rho = dot / Math.sqrt(emd * es);
      if (rho > best) {
        best = rho;
        bestLag = L * D;
      }
    }
    if (bestLag < 0 || best < 0.3) return null;
    // Refine at full rate around the coarse peak.
    let fine = bestLag;
    let fineRho = -1;
    for (let L = Math.max(0, bestLag - 6); L <= Math.min(maxLag, bestLag + 6); L++) {
      let dot = 0;
      let es = 0;
      let em = 0;
      for (let n = nEnd - M; n < nEnd; n++) {
        const s = at(sys, n - L);
        const m = at(mic, n);
        dot += m * s;
        es += s * s;
        em += m * m;
      }
      const rho = es > 0 && em > 0 ? dot / Math.sqrt(em * es) : 0;
      if (rho > fineRho) {
        fineRho = rho;
        fine = L;
      }
    }
    return fine;
  }

  /** 1 - rho^2 of the best scalar fit of the reference at delay d±2: the unexplained share. */
  function coherenceResidual(n0: number, len: number, d: number): number {
    let em = 0;
    for (let k = 0; k < len; k++) em += at(mic, n0 + k) ** 2;
    if (em <= 1e-12) return 1;
    let best = 1;
    for (let j = -2; j <= 2; j++) {
      let dot = 0;
      let es = 0;
      for (let k = 0; k < len; k++) {
        const s = at(sys, n0 + k - d - j);
        dot += at(mic, n0 + k) * s;
        es += s * s;
      }
      if (es > 0) best = Math.min(best, 1 - (dot * dot) / (em * es));
    }
    return best;
  }

  function farEnergy(n0: number, len: number, d: number): number {
    let e = 0;
    for (let k = 0; k < len; k++) e += at(sys, n0 + k - d) ** 2;
    return e / len;
  }

  /** Far end heard within the window or the `TAIL` before it (room reverb, VAD hang-over). */
  function farActiveAt(n0: number, len: number, d: number): boolean {
    for (let s = n0 - TAIL; s < n0 + len; s += len / 2) if (farEnergy(s, len / 2, d) >= farFloor) return true;
    return false;
  }

  return {
    get delayMs() {
      return delay === null ? null : (delay * 1000) / SAMPLE_RATE;
    },
    pushSystem(samples, startMs) {
      write(sys, samples, Math.round((startMs * SAMPLE_RATE) / 1000));
    },
    explainedNow(startMs, length) {
      if (delay === null) return false;
      const n0 = Math.round((startMs * SAMPLE_RATE) / 1000);
      if (n0 < mic.end - RING + maxLag + taps || !farActiveAt(n0, length, delay)) return false;
      // Predict the echo with the filter as it is now (converged) rather than as it was then.
      let em = 0;
      let ee = 0;
      for (let k = 0; k < length; k++) {
        const n = n0 + k;
        let y = 0;
        for (let j = 0; j < taps; j++) y += w[j]! * at(sys, n - delay + PRE - j);
        const d = at(mic, n);
        em += d * d;
        ee += (d - y) ** 2;
      }
      const ratioDb = Math.min(dbRatio(ee, em), 10 * Math.log10(Math.max(coherenceResidual(n0, length, delay), 1e-12)), 0);
      return ratioDb < ownThresholdDb || (em * 10 ** (ratioDb / 10)) / length < noiseFloor * 10;
    },
    processMic(window, startMs) {
      const n0 = Math.round((startMs * SAMPLE_RATE) / 1000);
      const len = window.length;
      write(mic, window, n0);
      let micE = 0;
      for (let k = 0; k < len; k++) micE += window[k]! * window[k]!;
      recentEnergy.push(micE / len);
      if (recentEnergy.length > 94) recentEnergy.shift();
      noiseFloor = Math.min(...recentEnergy);
      windowsSinceEstimate += 1;
      // Search often until a delay locks, then every ~0.5 s to follow a changed echo path.
      if (windowsSinceEstimate >= (delay === null ? 4 : 16)) {
        windowsSinceEstimate = 0;
        const found = estimateDelay(n0 + len);
        if (found !== null && (delay === null || Math.abs(found - delay) > 4)) {
          delay = found;
          w.fill(0);
          bg.fill(0);
        }
      }
      // Far end active anywhere in the plausible echo range (before a delay is known) or at the delay.
      const farActive = delay === null ? farEnergy(n0, len, Math.round(maxLag / 2)) >= farFloor : farActiveAt(n0, len, delay);
      if (delay === null || !farActive) {
        return { residual: window.slice(), farActive, explained: false, ratioDb: 0, overFloorDb: dbRatio(micE / len, noiseFloor) };
      }
      const residual = new Float32Array(len);
      const u = new Float64Array(taps + len);
      // u[i] = reference sample for tap j at window sample k: u[k + taps - 1 - j]
      for (let i = 0; i < taps + len; i++) u[i] = at(sys, n0 - delay + PRE - taps + 1 + i);
      let em = 0;
      let ee = 0;
      let eb = 0;
      let pw = 0;
      let adapted = 0;
      const minPower = taps * farFloor;
      for (let i = 0; i < taps - 1; i++) pw += u[i]! * u[i]!;
      for (let k = 0; k < len; k++) {
        const top = k + taps - 1;
        pw += u[top]! * u[top]!;
        let y = 0;
        let yb = 0;
        for (let j = 0; j < taps; j++) {
          const x = u[top - j]!;
          y += w[j]! * x;
          yb += bg[j]! * x;
        }
        const d = window[k]!;
        const e = d - y;
        const e2 = d - yb;
        residual[k] = e;
        em += d * d;
        ee += e * e;
        eb += e2 * e2;
        // Adapt only on a reference worth learning from: near-silent input makes NLMS explode.
        if (pw >= minPower) {
          const g = (0.5 * e2) / (pw + minPower);
          for (let j = 0; j < taps; j++) bg[j]! += g * u[top - j]!;
          adapted += 1;
        }
        pw -= u[k]! * u[k]!; // slide the power window: u[k] leaves it
      }
      if (adapted > len / 2 && eb < ee * 0.7) {
        // The background filter explains the echo better: promote it (this window's output is redone next time).
        w.set(bg);
        ee = eb;
        for (let k = 0; k < len; k++) {
          let y = 0;
          const top = k + taps - 1;
          for (let j = 0; j < taps; j++) y += w[j]! * u[top - j]!;
          residual[k] = window[k]! - y;
        }
        ee = 0;
        for (let k = 0; k < len; k++) ee += residual[k]! ** 2;
      } else if (adapted > 0 && eb > ee * 8) {
        // Double talk threw the background filter off: restart it from the good one.
        bg.set(w);
      }
      const nlmsDb = dbRatio(ee, em);
      const cohDb = 10 * Math.log10(Math.max(coherenceResidual(n0, len, delay), 1e-12));
      const ratioDb = Math.min(nlmsDb, cohDb, 0);
      // While the far end talks, own speech must also stand clear of the mic's noise floor:
      // a quiet stretch of echo leaves a residual that is mostly noise, not the rep.
      const residualE = (em * 10 ** (ratioDb / 10)) / len;
      const linear = ratioDb < ownThresholdDb || residualE < noiseFloor * 10;
      // The gate learns on every far-end window, so it runs even when the linear test decides.
      const aligned = len === VAD_LEN ? u.subarray(taps - 1 - PRE, taps - 1 - PRE + len) : null;
      const res = gate && aligned ? gate.judge(ee < em ? residual : window, Float32Array.from(aligned)) : null;
      const explained = linear || (res?.explained ?? false);
      // A filter that has not converged (or diverged) must not make the audio worse.
      return { residual: ee < em ? residual : window.slice(), farActive, explained, ratioDb, overFloorDb: dbRatio(residualE, noiseFloor) };
    },
  };
}
