/**
 * Battlecards that ship with the app, one per competitor and language: names and aliases
 * (including the usual mis-hearings of a recogniser, so detection survives ASR errors),
 * positioning, landmines (questions that expose a gap), proof points and a talk track.
 * Claims stay on our side of the table: what we do, and questions for the customer.
 */
import type { SpokenLanguage } from '../../../src-shared/taxonomy';

type BundledBattlecard = {
  competitor: string;
  language: SpokenLanguage;
  aliases: string[];
  positioning: string;
  landmines: string[];
  proofPoints: string[];
  talkTrack: string;
};

type Card = Omit<BundledBattlecard, 'competitor' | 'language' | 'aliases'>;
type Entry = { competitor: string; aliases: string[]; pt: Card; en: Card };

const ENTRIES: Entry[] = [
  {
    competitor: 'gong',
    aliases: ['Gong', 'Gong.io', 'gongue', 'gong io'],
    pt: {
      positioning: 'O Gong analisa a chamada depois que ela acaba; nós ajudamos o vendedor durante a chamada, com a resposta certa em menos de meio segundo e tudo processado no computador dele.',
      landmines: ['Quanto tempo depois da chamada o vendedor recebe a orientação?', 'As gravações saem do computador para a nuvem? O jurídico aprovou isso?', 'Quanto custa por usuário para a equipe inteira, não só gestores?'],
      proofPoints: ['Dicas ao vivo em menos de 500 ms', 'Transcrição local em português, sem enviar áudio', 'Funciona offline e sincroniza só os resumos'],
      talkTrack: 'Muitos clientes usam o Gong para revisar chamadas. A pergunta é: o que o vendedor faz no momento da objeção? Nós damos a resposta ali, ao vivo. Vocês revisam as chamadas hoje antes ou depois de perder o negócio?',
    },
    en: {
      positioning: 'Gong analyses the call after it ends; we help the rep during the call, with the right reply in under half a second, processed on their own laptop.',
      landmines: ['How long after the call does the rep get coaching?', 'Do recordings leave the laptop for the cloud? Has legal signed off?', 'What is the per-seat cost for the whole team, not just managers?'],
      proofPoints: ['Live hints in under 500 ms', 'Local transcription in Portuguese and English, no audio uploaded', 'Works offline; only summaries sync'],
      talkTrack: 'Plenty of teams use Gong to review calls. The question is what the rep does in the moment of the objection. We give them the answer right there, live. Do you review calls before or after the deal is lost?',
    },
  },
  {
    competitor: 'chorus',
    aliases: ['Chorus', 'Chorus.ai', 'ZoomInfo Chorus', 'córus', 'corus'],
    pt: {
      positioning: 'O Chorus é inteligência de conversa pós-chamada dentro do pacote ZoomInfo; nós somos o copiloto ao vivo, independente de base de dados.',
      landmines: ['Vocês usam o Chorus sem o resto do ZoomInfo?', 'O vendedor recebe alguma ajuda durante a ligação?', 'Como ele lida com chamadas em português?'],
      proofPoints: ['Modelos de objeção treinados em português do Brasil', 'Sem dependência de outra plataforma', 'Overlay invisível no compartilhamento de tela'],
      talkTrack: 'O Chorus ajuda a entender o que aconteceu. Nós ajudamos a mudar o que está acontecendo. Se o vendedor tivesse a resposta certa na hora, quantos negócios mudariam?',
    },
    en: {
      positioning: 'Chorus is post-call conversation intelligence inside the ZoomInfo bundle; we are the live copilot, independent of any data platform.',
      landmines: ['Do you use Chorus without the rest of ZoomInfo?', 'Does the rep get any help during the call?', 'How does it handle calls in Portuguese?'],
      proofPoints: ['Objection models trained on Brazilian Portuguese', 'No dependency on another platform', 'Overlay hidden from screen sharing'],
      talkTrack: 'Chorus helps you understand what happened. We help change what is happening. If reps had the right answer in the moment, how many deals would turn?',
    },
  },
  {
    competitor: 'salesforce',
    aliases: ['Salesforce', 'Sales Force', 'Einstein', 'SFDC', 'seilsfórce'],
    pt: {
      positioning: 'O Salesforce é o CRM; nós não o substituímos, nós somos a camada ao vivo na chamada que alimenta o CRM com objeções e próximos passos.',
      landmines: ['Os recursos de conversa do Einstein estão no plano que vocês têm?', 'Quanto tempo o vendedor gasta preenchendo o CRM depois da chamada?', 'As dicas aparecem durante a chamada ou só nos relatórios?'],
      proofPoints: ['Exporta resumo e próximos passos para o CRM', 'Sem licença adicional de CRM', 'Implantação em minutos'],
      talkTrack: 'Ótimo, o Salesforce continua sendo a fonte da verdade. Nós ajudamos o vendedor a ganhar a conversa e deixamos o CRM atualizado sozinho. Quem atualiza o CRM hoje, e quando?',
    },
    en: {
      positioning: 'Salesforce is the CRM; we do not replace it, we are the live layer on the call that feeds the CRM with objections and next steps.',
      landmines: ['Are Einstein conversation features in the edition you have?', 'How long do reps spend updating the CRM after a call?', 'Do insights show up during the call or only in reports?'],
      proofPoints: ['Exports summary and next steps to the CRM', 'No extra CRM licence', 'Deploys in minutes'],
      talkTrack: 'Great, Salesforce stays the source of truth. We help the rep win the conversation and keep the CRM updated for them. Who updates the CRM today, and when?',
    },
  },
  {
    competitor: 'hubspot',
    aliases: ['HubSpot', 'Hub Spot', 'rabspot', 'hubspote'],
    pt: {
      positioning: 'O HubSpot é ótimo para marketing e CRM; nós somos especialistas em ajudar o vendedor no meio da chamada, e conversamos com o HubSpot.',
      landmines: ['As gravações do HubSpot dão dicas durante a chamada?', 'O plano atual inclui inteligência de conversa para todos os vendedores?', 'Como está a precisão em português?'],
      proofPoints: ['Dicas ao vivo por objeção e concorrente', 'Playbooks editáveis pela empresa', 'Funciona com qualquer aplicativo de chamada'],
      talkTrack: 'Mantenham o HubSpot. Nós entramos na hora da conversa, que é onde o negócio é ganho ou perdido. Onde os vendedores mais travam hoje?',
    },
    en: {
      positioning: 'HubSpot is great for marketing and CRM; we specialise in helping the rep mid-call, and we work alongside HubSpot.',
      landmines: ['Do HubSpot call recordings give hints during the call?', 'Does your tier include conversation intelligence for every rep?', 'How accurate is it on Portuguese calls?'],
      proofPoints: ['Live hints per objection and competitor', 'Company-editable playbooks', 'Works with any calling app'],
      talkTrack: 'Keep HubSpot. We step in during the conversation, which is where deals are won or lost. Where do reps get stuck most today?',
    },
  },
  {
    competitor: 'pipedrive',
    aliases: ['Pipedrive', 'Pipe Drive', 'paipdraive', 'pipedraive'],
    pt: {
      positioning: 'O Pipedrive organiza o funil; nós ajudamos a avançar cada etapa dele, com a resposta certa durante a chamada.',
      landmines: ['O Pipedrive mostra por que os negócios travam em cada etapa?', 'Os vendedores recebem ajuda para contornar objeções?', 'Quanto do funil se perde na etapa de proposta?'],
      proofPoints: ['Objeções detectadas e registradas por chamada', 'Previsão de fechamento por negócio', 'Treino com simulador de cliente'],
      talkTrack: 'O Pipedrive mostra onde o negócio está; nós ajudamos a movê-lo. Em qual etapa vocês mais perdem negócios hoje?',
    },
    en: {
      positioning: 'Pipedrive organises the pipeline; we help move each stage forward with the right reply during the call.',
      landmines: ['Does Pipedrive show why deals stall at each stage?', 'Do reps get help handling objections?', 'How much pipeline is lost at the proposal stage?'],
      proofPoints: ['Objections detected and logged per call', 'Win forecast per deal', 'Practice with a customer simulator'],
      talkTrack: 'Pipedrive shows where a deal is; we help move it. At which stage do you lose the most deals today?',
    },
  },
  {
    competitor: 'rd-station',
    aliases: ['RD Station', 'RDStation', 'erre de station', 'RD CRM', 'ardi station'],
    pt: {
      positioning: 'O RD Station é forte em marketing e CRM para o mercado brasileiro; nós complementamos com o copiloto ao vivo na chamada de vendas.',
      landmines: ['O RD Station CRM ajuda o vendedor durante a ligação?', 'Vocês sabem quais respostas às objeções funcionam melhor?', 'Como o gestor treina a equipe hoje?'],
      proofPoints: ['Feito para português do Brasil', 'Mede quais respostas os vendedores usam', 'Dados ficam no computador do vendedor'],
      talkTrack: 'O RD Station traz o lead; nós ajudamos a fechar a conversa. Depois que o lead chega, o que mais faz um negócio travar?',
    },
    en: {
      positioning: 'RD Station is strong in marketing and CRM for the Brazilian market; we add the live copilot on the sales call.',
      landmines: ['Does RD Station CRM help reps during the call?', 'Do you know which objection replies work best?', 'How do managers coach the team today?'],
      proofPoints: ['Built for Brazilian Portuguese', 'Measures which replies reps use', 'Data stays on the rep’s laptop'],
      talkTrack: 'RD Station brings the lead; we help close the conversation. Once a lead arrives, what makes a deal stall most?',
    },
  },
  {
    competitor: 'outreach',
    aliases: ['Outreach', 'Outreach.io', 'Out Reach', 'autrich', 'outrich'],
    pt: {
      positioning: 'O Outreach automatiza cadências de prospecção; nós atuamos quando o cliente atende, na conversa em si.',
      landmines: ['O que acontece quando a cadência gera a reunião: quem ajuda o vendedor nela?', 'Quanto custa o Kaia ou módulos de conversa por usuário?', 'Funciona bem em português?'],
      proofPoints: ['Complementa qualquer ferramenta de cadência', 'Dicas ao vivo em português e inglês', 'Sem integração obrigatória'],
      talkTrack: 'O Outreach enche a agenda; nós ajudamos a ganhar cada reunião. Das reuniões marcadas, quantas viram oportunidade hoje?',
    },
    en: {
      positioning: 'Outreach automates prospecting sequences; we work when the customer picks up, in the conversation itself.',
      landmines: ['When a sequence books the meeting, who helps the rep in it?', 'What do the conversation modules cost per seat?', 'How well does it work in Portuguese?'],
      proofPoints: ['Complements any sequencing tool', 'Live hints in Portuguese and English', 'No integration required'],
      talkTrack: 'Outreach fills the calendar; we help win every meeting. Of the meetings booked, how many become opportunities today?',
    },
  },
  {
    competitor: 'salesloft',
    aliases: ['Salesloft', 'Sales Loft', 'seilsloft', 'salesloft cadence'],
    pt: {
      positioning: 'O Salesloft é uma plataforma de engajamento e cadências; nós somos o copiloto da conversa ao vivo, leve e local.',
      landmines: ['A análise de conversa do Salesloft funciona durante a ligação?', 'Quanto tempo levou a implantação?', 'Os vendedores usam todos os módulos que vocês pagam?'],
      proofPoints: ['Instalação silenciosa pelo TI', 'Resposta em menos de meio segundo', 'Playbooks da empresa sincronizados'],
      talkTrack: 'Faz sentido manter o Salesloft para as cadências. Onde nós entramos é no minuto em que o cliente diz "está caro". O que o vendedor responde hoje nessa hora?',
    },
    en: {
      positioning: 'Salesloft is an engagement and sequencing platform; we are the live conversation copilot, light and local.',
      landmines: ['Does Salesloft conversation analysis work during the call?', 'How long did the rollout take?', 'Do reps use every module you pay for?'],
      proofPoints: ['Silent install by IT', 'Replies in under half a second', 'Company playbooks synced'],
      talkTrack: 'Keep Salesloft for sequences. Where we come in is the minute the customer says "that is too expensive". What does the rep say in that moment today?',
    },
  },
  {
    competitor: 'microsoft-teams',
    // The bare word "Teams" counts only where the context says it is the app (see WORD_RULES in nlp/competitors.ts).
    aliases: ['Microsoft Teams', 'MS Teams', 'Teams', 'Teams Premium', 'Copilot do Teams', 'Teams Copilot'],
    pt: {
      positioning: 'O Teams (com Premium ou Copilot) resume a reunião depois que ela acaba; nós ajudamos o vendedor durante a chamada, com a resposta de vendas certa, em qualquer aplicativo.',
      landmines: ['O resumo do Teams ajuda o vendedor no momento da objeção, ou só depois?', 'As dicas seguem os playbooks de vendas da empresa?', 'E as chamadas que acontecem no Zoom, no Meet ou por telefone?'],
      proofPoints: ['Funciona com Teams, Zoom, Meet e telefone', 'Playbooks e battlecards de vendas, não só resumo', 'Áudio processado no computador do vendedor'],
      talkTrack: 'Ótimo, vocês fazem as chamadas pelo Teams e continuam fazendo. Nós entramos na conversa com a resposta de vendas na hora certa. O que o vendedor faz hoje quando o cliente diz que está caro?',
    },
    en: {
      positioning: 'Teams (with Premium or Copilot) recaps the meeting after it ends; we help the rep during the call with the right sales reply, in any call app.',
      landmines: ['Does the Teams recap help the rep in the moment of the objection, or only afterwards?', 'Do the suggestions follow your sales playbooks?', 'What about calls on Zoom, Meet or the phone?'],
      proofPoints: ['Works with Teams, Zoom, Meet and the phone', 'Sales playbooks and battlecards, not just a recap', 'Audio processed on the rep’s laptop'],
      talkTrack: 'Great, you run calls on Teams and you keep doing that. We join the conversation with the sales reply at the right moment. What does the rep do today when the customer says it is too expensive?',
    },
  },
  {
    competitor: 'zoho',
    aliases: ['Zoho', 'Zoho CRM', 'Zoho Zia', 'zorro crm'],
    pt: {
      positioning: 'O Zoho CRM é um CRM completo e acessível; nós não o substituímos, nós somos a camada ao vivo na chamada que alimenta o CRM.',
      landmines: ['O Zia ajuda o vendedor durante a ligação ou só nos relatórios?', 'Quanto tempo o vendedor gasta registrando a chamada no CRM?', 'Como está a transcrição em português?'],
      proofPoints: ['Exporta resumo e próximos passos para o CRM', 'Dicas ao vivo em menos de 500 ms', 'Transcrição local em português'],
      talkTrack: 'Faz sentido manter o Zoho como CRM. Nós ajudamos o vendedor a ganhar a conversa e o CRM fica atualizado. Quem registra a chamada hoje, e quando?',
    },
    en: {
      positioning: 'Zoho CRM is a complete, affordable CRM; we do not replace it, we are the live layer on the call that feeds the CRM.',
      landmines: ['Does Zia help the rep during the call or only in reports?', 'How long do reps spend logging calls in the CRM?', 'How good is the transcription in Portuguese?'],
      proofPoints: ['Exports summary and next steps to the CRM', 'Live hints in under 500 ms', 'Local transcription in Portuguese and English'],
      talkTrack: 'Keep Zoho as your CRM. We help the rep win the conversation and the CRM stays up to date. Who logs the call today, and when?',
    },
  },
  {
    competitor: 'ploomes',
    aliases: ['Ploomes', 'plumes', 'plumis', 'ploomis'],
    pt: {
      positioning: 'O Ploomes é um CRM brasileiro com propostas e automação; nós somos o copiloto da conversa, com a resposta certa durante a chamada.',
      landmines: ['O Ploomes ajuda o vendedor quando o cliente levanta uma objeção ao vivo?', 'Vocês sabem quais respostas às objeções fecham mais negócios?', 'Como o gestor treina a equipe hoje?'],
      proofPoints: ['Objeções detectadas e registradas por chamada', 'Feito para português do Brasil', 'Dados ficam no computador do vendedor'],
      talkTrack: 'O Ploomes organiza propostas e funil; nós ajudamos a ganhar a conversa que leva à proposta. Em que momento da chamada os vendedores mais travam?',
    },
    en: {
      positioning: 'Ploomes is a Brazilian CRM with proposals and automation; we are the conversation copilot, with the right reply during the call.',
      landmines: ['Does Ploomes help the rep when the customer raises an objection live?', 'Do you know which objection replies close the most deals?', 'How do managers coach the team today?'],
      proofPoints: ['Objections detected and logged per call', 'Built for Brazilian Portuguese', 'Data stays on the rep’s laptop'],
      talkTrack: 'Ploomes organises proposals and the pipeline; we help win the conversation that leads to the proposal. At what point in the call do reps get stuck most?',
    },
  },
  {
    competitor: 'agendor',
    aliases: ['Agendor', 'ajendor', 'agendôr'],
    pt: {
      positioning: 'O Agendor é um CRM simples para equipes comerciais brasileiras; nós ajudamos o vendedor dentro da chamada, que é onde o negócio avança ou trava.',
      landmines: ['O Agendor dá alguma ajuda durante a ligação?', 'Quanto da reunião fica registrado depois, e por quem?', 'Como vocês sabem por que um negócio foi perdido?'],
      proofPoints: ['Dicas ao vivo por objeção e concorrente', 'Resumo e próximos passos prontos ao fim da chamada', 'Funciona com qualquer aplicativo de chamada'],
      talkTrack: 'Mantenham o Agendor para o funil. Nós ajudamos na conversa em si e deixamos o resumo pronto. Por que vocês perderam o último negócio que parecia certo?',
    },
    en: {
      positioning: 'Agendor is a simple CRM for Brazilian sales teams; we help the rep inside the call, where a deal moves forward or stalls.',
      landmines: ['Does Agendor give any help during the call?', 'How much of the meeting gets logged afterwards, and by whom?', 'How do you know why a deal was lost?'],
      proofPoints: ['Live hints per objection and competitor', 'Summary and next steps ready when the call ends', 'Works with any call app'],
      talkTrack: 'Keep Agendor for the pipeline. We help in the conversation itself and leave the summary ready. Why did you lose the last deal that looked certain?',
    },
  },
];

export const BUNDLED_BATTLECARDS: BundledBattlecard[] = ENTRIES.flatMap((e) =>
  (['pt', 'en'] as const).map((language) => ({ competitor: e.competitor, language, aliases: e.aliases, ...e[language] })),
);

export const bundledBattlecardId = (competitor: string, language: SpokenLanguage): string => `battlecard:${competitor}:${language}`;
