/**
 * A call's summary, follow-up e-mail and next actions: always computed locally (offline);
 * when asked and `llm.enabled`, the summary and e-mail are rewritten by an OpenAI-compatible
 * model (Ollama, LM Studio, a company gateway) from a PII-redacted transcript. Any LLM
 * failure falls back to the local result with the reason in `llmError`.
 */
import OpenAI from 'openai';
import { z } from 'zod';
import type { CallSummary } from '../../../src-shared/ipc/calls';
import { notice } from '../../../src-shared/notice';
import type { Settings } from '../../../src-shared/settings';
import type { Store } from '../store/db';
import { readSettings } from '../settings/settings-store';
import { redact } from '../privacy/redact';
import { getCallDetail } from './call-queries';
import { competitorNames } from './competitor-names';
import { followUpEmail, recommendedActions, summaryText, type FollowUpInput } from './follow-up';
import { localFindings } from './local-summary';
import { guessLanguage } from './metrics';
import { LLM_API_KEY_ENV } from '../llm/tailor';
import { oneLine } from '../../../src-shared/errors';

export { LLM_API_KEY_ENV };

function followUpInput(store: Store, id: string): FollowUpInput {
  const detail = getCallDetail(store, id);
  const language = guessLanguage(detail.call.language, detail.segments.map((s) => s.text));
  // The display name is the card's first alias ("HubSpot"), as on the Playbooks page; the detections hold the id.
  const names = competitorNames(store);
  const byId = new Map(detail.call.competitors.map((c) => [c.value, names.name(c.value)]));
  return { detail, findings: localFindings(detail, language), competitorNames: byId };
}

export function localSummary(store: Store, id: string): CallSummary {
  const input = followUpInput(store, id);
  return {
    ...input.findings,
    text: summaryText(input),
    followUpEmail: followUpEmail(input),
    actions: recommendedActions(input),
    source: 'local',
    llmError: null,
  };
}

const LlmAnswer = z.object({ summary: z.string().min(1), email: z.object({ subject: z.string().min(1), body: z.string().min(1) }) });

export async function summarizeCall(store: Store, id: string, options: { llm?: boolean; settings?: Settings } = {}): Promise<CallSummary> {
  const local = localSummary(store, id);
  if (!options.llm) return local;
  const settings = options.settings ?? readSettings(store);
  if (!settings.llm.enabled) return { ...local, llmError: 'the LLM is disabled in Settings', llmErrorNotice: notice('llm.disabled') };
  try {
    const answer = await askLlm(store, id, local, settings.llm);
    return { ...local, text: answer.summary, followUpEmail: answer.email, source: 'llm' };
  } catch (err) {
    return { ...local, llmError: `LLM unavailable (${oneLine(err)}); showing the local summary`, llmErrorNotice: notice('llm.unavailable', { detail: oneLine(err) }) };
  }
}

async function askLlm(store: Store, id: string, local: CallSummary, llm: Settings['llm']): Promise<z.infer<typeof LlmAnswer>> {
  const detail = getCallDetail(store, id);
  const lang = local.language;
  const names = [detail.call.customer, detail.call.dealName].filter((n): n is string => !!n);
  // The transcript leaves the laptop: redact PII first, whatever the endpoint.
  const transcript = detail.segments
    .map((s) => `${s.speaker === 'rep' ? 'REP' : 'CUSTOMER'}: ${redact(s.text, lang, { names })}`)
    .join('\n')
    .slice(0, 24_000);
  const client = new OpenAI({ baseURL: llm.baseUrl, apiKey: process.env[LLM_API_KEY_ENV] || 'not-needed', timeout: llm.timeoutMs, maxRetries: 0 });
  const language = lang === 'pt' ? 'Brazilian Portuguese' : 'English';
  const res = await client.chat.completions.create({
    model: llm.model,
    temperature: 0.2,
    messages: [
      {
        role: 'system',
        content:
          `You summarise B2B sales calls for the sales rep. Answer in ${language} with only a JSON object: ` +
          '{"summary": "3-5 sentences: objections, open questions, commitments, dates", "email": {"subject": "...", "body": "follow-up e-mail from the rep to the customer"}}. ' +
          'Keep placeholders such as [NAME] or [NOME] as they are.',
      },
      {
        role: 'user',
        content: `Objections detected: ${local.keyObjections.map((o) => o.type).join(', ') || 'none'}\nDates mentioned: ${local.dates.join(', ') || 'none'}\n\nTranscript:\n${transcript}`,
      },
    ],
  });
  const content = res.choices[0]?.message?.content ?? '';
  const json = /\{[\s\S]*\}/.exec(content)?.[0];
  if (!json) throw new Error('the model did not answer with JSON');
  return LlmAnswer.parse(JSON.parse(json));
}
