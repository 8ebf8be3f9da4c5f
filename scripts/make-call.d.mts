/** Types of scripts/make-call.mjs for TypeScript callers (tests, benches). */
export type CallScriptInput = {
  title?: string;
  language: 'pt' | 'en';
  voices?: { rep?: string; customer?: string };
  rate?: number;
  gapMs?: number;
  utterances: { speaker: 'rep' | 'customer'; text: string; pauseMs?: number; expect?: { objection?: string; competitor?: string } }[];
};
export function makeCall(script: CallScriptInput, outWav: string): { wav: string; script: string; durationMs: number };
