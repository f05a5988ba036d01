import { describe, expect, it } from 'vitest';
import { uniqueName } from '../../../analysis/edit/unique-name.js';

describe('uniqueName', () => {
  it('takes the base when free, else the first free numbered name', () => {
    expect(uniqueName('createPrismaClient', new Set(['prisma']))).toBe('createPrismaClient');
    expect(uniqueName('withRetry', new Set(['withRetry']))).toBe('withRetry2');
    expect(uniqueName('withRetry', new Set(['withRetry', 'withRetry2', 'withRetry3']))).toBe('withRetry4');
  });
});
