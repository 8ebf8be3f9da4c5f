/**
 * Decides which hint (if any) to show for a customer utterance, from its analysis. Pure
 * logic over injected playbook/battlecard lookups, so it is cheap to test and to run on
 * every partial transcript.
 *
 * Flood control: at most one hint per utterance, a cooldown per trigger (a repeated
 * objection within the cooldown shows nothing new), and variants rotate so a recurring
 * objection gets a fresh reply.
 *
 * Partial transcripts are gated, because classifiers are confidently wrong on half-sentences
 * ("Okay, but this…" reads as authority; "I am worried about…" as trust until "…contract"
 * arrives). An objection fires from partials only when the same label has stayed on top, above
 * a high confidence, while the utterance grew by several more words. A named competitor (an
 * alias match, unambiguous) fires as soon as it is heard; the generic "competitor" objection
 * waits, since the name usually follows.
 *
 * A phrase (`settled`: the speculative final decoded when the customer first paused, see
 * asr/streaming.ts) is the whole utterance up to a pause from one decode, so it needs no streak
 * or growth (a stable text gains nothing from agreement), but it may be a fragment ("Sure. To be
 * honest," reads as complexity at 0.32), so a phrase that does not end a sentence keeps the
 * partials' confidence bar, and one that does (`phraseEndsSentence`) has a bar of its own; below
 * them the final, 500 ms later, decides. A hint fired on it stays fired when the customer goes on speaking
 * (one hint per utterance), as a partial's does.
 */
import type { Battlecard, Playbook } from '../../../src-shared/ipc/playbooks';
import type { ObjectionType, Speaker, SpokenLanguage } from '../../../src-shared/taxonomy';
import type { Analysis } from '../nlp/types';

export type HintDecision = {
  kind: 'objection' | 'competitor';
  /** Objection type or competitor id. */
  trigger: string;
  sourceId: string;
  title: string;
  text: string;
  details: { positioning: string; landmines: string[]; proofPoints: string[] } | null;
  language: SpokenLanguage;
  confidence: number;
  priority: number;
  fromPartial: boolean;
  utterance: string;
  /** The playbook (or battlecard talk track) lines, for LLM tailoring. */
  playbookLines: string[];
};

export type HintInput = {
  analysis: Analysis;
  speaker: Speaker;
  fromPartial: boolean;
  /** A partial that is a phrase (the whole utterance at a pause): no streak needed; its bar depends on whether it ends a sentence (`phraseEndsSentence`). */
  settled?: boolean;
  /** Identifies the utterance (e.g. `system:12340`): partials and the final share it. */
  utteranceKey: string;
  /** Stream time now (ms), for cooldowns. */
  atMs: number;
  /** The call's language; `auto` follows the analysis. */
  language: SpokenLanguage | 'auto';
};

export type HintEngineOptions = {
  playbook(type: ObjectionType, language: SpokenLanguage): Playbook | null;
  battlecard(competitorId: string, language: SpokenLanguage): Battlecard | null;
  /** The same trigger is not shown again within this much stream time. */
  cooldownMs?: number;
  minFinalConfidence?: number;
  minPartialConfidence?: number;
  /** The bar for a phrase that ends a sentence (`phraseEndsSentence`); a phrase that does not keeps `minPartialConfidence`. */
  minSentenceConfidence?: number;
  minPartialWords?: number;
  /** How many consecutive partials must agree on the trigger before it fires. */
  partialAgreement?: number;
  /** How many words the utterance must grow by while the label holds, before it fires. */
  partialGrowthWords?: number;
};

/** Which reply wins when several fire on one utterance: the most specific, most costly one. */
const OBJECTION_PRIORITY: Record<ObjectionType, number> = {
  price: 90,
  budget: 85,
  competitor: 80,
  contract: 75,
  authority: 70,
  timing: 65,
  trust: 60,
  complexity: 55,
  need: 50,
};
/** A named competitor with a battlecard beats the generic "competitor" playbook. */
const BATTLECARD_PRIORITY = 95;

/**
 * `minSentenceConfidence` (0.8) is the bar at which a phrase that ends a sentence, when it is only the
 * first sentence of a longer turn, fires a wrong hint no more often than a clause fragment does at
 * the partials' 0.92 (training/phrase_gate.py on the test split: sentence prefixes 5.6 % at 0.8,
 * clause prefixes 5.8 % at 0.92). A turn that is one sentence loses nothing by it: its final would
 * fire at the model's own threshold anyway, 500 ms later.
 *
 * `minFinalConfidence` is 0: on a final the analyzer's objections are already above the
 * objection model's own threshold (models/objection/config.json), which training chose with a
 * floor on `none` precision; a second, uncalibrated cut here would hide objections the model's
 * metrics count as found. Partials keep their own high bar and agreement rule.
 */
const HINT_DEFAULTS = { cooldownMs: 45_000, minFinalConfidence: 0, minPartialConfidence: 0.92, minSentenceConfidence: 0.8, minPartialWords: 5, partialAgreement: 2, partialGrowthWords: 3 } as const;

/** Words a finished sentence does not end on: "…we looked at it and." is cut off, not finished. */
const DANGLING = new Set(['and', 'but', 'or', 'so', 'because', 'if', 'that', 'the', 'a', 'an', 'to', 'of', 'with', 'for', 'e', 'mas', 'ou', 'porque', 'que', 'se', 'então', 'o', 'os', 'as', 'de', 'do', 'da', 'com', 'pra', 'para', 'um', 'uma', 'tipo']);

