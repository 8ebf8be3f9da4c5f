import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../src-shared/settings';
import { createTailor, tailorFromSettings, type TailorRequest } from './tailor';

type Seen = { path: string; auth: string | undefined; body: { model: string; stream: boolean; messages: { role: string; content: string }[] } };

/** A local OpenAI-compatible server: /ok streams SSE chunks, /slow never finishes, /fail answers 500. */
function fakeServer() {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += String(d)));
    req.on('end', () => {
      seen.push({ path: req.url ?? '', auth: req.headers.authorization, body: JSON.parse(raw) as Seen['body'] });
      if (req.url?.startsWith('/fail')) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'boom' } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const chunk = (content: string) => `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
      if (req.url?.startsWith('/slow')) {
        res.write(chunk('Still '));
        return; // keep the stream open: the tailor's deadline must end it
      }
      for (const piece of ['Entendo, ', 'comparado ', 'com o quê?']) res.write(chunk(piece));
      res.end('data: [DONE]\n\n');
    });
  });
  return { server, seen };
}

const REQUEST: TailorRequest = {
  hint: { kind: 'objection', trigger: 'price', title: 'Preço alto', text: 'Entendo. Comparado com o quê?' },
  playbookLines: ['Entendo. Comparado com o quê?'],
  turns: [{ speaker: 'customer', text: 'Está caro demais para nós' }],
  language: 'pt',
};

const collect = async (it: AsyncIterable<string>) => {
  let s = '';
  for await (const d of it) s += d;
  return s;
};

describe('LLM tailoring against an OpenAI-compatible server on 127.0.0.1', () => {
  const { server, seen } = fakeServer();
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('streams the tailored reply, sending the last turns, the playbook and the key', async () => {
    const t = createTailor({ baseUrl: `${base}/ok/v1`, model: 'llama3.1', apiKey: 'sk-test', timeoutMs: 5000 });
    expect(await collect(t.stream(REQUEST))).toBe('Entendo, comparado com o quê?');
    const req = seen.at(-1)!;
    expect(req.path).toBe('/ok/v1/chat/completions');
    expect(req.auth).toBe('Bearer sk-test');
    expect(req.body).toMatchObject({ model: 'llama3.1', stream: true });
    const prompt = req.body.messages.map((m) => m.content).join('\n');
    expect(prompt).toContain('Brazilian Portuguese');
    expect(prompt).toContain('Customer: Está caro demais para nós');
    expect(prompt).toContain('Comparado com o quê?');
  });

  it('gives up at the deadline with a one-line error', async () => {
    const t = createTailor({ baseUrl: `${base}/slow/v1`, model: 'm', timeoutMs: 600 });
    await expect(collect(t.stream(REQUEST))).rejects.toThrow('the language model did not answer within 600 ms');
  });

  it('reports a server error in one line', async () => {
    const t = createTailor({ baseUrl: `${base}/fail/v1`, model: 'm', timeoutMs: 5000 });
    await expect(collect(t.stream(REQUEST))).rejects.toThrow('the language model failed: HTTP 500');
  });

  it('is off unless enabled, and off when the policy forbids cloud use', () => {
    const s = defaultSettings();
    expect(tailorFromSettings(s, null)).toBeNull();
    const on = { ...s, llm: { ...s.llm, enabled: true, baseUrl: `${base}/ok/v1` } };
    expect(tailorFromSettings(on, { allowCloud: false })).toBeNull();
    const t = tailorFromSettings(on, null, { SALESEDGE_LLM_API_KEY: 'k' });
    expect(t?.model).toBe(s.llm.model);
  });
});
