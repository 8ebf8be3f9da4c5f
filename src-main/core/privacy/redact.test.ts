import { describe, expect, it } from 'vitest';
import { cnpjValid, cpfValid, luhnValid, redact, redactDetailed } from './redact';

describe('redact — each PII kind, in English and Portuguese', () => {
  const en = [
    ['name', 'Hi, my name is Carla Mendes from Acme.', 'Hi, my name is [NAME] from Acme.'],
    ['name', 'I talked to Jennifer yesterday.', 'I talked to [NAME] yesterday.'],
    ['email', 'Write to carla.mendes@acme.com please', 'Write to [EMAIL] please'],
    ['phone', 'Call me at +1 (415) 555-0100 or 415-555-0199.', 'Call me at [PHONE] or [PHONE].'],
    ['cpf', 'His CPF is 529.982.247-25.', 'His CPF is [CPF].'],
    ['cnpj', 'Company id 11.222.333/0001-81 on file', 'Company id [CNPJ] on file'],
    ['card', 'Card 4111 1111 1111 1111 expires soon', 'Card [CARD] expires soon'],
  ] as const;
  const pt = [
    ['name', 'Aqui é o Júlio Pereira, da Acme.', 'Aqui é o [NOME], da Acme.'],
    ['name', 'Falei com a Fernanda Souza ontem.', 'Falei com a [NOME] ontem.'],
    ['name', 'Olá Mariana, tudo bem?', 'Olá [NOME], tudo bem?'],
    ['email', 'Meu e-mail é julio@empresa.com.br', 'Meu e-mail é [E-MAIL]'],
    ['phone', 'Meu celular é (11) 91234-5678, fixo +55 11 3456-7890.', 'Meu celular é [TELEFONE], fixo [TELEFONE].'],
    ['cpf', 'CPF 529.982.247-25 ou 52998224725', 'CPF [CPF] ou [CPF]'],
    ['cnpj', 'CNPJ 11222333000181', 'CNPJ [CNPJ]'],
    ['card', 'Cartão 5555-5555-5555-4444', 'Cartão [CARTÃO]'],
  ] as const;

  it.each(en)('en %s', (kind, input, expected) => {
    const r = redactDetailed(input, 'en');
    expect(r.text).toBe(expected);
    expect(r.found[kind]).toBeGreaterThan(0);
  });
  it.each(pt)('pt %s', (kind, input, expected) => {
    const r = redactDetailed(input, 'pt');
    expect(r.text).toBe(expected);
    expect(r.found[kind]).toBeGreaterThan(0);
  });

  it('leaves business numbers, prices and dates alone', () => {
    for (const text of [
      'The price went up 15% in 2024, order 12345, 120000 dollars.',
      'O preço subiu 15% em 2024; proposta de R$ 45.000,00 até 05/03.',
      'A card-like number that fails Luhn: 4111 1111 1111 1112.',
    ]) expect(redact(text, 'en')).toBe(text);
  });

  it('redacts names known to belong to the call, whatever the case', () => {
    expect(redact('the Initech deal with bob lumbergh', 'en', { names: ['Bob Lumbergh'] })).toBe('the Initech deal with [NAME]');
  });

  it('checks Luhn, CPF and CNPJ digits', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(cpfValid('52998224725')).toBe(true);
    expect(cpfValid('52998224724')).toBe(false);
    expect(cpfValid('11111111111')).toBe(false);
    expect(cnpjValid('11222333000181')).toBe(true);
    expect(cnpjValid('11222333000182')).toBe(false);
  });
});
