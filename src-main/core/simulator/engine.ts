/**
 * The offline buyer (issue 14): opens, raises the scenario's objections in order, reacts to
 * what the rep actually said and ends the meeting. An answer "lands" when it speaks to the
 * objection on the table (its substance words), without dismissing the buyer, and shows care
 * (acknowledges, asks, or gives evidence); a harder buyer also wants evidence or a question.
 * Unanswered, the buyer presses (as often as the persona's pushback allows), then moves on with
 * the objection lost. An open question uncovers the persona's hidden concern once. Difficulty
 * adapts: an objection that lands at once makes the buyer a notch harder, one lost makes them a
 * notch easier. Everything is deterministic for a seed (the buyer's wording is drawn from it).
 *
 * How the meeting ends, as a real buyer ends one: when the objections are through, the buyer
 * asks for the next step; when the meeting's time is up (`meetingTurns(scenario)` rep turns:
 * one per objection and one for discovery), the buyer wraps up and asks for it, and the
 * objections not yet raised stay unraised (`notReached`, not held against the rep); when the
 * rep proposes a dated next step, the buyer answers the proposal and closes. Asked for a next
 * step, a rep who proposes none is asked once more before the buyer closes.
 */
import type { ObjectionType, SpokenLanguage } from '../../../src-shared/taxonomy';
import { CLOSING_LINES, NEXT_STEP_PRESS, NEXT_STEP_PROMPT, OBJECTION_LINES, WRAP_UP_LINES, type BundledPersona, type BundledScenario } from '../content/bundled-simulations';
import { turnFeatures, type TurnFeatures } from './features';
import { seededRandom } from '../../../src-shared/seeded-random';

export type BuyerMove = 'opening' | 'objection' | 'press' | 'reveal' | 'next-step' | 'closing';

export type SimTurn =
  | { speaker: 'buyer'; text: string; moves: BuyerMove[]; objection: ObjectionType | null }
  | { speaker: 'rep'; text: string; objection: ObjectionType | null; features: TurnFeatures; landed: boolean };

export type Outcome = 'won' | 'open' | 'lost';

export type SimulationRun = {
  transcript: SimTurn[];
  /** How each raised objection ended: answered (at which rep turn), or lost. */
  objections: { type: ObjectionType; raisedAt: number; answeredAt: number | null; attempts: number; firstAttemptAt: number | null }[];
  revealedAt: number | null;
  /** The scenario's objections the buyer never raised: the meeting ended first. */
  notReached: ObjectionType[];
  outcome: Outcome;
  /** The meeting reached the buyer's closing line (false: the answers ran out first). */
  complete: boolean;
  /** Answers left over after the buyer ended the meeting. */
  unused: number;
};

/** Whether an answer deals with the objection, for a buyer at this difficulty (1-3). */
export function answerLands(f: TurnFeatures, difficulty: number): boolean {
  if (f.dismisses || f.words < 6 || f.substance === 0) return false;
  const care = f.acknowledges || f.asksQuestion || f.evidence;
  if (!care) return false;
  if (f.offersDiscount && !f.asksQuestion) return false; // a discount given away is not an answer
  if (difficulty >= 3) return f.substance >= 3 || (f.substance >= 2 && (f.evidence || f.asksQuestion));
  if (difficulty === 2) return f.substance >= 2 || f.evidence;
  return true;
}

/** Rep turns before the buyer wraps up: one per objection and one for discovery, unless the scenario says. */
export const meetingTurns = (scenario: BundledScenario): number => scenario.meetingTurns ?? scenario.objections.length + 1;

