import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers';
import { createReferenceEngine, loadCallScript, scriptPathFor, type CallScript } from './reference-engine';

const script: CallScript = {
  title: 't',
  language: 'en',
  utterances: [
    { speaker: 'rep', text: 'hello there how are you', startMs: 0, endMs: 1000 },
    { speaker: 'customer', text: 'one two three four five six seven eight nine ten', startMs: 2000, endMs: 4000 },
  ],
};
const none = new Float32Array(0);

describe('reference-transcript engine', () => {
  const engine = createReferenceEngine(script);
  const ask = (startMs: number, endMs: number, speaker: 'rep' | 'customer' = 'customer') => engine.transcribe(none, { language: 'auto', startMs, endMs, speaker });

  it('answers a whole utterance with the script text, per speaker', async () => {
    expect(await ask(1950, 4120)).toEqual({ text: 'one two three four five six seven eight nine ten', language: 'en' });
    expect((await ask(-50, 1100, 'rep')).text).toBe('hello there how are you');
    expect((await ask(-50, 1100, 'customer')).text).toBe('');
  });

  it('answers partials with the prefix proportional to the elapsed time', async () => {
    expect((await ask(1950, 2600)).text).toBe('one two three');
    expect((await ask(1950, 3000)).text).toBe('one two three four five');
    expect((await ask(1950, 2050)).text).toBe('');
  });

  it('gives the rest of the words to a span that starts inside the utterance', async () => {
    expect((await ask(3000, 4100)).text).toBe('six seven eight nine ten');
  });

  it('loads scripts with one-line errors', () => {
    const t = tempDir();
    try {
      const file = path.join(t.dir, 'call.script.json');
      fs.writeFileSync(file, JSON.stringify(script));
      expect(loadCallScript(file).utterances).toHaveLength(2);
      expect(scriptPathFor(path.join(t.dir, 'call.wav'))).toBe(file);
      fs.writeFileSync(file, '{"language":"fr","utterances":[]}');
      expect(() => loadCallScript(file)).toThrow(/call script .* is invalid: language/);
      expect(() => loadCallScript(path.join(t.dir, 'missing.json'))).toThrow(/cannot read call script/);
    } finally {
      t.cleanup();
    }
  });
});
