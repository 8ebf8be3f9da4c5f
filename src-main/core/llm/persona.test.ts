import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../src-shared/settings';
import { createPersonaVoice, personaVoiceFromSettings, type PersonaLineRequest } from './persona';

/** A local OpenAI-compatible server: /ok answers, /slow never does, /fail answers 500. */
function fakeServer() {
  const seen: { path: string; messages: { role: string; content: string }[] }[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += String(d)));
    req.on('end', () => {
      seen.push({ path: req.url ?? '', messages: (JSON.parse(raw) as { messages: { role: string; content: string }[] }).messages });
      if (req.url?.startsWith('/slow')) return; // never answers: the deadline must end it
      if (req.url?.startsWith('/fail')) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'boom' } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'c1', object: 'chat.completion', created: 0, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: '"Olha, sinceramente: esse valor não cabe aqui."' }, finish_reason: 'stop' }] }));
    });
  });
  return { server, seen };
}

const REQUEST: PersonaLineRequest = {
  persona: { name: 'Helena Prado, CFO conservadora', role: 'Diretora financeira', temperament: 'conservative', goals: 'Cortar custos' },
  situation: 'Proposta enviada',
  moves: ['objection'],
  line: 'Sinceramente, achei caro.',
  turns: [{ speaker: 'buyer', text: 'Bom dia.' }, { speaker: 'rep', text: 'Bom dia, Helena!' }],
  language: 'pt',
};

describe('the LLM persona against an OpenAI-compatible server on 127.0.0.1', () => {
  const { server, seen } = fakeServer();
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("words the offline buyer's line in the persona's voice, keeping its meaning (the prompt says what to keep)", async () => {
    const voice = createPersonaVoice({ baseUrl: `${base}/ok/v1`, model: 'llama3.1', timeoutMs: 5000 });
    expect(await voice.reword(REQUEST)).toBe('Olha, sinceramente: esse valor não cabe aqui.');
    const prompt = seen.at(-1)!.messages.map((m) => m.content).join('\n');
    expect(prompt).toContain('Brazilian Portuguese');
    expect(prompt).toContain('Helena Prado, CFO conservadora');
    expect(prompt).toContain('Keep its meaning exactly');
    expect(prompt).toContain('Rep: Bom dia, Helena!');
    expect(prompt).toContain('Sinceramente, achei caro.');
  });

  it('gives up at the deadline, and reports a server error, in one line', async () => {
    await expect(createPersonaVoice({ baseUrl: `${base}/slow/v1`, model: 'm', timeoutMs: 500 }).reword(REQUEST)).rejects.toThrow('the language model did not answer within 500 ms');
    await expect(createPersonaVoice({ baseUrl: `${base}/fail/v1`, model: 'm', timeoutMs: 5000 }).reword(REQUEST)).rejects.toThrow('the language model failed: HTTP 500');
  });

  it('is off unless enabled, and off when the policy forbids cloud use', () => {
    const on = { ...defaultSettings(), llm: { ...defaultSettings().llm, enabled: true } };
    expect(personaVoiceFromSettings(defaultSettings(), null)).toBeNull();
    expect(personaVoiceFromSettings(on, { allowCloud: false })).toBeNull();
    expect(personaVoiceFromSettings(on, null)?.model).toBe('llama3.1');
  });
});
