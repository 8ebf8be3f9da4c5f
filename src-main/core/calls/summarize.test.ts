import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store/db';
import { updateSettings } from '../settings/settings-store';
import { seedCall } from './seed-calls';
import { localSummary, summarizeCall } from './summarize';
import { enCall, ptCall, tempStore } from './test-helpers';
import { run } from '../store/query';

let t: ReturnType<typeof tempStore>;
let store: Store;
beforeEach(() => {
  t = tempStore();
  store = t.store;
});
afterEach(() => t.cleanup());

describe('local summary (offline)', () => {
  it('Portuguese call: objections, open questions, commitments, dates, e-mail in Portuguese', () => {
    const id = seedCall(store, ptCall());
    const s = localSummary(store, id);
    expect(s.language).toBe('pt');
    expect(s.keyObjections).toEqual([{ type: 'price', count: 1, example: 'O preço está muito alto para o nosso orçamento deste ano.', answered: true }]);
    // Answered only with "Boa pergunta." — still open.
    expect(s.openQuestions).toEqual(['Estamos avaliando a Salesforce também. Vocês integram com o nosso ERP?']);
    expect(s.commitments).toContain('Vou enviar a proposta revisada até sexta-feira, combinado?');
    expect(s.dates.slice(0, 2)).toEqual(['até sexta-feira', 'semana que vem']);
    // The sample call lasts 41 s: said in seconds, not rounded up to "1 min".
    expect(s.text).toMatch(/^Chamada de 41 s com Mariana Costa\. Objeções principais: preço \(respondida na chamada\)\./);
    expect(s.followUpEmail.subject).toBe('Próximos passos — Acme — descoberta');
    expect(s.followUpEmail.body).toMatch(/^Olá, Mariana,/);
    expect(s.followUpEmail.body).toContain('Vocês integram com o nosso ERP?');
    expect(s.actions.map((a) => a.kind)).toEqual(['send-battlecard', 'schedule-follow-up']);
    expect(s.source).toBe('local');
  });

  it('English call: unanswered objection becomes an action, battlecard name from the store', () => {
    run(store, store.db.insertInto('battlecards').values({ id: 'hubspot', competitor: 'HubSpot', aliases: '[]', language: 'en', positioning: '', landmines: '[]', proof_points: '[]', talk_track: '', updated_at: 0 }));
    const id = seedCall(store, enCall());
    const s = localSummary(store, id);
    expect(s.language).toBe('en');
    expect(s.keyObjections).toEqual([{ type: 'budget', count: 1, example: 'We have no budget until next quarter and HubSpot is cheaper.', answered: false }]);
    expect(s.openQuestions).toEqual([]);
    expect(s.commitments).toEqual(["I'll send you the ROI study by March 5 and we can talk again on Tuesday."]);
    expect(s.dates).toEqual(['March 5', 'on Tuesday', 'next quarter']);
    expect(s.actions).toEqual([
      { kind: 'send-battlecard', target: 'hubspot', text: 'Send the HubSpot comparison (battlecard)' },
      { kind: 'answer-objection', target: 'budget', text: 'Answer the open budget objection' },
      expect.objectContaining({ kind: 'schedule-follow-up' }),
    ]);
    expect(s.followUpEmail.body).toMatch(/^Hi John,/);
    expect(s.text).toMatch(/^18-second call with John Parker\./);
  });

  it('says seconds for a call under a minute and minutes from one minute on', () => {
    const at = (endMs: number, language: 'pt' | 'en') =>
      localSummary(store, seedCall(store, (language === 'pt' ? ptCall : enCall)({ customer: null, segments: [{ speaker: 'rep', startMs: 0, endMs, text: language === 'pt' ? 'Olá, tudo bem?' : 'Hello there, how are you?' }], hints: [] }))).text;
    expect(at(3000, 'en')).toMatch(/^3-second call\./);
    expect(at(3000, 'pt')).toMatch(/^Chamada de 3 s\./);
    expect(at(59_400, 'en')).toMatch(/^59-second call\./);
    expect(at(59_600, 'en')).toMatch(/^1-minute call\./);
    expect(at(150_000, 'en')).toMatch(/^3-minute call\./);
    expect(at(150_000, 'pt')).toMatch(/^Chamada de 3 min\./);
  });
});

describe('LLM summary (OpenAI-compatible server on 127.0.0.1)', () => {
  let server: http.Server;
  let bodies: { messages: { content: string }[]; model: string }[];
  let status: number;
  let auth: string[];
  beforeEach(async () => {
    bodies = [];
    auth = [];
    status = 200;
    server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (d) => (raw += d));
      req.on('end', () => {
        bodies.push(JSON.parse(raw));
        auth.push(String(req.headers.authorization));
        if (status !== 200) {
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'model overloaded' } }));
          return;
        }
        const content = JSON.stringify({ summary: 'Cliente achou caro; enviar proposta.', email: { subject: 'Proposta', body: 'Olá [NOME], segue a proposta.' } });
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({ id: 'x', object: 'chat.completion', created: 0, model: 'm', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }] }),
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    updateSettings(store, { llm: { enabled: true, baseUrl: `http://127.0.0.1:${port}/v1`, model: 'tiny', timeoutMs: 5000 } });
  });
  afterEach(() => new Promise<void>((r) => server.close(() => r())));

  it('rewrites the summary and e-mail from a redacted transcript, with the key from the environment', async () => {
    process.env.SALESEDGE_LLM_API_KEY = 'sk-test-123';
    const id = seedCall(store, ptCall({ segments: [...ptCall().segments, { speaker: 'customer', startMs: 42000, endMs: 43000, text: 'Meu e-mail é mariana@acme.com.br' }] }));
    const s = await summarizeCall(store, id, { llm: true });
    delete process.env.SALESEDGE_LLM_API_KEY;
    expect(s.source).toBe('llm');
    expect(s.text).toBe('Cliente achou caro; enviar proposta.');
    expect(s.followUpEmail).toEqual({ subject: 'Proposta', body: 'Olá [NOME], segue a proposta.' });
    expect(s.keyObjections[0]!.type).toBe('price');
    expect(bodies[0]!.model).toBe('tiny');
    expect(auth[0]).toBe('Bearer sk-test-123');
    const prompt = bodies[0]!.messages.map((m) => m.content).join('\n');
    expect(prompt).toContain('O preço está muito alto');
    expect(prompt).not.toContain('Mariana');
    expect(prompt).not.toContain('mariana@acme.com.br');
    expect(prompt).toContain('[E-MAIL]');
  });

  it('falls back to the local summary with the reason when the server fails', async () => {
    status = 500;
    const id = seedCall(store, enCall());
    const s = await summarizeCall(store, id, { llm: true });
    expect(s.source).toBe('local');
    expect(s.llmError).toMatch(/^LLM unavailable \(.*\); showing the local summary$/);
    expect(s.llmErrorNotice).toMatchObject({ key: 'llm.unavailable', params: { detail: expect.any(String) } });
    expect(s.text).toBe(localSummary(store, id).text);
  });

  it('does not call the server when the LLM is disabled', async () => {
    updateSettings(store, { llm: { enabled: false } });
    const id = seedCall(store, enCall());
    const s = await summarizeCall(store, id, { llm: true });
    expect(s.llmError).toBe('the LLM is disabled in Settings');
    expect(s.llmErrorNotice).toEqual({ key: 'llm.disabled', params: {} });
    expect(bodies).toHaveLength(0);
  });
});
