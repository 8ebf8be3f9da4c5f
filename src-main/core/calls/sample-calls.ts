/** Two sample calls (pt and en) with objections, competitors, questions, commitments and dates: tests, e2e, demo data. */
import type { SeedCall } from './seed-calls';

export const DAY = 86_400_000;

export const ptCall = (over: Partial<SeedCall> = {}): SeedCall => ({
  title: 'Acme — descoberta',
  customer: 'Mariana Costa',
  language: 'pt',
  segments: [
    { speaker: 'rep', startMs: 0, endMs: 4000, text: 'Olá Mariana, como está o projeto de vocês?' },
    { speaker: 'customer', startMs: 4500, endMs: 9000, text: 'O preço está muito alto para o nosso orçamento deste ano.', sentiment: -0.6, objections: ['price'] },
    { speaker: 'rep', startMs: 9500, endMs: 20000, text: 'Entendo. Nosso plano anual reduz o custo e inclui implantação, treinamento e suporte dedicado.' },
    { speaker: 'rep', startMs: 20000, endMs: 26000, text: 'Além disso o retorno costuma vir em seis meses.' },
    { speaker: 'customer', startMs: 26500, endMs: 31000, text: 'Estamos avaliando a Salesforce também. Vocês integram com o nosso ERP?', sentiment: -0.1, competitors: ['salesforce'] },
    { speaker: 'rep', startMs: 31500, endMs: 33000, text: 'Boa pergunta.' },
    { speaker: 'rep', startMs: 33000, endMs: 38000, text: 'Vou enviar a proposta revisada até sexta-feira, combinado?' },
    { speaker: 'customer', startMs: 38500, endMs: 41000, text: 'Combinado, podemos falar na semana que vem.', sentiment: 0.5 },
  ],
  hints: [{ trigger: 'price', text: 'Mostre o custo total em 12 meses.', status: 'used', atMs: 9000 }],
  ...over,
});

export const enCall = (over: Partial<SeedCall> = {}): SeedCall => ({
  title: 'Globex — pricing',
  customer: 'John Parker',
  language: 'en',
  segments: [
    { speaker: 'rep', startMs: 0, endMs: 3000, text: 'Thanks for your time, John. What is your timeline?' },
    { speaker: 'customer', startMs: 3500, endMs: 8000, text: 'We have no budget until next quarter and HubSpot is cheaper.', sentiment: -0.5, objections: ['budget'], competitors: ['hubspot'] },
    { speaker: 'customer', startMs: 8000, endMs: 10000, text: 'Who else needs to sign off on this?', sentiment: 0 },
    { speaker: 'rep', startMs: 10500, endMs: 15000, text: "I'll send you the ROI study by March 5 and we can talk again on Tuesday." },
    { speaker: 'customer', startMs: 15500, endMs: 18000, text: 'Sounds good, thank you.', sentiment: 0.6 },
  ],
  hints: [{ trigger: 'budget', text: 'Offer a phased start.', status: 'dismissed', atMs: 8000 }],
  ...over,
});
