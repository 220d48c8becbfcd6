import { describe, expect, it } from 'vitest';
import { deviceName } from './device-name.ts';

describe('deviceName', () => {
  it('names common browsers and systems, and falls back to the raw agent or "unknown"', () => {
    expect(
      deviceName(
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36',
        '?',
      ),
    ).toBe('Chrome · Linux');
    expect(
      deviceName(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Mobile/15E148 Safari/604.1',
        '?',
      ),
    ).toBe('Safari · iOS');
    expect(deviceName('curl/8.5.0', '?')).toBe('curl/8.5.0');
    expect(deviceName(null, 'Unknown device')).toBe('Unknown device');
  });
});