/**
 * Does a phrase read as a finished sentence: it ends in . ? or ! (not an ellipsis, not a comma)
 * and not on a word a sentence cannot end on. Whisper writes the mark from the audio (a falling
 * voice, a question's rise) and the words, so at a pause it tells a finished sentence ("I am
 * worried about being locked into a long contract.") from a clause that goes on ("Sure. To be
 * honest,"). training/phrase_gate.py measures each kind of pause against the bars.
 */
export function phraseEndsSentence(text: string): boolean {
  const t = text.trim().replace(/["')\]»”’]+$/u, '');
  if (!/[.?!]$/.test(t) || /(\.\.|…)$/.test(t)) return false;
  const last = t.slice(0, -1).trim().split(/\s+/).pop()?.toLowerCase() ?? '';
  return last.length > 0 && !DANGLING.has(last.replace(/[^\p{L}]/gu, ''));
}

type Candidate = { kind: 'objection' | 'competitor'; trigger: string; confidence: number; priority: number };

export type HintEngine = {
  consider(input: HintInput): HintDecision | null;
  /** Forget an utterance's partial streak (its final arrived). */
  endUtterance(utteranceKey: string): void;
};

export function createHintEngine(options: HintEngineOptions): HintEngine {
  const o = { ...HINT_DEFAULTS, ...options };
  const lastShown = new Map<string, number>();
  const firedUtterances = new Set<string>();
  const usedTexts = new Set<string>();
  const streaks = new Map<string, { trigger: string; count: number; firstWords: number }>();

  const candidates = (a: Analysis, min: number): Candidate[] => {
    const list: Candidate[] = [];
    for (const c of a.competitors) if (c.confidence >= min) list.push({ kind: 'competitor', trigger: c.id, confidence: c.confidence, priority: BATTLECARD_PRIORITY });
    for (const ob of a.objections) if (ob.confidence >= min) list.push({ kind: 'objection', trigger: ob.type, confidence: ob.confidence, priority: OBJECTION_PRIORITY[ob.type] });
    return list.sort((x, y) => y.priority - x.priority || y.confidence - x.confidence);
  };

  const rotations = new Map<string, number>();
  // A fresh variant each time the objection recurs; once all were used, go round again.
  const pickVariant = (sourceId: string, lines: string[]): string => {
    const unused = lines.find((l) => !usedTexts.has(l));
    if (unused !== undefined) return unused;
    const n = rotations.get(sourceId) ?? 0;
    rotations.set(sourceId, n + 1);
    return lines[n % lines.length]!;
  };

  const build = (c: Candidate, language: SpokenLanguage): Omit<HintDecision, 'fromPartial' | 'utterance'> | null => {
    const langs: SpokenLanguage[] = [language, language === 'pt' ? 'en' : 'pt'];
    if (c.kind === 'competitor') {
      for (const lang of langs) {
        const card = o.battlecard(c.trigger, lang);
        if (!card) continue;
        return {
          kind: 'competitor', trigger: c.trigger, sourceId: card.id, title: card.name, text: card.talkTrack, language: lang, confidence: c.confidence, priority: c.priority,
          details: { positioning: card.positioning, landmines: card.landmines, proofPoints: card.proofPoints },
          playbookLines: [card.positioning, card.talkTrack, ...card.proofPoints],
        };
      }
      return null;
    }
    for (const lang of langs) {
      const pb = o.playbook(c.trigger as ObjectionType, lang);
      if (!pb || pb.replies.length === 0) continue;
      return { kind: 'objection', trigger: c.trigger, sourceId: pb.id, title: pb.title, text: pickVariant(pb.id, pb.replies), details: null, language: lang, confidence: c.confidence, priority: c.priority, playbookLines: pb.replies };
    }
    return null;
  };

  return {
    consider(input) {
      // Only the customer's words trigger replies; the rep saying "price" is not an objection.
      if (input.speaker !== 'customer' || firedUtterances.has(input.utteranceKey)) return null;
      const words = input.analysis.text.trim().split(/\s+/).filter(Boolean).length;
      const gated = input.fromPartial && !input.settled;
      if (gated && words < o.minPartialWords) return null;
      const bar = !input.fromPartial ? o.minFinalConfidence : input.settled && phraseEndsSentence(input.analysis.text) ? o.minSentenceConfidence : o.minPartialConfidence;
      const cands = candidates(input.analysis, bar).filter((c) => {
        const last = lastShown.get(`${c.kind}:${c.trigger}`);
        return last === undefined || input.atMs - last >= o.cooldownMs;
      });
      let top = cands[0];
      if (gated) {
        // Heard a name: the battlecard can go up now.
        if (top?.kind === 'competitor') {
          streaks.delete(input.utteranceKey);
        } else {
          const prev = streaks.get(input.utteranceKey);
          const same = top && prev?.trigger === top.trigger;
          const streak = top ? { trigger: top.trigger, count: same ? prev!.count + 1 : 1, firstWords: same ? prev!.firstWords : words } : null;
          if (streak) streaks.set(input.utteranceKey, streak);
          else streaks.delete(input.utteranceKey);
          const settled = streak && streak.count >= o.partialAgreement && words - streak.firstWords >= o.partialGrowthWords;
          if (!top || !settled || top.trigger === 'competitor') top = undefined;
        }
        if (!top) return null;
        cands.splice(0, cands.length, top);
      }
      if (!top) return null;
      const language = input.language === 'auto' ? input.analysis.language : input.language;
      for (const c of cands) {
        const built = build(c, language);
        if (!built) continue;
        firedUtterances.add(input.utteranceKey);
        lastShown.set(`${c.kind}:${c.trigger}`, input.atMs);
        usedTexts.add(built.text);
        return { ...built, fromPartial: input.fromPartial, utterance: input.analysis.text };
      }
      return null;
    },
    endUtterance(key) {
      streaks.delete(key);
    },
  };
}
