/**
 * How many tokens Whisper decodes for a text, without a real model's vocabulary (random-weight
 * benchmark models carry a placeholder one). Whisper's tokenizer is GPT-2's byte-level BPE:
 * exactly so for the English-only models, and the multilingual models use a GPT-2-style BPE that
 * needs fewer tokens for Portuguese, so this is the real count or an over-count. js-tiktoken's
 * GPT-2 ranks, loaded on first use.
 */
import { Tiktoken } from 'js-tiktoken/lite';
import gpt2 from 'js-tiktoken/ranks/gpt2';

let encoder: Tiktoken | null = null;

/** Text tokens of `text` as Whisper would decode it after the start-of-transcript tokens (a leading space, as Whisper emits). */
export function whisperTextTokens(text: string): number {
  const t = text.trim();
  if (!t) return 0;
  encoder ??= new Tiktoken(gpt2);
  return encoder.encode(` ${t}`).length;
}
