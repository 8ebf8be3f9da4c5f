/**
 * The buyer's latest line in an LLM persona's words (issue 14, point 2), when the settings and
 * policy allow a language model: the offline engine has already decided what the buyer does;
 * only the wording changes. A timeout or an error keeps the offline line (and says why).
 */
import type { SpokenLanguage } from '../../../src-shared/taxonomy';
import type { PersonaVoice } from '../llm/persona';
import type { BundledPersona, BundledScenario } from '../content/bundled-simulations';
import type { SimTurn } from './engine';

export type Worded = { text: string; by: 'llm' | 'offline'; error?: string };

export async function wordBuyerLine(voice: PersonaVoice | null, o: { persona: BundledPersona; scenario: BundledScenario; language: SpokenLanguage; transcript: SimTurn[] }): Promise<Worded | null> {
  const last = o.transcript.at(-1);
  if (!last || last.speaker !== 'buyer') return null;
  if (!voice) return { text: last.text, by: 'offline' };
  try {
    const text = await voice.reword({
      persona: { name: o.persona.name[o.language], role: o.persona.role[o.language], temperament: o.persona.temperament, goals: o.persona.goals[o.language] },
      situation: `${o.scenario.product[o.language]}. ${o.scenario.situation[o.language]}`,
      moves: last.moves,
      line: last.text,
      turns: o.transcript.slice(-7, -1).map((t) => ({ speaker: t.speaker, text: t.text })),
      language: o.language,
    });
    return { text, by: 'llm' };
  } catch (err) {
    return { text: last.text, by: 'offline', error: (err as Error).message };
  }
}
