import readline from 'node:readline';
import type { Readable } from 'node:stream';
import { Option } from 'commander';
import type { CommandModule } from '../program';
import { detectLanguage } from '../../core/nlp/language';
import { redactDetailed, type PiiSpan } from '../../core/privacy/redact';

type RedactLine = { text: string; spans: PiiSpan[] };

/**
 * Redacts each line of `input` in order (empty lines stay empty); `language` 'auto' detects it
 * per line. Spans are UTF-16 offsets into the input line. Returns how many lines were read.
 */
async function redactLines(input: Readable, language: 'pt' | 'en' | 'auto', print: (r: RedactLine) => void): Promise<number> {
  let n = 0;
  for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) {
    n++;
    if (!line) {
      print({ text: '', spans: [] });
      continue;
    }
    const lang = language === 'auto' ? detectLanguage(line, 'pt') : language;
    const r = redactDetailed(line, lang);
    print({ text: r.text, spans: r.spans.map((s) => ({ start: s.start, end: s.end, kind: s.kind })) });
  }
  return n;
}

export const redactCommand: CommandModule = (program, ctx) => {
  program
    .command('redact')
    .description('mask PII (CPF, CNPJ, phones, e-mails, names, addresses, CEP/ZIP, cards, IBAN, PIX keys) in text read from stdin, one text a line')
    .addOption(new Option('--language <lang>', 'language of every line; auto detects it per line').choices(['pt', 'en', 'auto']).default('auto'))
    .action(async (opts: { language: 'pt' | 'en' | 'auto' }) => {
      if (process.stdin.isTTY) process.stderr.write('Type one text a line; Ctrl+D to finish.\n');
      const json = ctx.globals().json;
      await redactLines(process.stdin, opts.language, (r) => (json ? ctx.printJson(r) : process.stdout.write(`${r.text}\n`)));
    });
};
