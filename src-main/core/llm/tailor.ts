/**
 * Optional LLM tailoring: after the instant local hint, an OpenAI-compatible server (cloud
 * or a local one such as Ollama or llama.cpp) rewrites the playbook reply for this customer
 * using the last turns of the call. It streams; a timeout or a failure ends the stream with
 * an error and never touches the local hint. Nothing is sent when the setting is off.
 */
import OpenAI from 'openai';
import type { Settings } from '../../../src-shared/settings';
import type { Speaker, SpokenLanguage } from '../../../src-shared/taxonomy';
import { oneLine } from '../../../src-shared/errors';

export type TailorRequest = {
  hint: { kind: 'objection' | 'competitor'; trigger: string; title: string; text: string };
  playbookLines: string[];
  /** The last turns of the call, oldest first. */
  turns: { speaker: Speaker; text: string }[];
  language: SpokenLanguage;
};

export type Tailor = {
  readonly model: string;
  /** Yields text deltas; throws a one-line Error on timeout or failure. */
  stream(request: TailorRequest, signal?: AbortSignal): AsyncIterable<string>;
};

type TailorOptions = { baseUrl: string; model: string; apiKey?: string; timeoutMs: number };

/** Where the API key comes from in plain Node (CLI, tests); the Electron app passes it the same way from safeStorage. */
export const LLM_API_KEY_ENV = 'SALESEDGE_LLM_API_KEY';

function buildMessages(req: TailorRequest): { role: 'system' | 'user'; content: string }[] {
  const lang = req.language === 'pt' ? 'Brazilian Portuguese' : 'English';
  const turns = req.turns.map((t) => `${t.speaker === 'rep' ? 'Rep' : 'Customer'}: ${t.text}`).join('\n');
  return [
    {
      role: 'system',
      content: `You coach a B2B sales rep during a live call. Write ONE reply the rep can say aloud right now, in ${lang}, at most two short sentences, ending with a question. Use the playbook; do not invent facts, prices or customers.`,
    },
    {
      role: 'user',
      content: `Objection: ${req.hint.kind === 'competitor' ? `competitor ${req.hint.title}` : req.hint.trigger} (${req.hint.title})\nPlaybook:\n- ${req.playbookLines.join('\n- ')}\n\nLast turns:\n${turns}\n\nSuggested reply so far: ${req.hint.text}`,
    },
  ];
}

export function createTailor(options: TailorOptions): Tailor {
  const client = new OpenAI({
    baseURL: options.baseUrl,
    // Local servers accept any key; the client library insists on one.
    apiKey: options.apiKey || 'not-needed',
    maxRetries: 0,
    timeout: options.timeoutMs,
  });
  return {
    model: options.model,
    async *stream(request, signal) {
      const ctrl = new AbortController();
      const onAbort = () => ctrl.abort();
      signal?.addEventListener('abort', onAbort, { once: true });
      // One deadline for the whole answer, not per chunk: a slow trickle must end too.
      const timer = setTimeout(() => ctrl.abort(new Error('timeout')), options.timeoutMs);
      try {
        const stream = await client.chat.completions.create({ model: options.model, messages: buildMessages(request), stream: true, temperature: 0.3, max_tokens: 160 }, { signal: ctrl.signal });
        for await (const chunk of stream) {
          const delta = chunk.choices[0]?.delta?.content;
          if (delta) yield delta;
        }
        // The client ends an aborted stream quietly; a deadline is still a failure.
        if (ctrl.signal.aborted && !signal?.aborted) throw new Error('timeout');
      } catch (err) {
        if (ctrl.signal.aborted && !signal?.aborted) throw new Error(`the language model did not answer within ${options.timeoutMs} ms`);
        if (signal?.aborted) return;
        throw new Error(`the language model failed: ${describe(err)}`);
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      }
    },
  };
}

const describe = (err: unknown): string => {
  if (err instanceof OpenAI.APIError && err.status) return `HTTP ${err.status}`;
  return oneLine(err);
};

/**
 * The tailor the settings ask for, or null: off unless the user enabled it and no IT policy
 * forbids cloud use, so with the default settings not a byte leaves the laptop.
 */
export function tailorFromSettings(settings: Settings, policy: { allowCloud?: boolean } | null, env: NodeJS.ProcessEnv = process.env): Tailor | null {
  if (!settings.llm.enabled || policy?.allowCloud === false || !settings.llm.baseUrl) return null;
  return createTailor({ baseUrl: settings.llm.baseUrl, model: settings.llm.model, apiKey: env[LLM_API_KEY_ENV], timeoutMs: settings.llm.timeoutMs });
}
