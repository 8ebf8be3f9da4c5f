/**
 * Optional LLM persona for the role-play simulator (issue 14, point 2): the offline buyer
 * decides every move (which objection, press or accept, when the meeting ends: the score never
 * depends on a model), and an OpenAI-compatible server may word the buyer's line in the
 * persona's voice. Same switches and policy as LLM tailoring (settings.llm; off when the IT
 * policy forbids cloud use); on a timeout or an error the offline line stands.
 */
import OpenAI from 'openai';
import type { Settings } from '../../../src-shared/settings';
import type { SpokenLanguage } from '../../../src-shared/taxonomy';
import { LLM_API_KEY_ENV } from './tailor';

export type PersonaLineRequest = {
  persona: { name: string; role: string; temperament: string; goals: string };
  situation: string;
  /** What the offline buyer does in this line (raise an objection, press, accept, close…). */
  moves: string[];
  /** The offline buyer's line: what to say, to be reworded. */
  line: string;
  /** The last turns, oldest first. */
  turns: { speaker: 'buyer' | 'rep'; text: string }[];
  language: SpokenLanguage;
};

export type PersonaVoice = {
  readonly model: string;
  /** The line in the persona's words; throws a one-line Error on timeout or failure. */
  reword(request: PersonaLineRequest, signal?: AbortSignal): Promise<string>;
};

function messages(req: PersonaLineRequest): { role: 'system' | 'user'; content: string }[] {
  const lang = req.language === 'pt' ? 'Brazilian Portuguese' : 'English';
  return [
    {
      role: 'system',
      content: `You play a B2B buyer in a sales role-play: ${req.persona.name}, ${req.persona.role}; temperament: ${req.persona.temperament}; goals: ${req.persona.goals}. Situation: ${req.situation}. Reword the buyer's next line in your own voice, in ${lang}, at most two short sentences. Keep its meaning exactly (the same objection, the same yes or no); add no facts, prices or names.`,
    },
    { role: 'user', content: `Conversation so far:\n${req.turns.map((t) => `${t.speaker === 'rep' ? 'Rep' : 'Buyer'}: ${t.text}`).join('\n')}\n\nYour next line (${req.moves.join(', ')}): ${req.line}` },
  ];
}

export function createPersonaVoice(options: { baseUrl: string; model: string; apiKey?: string; timeoutMs: number }): PersonaVoice {
  const client = new OpenAI({ baseURL: options.baseUrl, apiKey: options.apiKey || 'not-needed', maxRetries: 0, timeout: options.timeoutMs });
  return {
    model: options.model,
    async reword(request, signal) {
      const ctrl = new AbortController();
      const onAbort = () => ctrl.abort();
      signal?.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(() => ctrl.abort(), options.timeoutMs);
      try {
        const res = await client.chat.completions.create({ model: options.model, messages: messages(request), temperature: 0.7, max_tokens: 120 }, { signal: ctrl.signal });
        const text = res.choices[0]?.message?.content?.trim().replace(/^["«]|["»]$/g, '') ?? '';
        if (!text) throw new Error('the language model answered nothing');
        return text.slice(0, 600);
      } catch (err) {
        if (ctrl.signal.aborted && !signal?.aborted) throw new Error(`the language model did not answer within ${options.timeoutMs} ms`);
        throw new Error(`the language model failed: ${err instanceof OpenAI.APIError && err.status ? `HTTP ${err.status}` : (err as Error).message.split('\n')[0]}`);
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      }
    },
  };
}

/** The persona voice the settings ask for, or null (off, no server, or the policy forbids cloud use). */
export function personaVoiceFromSettings(settings: Settings, policy: { allowCloud?: boolean } | null, env: NodeJS.ProcessEnv = process.env): PersonaVoice | null {
  if (!settings.llm.enabled || policy?.allowCloud === false || !settings.llm.baseUrl) return null;
  return createPersonaVoice({ baseUrl: settings.llm.baseUrl, model: settings.llm.model, apiKey: env[LLM_API_KEY_ENV], timeoutMs: settings.llm.timeoutMs });
}