export function runSimulation(o: { persona: BundledPersona; scenario: BundledScenario; language: SpokenLanguage; seed: number; answers: string[] }): SimulationRun {
  const rand = seededRandom(o.seed);
  // The buyer's wording, drawn from the seed; never the same line twice running when there is another.
  let last = '';
  const pick = (lines: string[]) => {
    const choices = lines.length > 1 ? lines.filter((l) => l !== last) : lines;
    last = choices[Math.floor(rand() * choices.length)]!;
    return last;
  };
  const lang = o.language;
  const transcript: SimTurn[] = [];
  const objections: SimulationRun['objections'] = [];
  const buyer = (moves: BuyerMove[], parts: string[], objection: ObjectionType | null) => transcript.push({ speaker: 'buyer', text: parts.join(' '), moves, objection });

  let difficulty = o.persona.pushback as number;
  const queue = [...o.scenario.objections];
  // Declared with `as`: the closures below change them, so the compiler must not narrow them here.
  let current = null as ObjectionType | null;
  let presses = 0;
  let revealedAt: number | null = null;
  let phase = 'objections' as 'objections' | 'next-step' | 'ended';
  let outcome: Outcome = 'open';
  let used = 0;
  let repTurns = 0;
  let askedNextStepAgain = false;
  const budget = meetingTurns(o.scenario);

  const raiseNext = (prefix: string[], moves: BuyerMove[]) => {
    const next = queue.shift();
    if (next) {
      current = next;
      presses = 0;
      objections.push({ type: next, raisedAt: transcript.length, answeredAt: null, attempts: 0, firstAttemptAt: null });
      buyer([...moves, 'objection'], [...prefix, pick(OBJECTION_LINES[next].raise[lang])], next);
    } else {
      current = null;
      phase = 'next-step';
      buyer([...moves, 'next-step'], [...prefix, pick(NEXT_STEP_PROMPT[lang])], null);
    }
  };

  /** Time is up: no further objection is raised, the buyer asks for the next step. */
  const wrapUp = (prefix: string[]) => {
    current = null;
    phase = 'next-step';
    buyer(['next-step'], [...prefix, pick(WRAP_UP_LINES[lang]), pick(NEXT_STEP_PROMPT[lang])], null);
  };
  const close = (f: TurnFeatures) => {
    const lost = objections.filter((x) => x.answeredAt === null).length;
    outcome = f.datedNextStep && lost <= 1 ? 'won' : f.nextStep && lost < objections.length ? 'open' : lost === objections.length ? 'lost' : 'open';
    buyer(['closing'], [pick(CLOSING_LINES[outcome][lang])], null);
    phase = 'ended';
  };

  raiseNext([pick(o.persona.opening[lang])], ['opening']);

  for (const raw of o.answers) {
    if (phase === 'ended') break;
    used += 1;
    const text = raw.trim();
    const f = turnFeatures(text, lang, current);
    const open = objections.at(-1);
    if (phase === 'next-step') {
      transcript.push({ speaker: 'rep', text, objection: null, features: f, landed: f.nextStep });
      if (!f.nextStep && !askedNextStepAgain) {
        askedNextStepAgain = true;
        buyer(['next-step'], [pick(NEXT_STEP_PRESS[lang])], null);
        continue;
      }
      close(f);
      break;
    }
    repTurns += 1;
    const timeUp = repTurns >= budget;
    const landed = current !== null && answerLands(f, difficulty);
    transcript.push({ speaker: 'rep', text, objection: current, features: f, landed });
    if (open) {
      open.attempts += 1;
      open.firstAttemptAt ??= transcript.length - 1;
    }
    if (landed) {
      if (open) open.answeredAt = transcript.length - 1;
      if (open && open.attempts === 1) difficulty = Math.min(3, difficulty + 1);
      const accept = pick(OBJECTION_LINES[current!].accept[lang]);
      if (timeUp && queue.length) wrapUp([accept]);
      else raiseNext([accept], []);
      continue;
    }
    // The rep proposes a dated next step: the buyer answers the proposal and the meeting ends.
    if (f.datedNextStep && !f.dismisses) {
      close(f);
      break;
    }
    // An open question brings out what the buyer really worries about (once); the objection stays open.
    if (f.openQuestion && revealedAt === null && !f.dismisses && !timeUp) {
      revealedAt = transcript.length;
      buyer(['reveal'], [pick(o.persona.reveal[lang]), pick(OBJECTION_LINES[current!].press[lang])], current);
      continue;
    }
    if (timeUp) {
      wrapUp([]);
      continue;
    }
    presses += 1;
    if (presses <= Math.max(1, difficulty - 1)) {
      buyer(['press'], [pick(OBJECTION_LINES[current!].press[lang])], current);
      continue;
    }
    // Not convinced: the buyer moves on, the objection stays unanswered.
    difficulty = Math.max(1, difficulty - 1);
    raiseNext([], []);
  }
  return { transcript, objections, revealedAt, notReached: [...queue], outcome, complete: phase === 'ended', unused: o.answers.length - used };
}
