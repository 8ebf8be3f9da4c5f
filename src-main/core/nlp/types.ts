/** Contract of the text-intelligence layer (sentiment, objections, competitors). */
import type { ObjectionType } from '../../../src-shared/taxonomy';

export type SentimentLabel = 'negative' | 'neutral' | 'positive';

export type Analysis = {
  text: string;
  language: 'pt' | 'en';
  /** score in [-1, 1]: negative .. positive. */
  sentiment: { label: SentimentLabel; score: number };
  /** Objections above the confidence threshold, most confident first; empty means `none`. */
  objections: { type: ObjectionType; confidence: number }[];
  /** Competitors named (battlecard ids), robust to accents, case and ASR errors. */
  competitors: { id: string; name: string; confidence: number }[];
};

export type Analyzer = {
  analyze(text: string, options?: { language?: 'pt' | 'en' }): Promise<Analysis>;
  /** Replaces the watched competitors (battlecards edited or synced); optional for fakes. */
  setBattlecards?(battlecards: { id: string; competitor: string; aliases: string[] }[]): void;
  close(): Promise<void>;
};
