import { describe, expect, it } from 'vitest';
import { externalLinkAllowed, linkHostsIn } from './links';

describe('links the app opens in the browser', () => {
  it('collects the hosts of https links in content, once each', () => {
    expect(linkHostsIn(['See https://www.Gong.io/pricing and (https://docs.acme.example/x?y=1).', 'http://plain.example is not https', 'https://www.gong.io/again'])).toEqual(['docs.acme.example', 'www.gong.io']);
    expect(linkHostsIn(['no links', ''])).toEqual([]);
  });

  it('opens https links to those hosts only', () => {
    const hosts = ['docs.acme.example', 'sync.acme.example'];
    expect(externalLinkAllowed('https://docs.acme.example/page', hosts)).toBe(true);
    expect(externalLinkAllowed('https://DOCS.acme.example/page', hosts)).toBe(true);
    for (const url of ['https://evil.example/', 'http://docs.acme.example/', 'file:///etc/passwd', 'javascript:alert(1)', 'https://user:pw@docs.acme.example/', 'https://docs.acme.example.evil.example/', 'not a url', 'smb://docs.acme.example/share']) {
      expect(externalLinkAllowed(url, hosts), url).toBe(false);
    }
  });
});
