/**
 * The role-play rubric on a recorded call (issue 14, point 4: "the same rubric can score an
 * imported real call"). The call's segments become the dialogue (consecutive segments of one
 * speaker are one turn; the customer is the buyer), each objection the live path detected in a
 * customer turn is raised there, and the rep's next turns are its attempts, judged as the
 * offline buyer judges them at middle difficulty. The checks that only a role-play can decide
 * (the persona's hidden concern) are left out.
 */
import { CoreError } from '../../../src-shared/errors';
import { OBJECTION_TYPES, type ObjectionType, type SpokenLanguage } from '../../../src-shared/taxonomy';
import type { Store } from '../store/db';
import { callForScoring } from '../store/simulations';
import { answerLands, type SimTurn, type SimulationRun } from './engine';
import { turnFeatures } from './features';
import { scoreRun, type Score } from './rubric';

const CALL_DIFFICULTY = 2;
export const CALL_PASS_MARK = 70;

export function scoreCall(store: Store, callId: string, o: { language?: SpokenLanguage; passMark?: number } = {}): { run: SimulationRun; score: Score; language: SpokenLanguage } {
  const call = callForScoring(store, callId);
  if (!call) throw new CoreError('not_found', `no call with id ${callId}`);
  if (!call.segments.some((s) => s.speaker === 'rep')) throw new CoreError('bad_request', `call ${callId} has no rep turns to score`);
  const language: SpokenLanguage = o.language ?? (call.language?.startsWith('pt') ? 'pt' : 'en');
  // Consecutive segments of one speaker: one turn.
  const turns: { speaker: 'rep' | 'customer'; text: string; objections: ObjectionType[] }[] = [];
  for (const s of call.segments) {
    const obs = s.objections.filter((x): x is ObjectionType => (OBJECTION_TYPES as readonly string[]).includes(x));
    const last = turns.at(-1);
    if (last && last.speaker === s.speaker) {
      last.text = `${last.text} ${s.text}`.trim();
      last.objections.push(...obs.filter((x) => !last.objections.includes(x)));
    } else turns.push({ speaker: s.speaker, text: s.text.trim(), objections: [...new Set(obs)] });
  }
  const transcript: SimTurn[] = [];
  const objections: SimulationRun['objections'] = [];
  let current: SimulationRun['objections'][number] | null = null;
  for (const turn of turns) {
    if (turn.speaker === 'customer') {
      for (const type of turn.objections) {
        // Raised again: one check per objection (the open one stays the one on the table).
        const before = objections.find((x) => x.type === type);
        if (before) {
          if (before.answeredAt === null) current = before;
          continue;
        }
        current = { type, raisedAt: transcript.length, answeredAt: null, attempts: 0, firstAttemptAt: null };
        objections.push(current);
      }
      transcript.push({ speaker: 'buyer', text: turn.text, moves: turn.objections.length ? ['objection'] : [], objection: current?.type ?? null });
      continue;
    }
    const open = current && current.answeredAt === null ? current : null;
    const f = turnFeatures(turn.text, language, open?.type ?? null);
    const landed = open !== null && answerLands(f, CALL_DIFFICULTY);
    transcript.push({ speaker: 'rep', text: turn.text, objection: open?.type ?? null, features: f, landed });
    if (open) {
      open.attempts += 1;
      open.firstAttemptAt ??= transcript.length - 1;
      if (landed) open.answeredAt = transcript.length - 1;
    }
  }
  const run: SimulationRun = { transcript, objections, revealedAt: null, notReached: [], outcome: 'open', complete: true, unused: 0 };
  return { run, score: scoreRun(run, { language, passMark: o.passMark ?? CALL_PASS_MARK, skip: ['discovery.uncovered-concern'] }), language };
}
