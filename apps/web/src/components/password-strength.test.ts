import { describe, expect, it } from 'vitest';
import { passwordStrength } from './password-strength.ts';

describe('passwordStrength', () => {
  it('grows with length and variety and punishes the obvious', () => {
    expect(passwordStrength('short')).toBe('weak');
    expect(passwordStrength('password123')).toBe('weak');
    expect(passwordStrength('aaaaaaaaaaaa')).toBe('weak');
    expect(passwordStrength('kitchenx')).toBe('fair');
    expect(passwordStrength('Kitchen7x!')).toBe('good');
    expect(passwordStrength('correct horse battery staple')).toBe('strong');
  });
});
