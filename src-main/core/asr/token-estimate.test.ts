import { describe, expect, it } from 'vitest';
import { whisperTextTokens } from './token-estimate';

describe('whisperTextTokens', () => {
  it("counts GPT-2 BPE tokens the way Whisper's English tokenizer does", () => {
    expect(whisperTextTokens('')).toBe(0);
    expect(whisperTextTokens('go forward ten meters')).toBe(4);
    expect(whisperTextTokens('  eight of spades four of clubs seven of hearts ')).toBe(10);
    // Portuguese splits into more pieces than words (an upper bound for the multilingual models).
    const pt = 'a gente já usa o HubSpot e está caro demais pra nós';
    expect(whisperTextTokens(pt)).toBeGreaterThan(pt.split(' ').length);
  });
});
