import { describe, expect, it } from 'vitest';
import { type ChainedFields, canonicalJson, entryHash, GENESIS_HASH } from './chain.ts';

const fields: ChainedFields = {
  schoolId: '8d0f6c1e-7f53-4a53-9d0e-3f1c2b9a0001',
  actorId: '8d0f6c1e-7f53-4a53-9d0e-3f1c2b9a0002',
  actorEmail: 'admin@a.test',
  action: 'user.role_changed',
  entityType: 'user',
  entityId: '8d0f6c1e-7f53-4a53-9d0e-3f1c2b9a0003',
  before: { role: 'teacher' },
  after: { role: 'coordinator' },
  ip: '127.0.0.1',
  requestId: 'req-1',
  createdAt: '2026-03-01T10:00:00.000Z',
};

describe('canonicalJson', () => {
  it('sorts keys at every level, so the order jsonb gives them back does not matter', () => {
    const a = canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: 'ā' } });
    const b = canonicalJson({ a: { c: 'ā', d: [1, { y: 2, z: 1 }] }, b: 1 });
    expect(a).toBe('{"a":{"c":"ā","d":[1,{"y":2,"z":1}]},"b":1}');
    expect(b).toBe(a);
  });

  it('writes dates as ISO strings, leaves out undefined keys and keeps nulls and array order', () => {
    expect(canonicalJson({ at: new Date('2026-01-02T03:04:05.000Z'), gone: undefined, none: null })).toBe(
      '{"at":"2026-01-02T03:04:05.000Z","none":null}',
    );
    expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson('say "hi"')).toBe('"say \\"hi\\""');
  });
});

describe('entryHash', () => {
  it('is a SHA-256 hex digest that does not depend on key order', () => {
    const hash = entryHash(GENESIS_HASH, fields);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const reordered = Object.fromEntries(Object.entries(fields).reverse()) as unknown as ChainedFields;
    expect(entryHash(GENESIS_HASH, reordered)).toBe(hash);
    const nestedReordered = { ...fields, after: { role: 'coordinator' }, before: { role: 'teacher' } };
    expect(entryHash(GENESIS_HASH, nestedReordered)).toBe(hash);
  });

  it('changes when any field changes, and when the previous hash changes', () => {
    const hash = entryHash(GENESIS_HASH, fields);
    const changed: Partial<ChainedFields> = {
      schoolId: null,
      actorId: null,
      actorEmail: 'other@a.test',
      action: 'user.deactivated',
      entityType: 'school',
      entityId: null,
      before: { role: 'learner' },
      after: { role: 'admin' },
      ip: '10.0.0.1',
      requestId: 'req-2',
      createdAt: '2026-03-01T10:00:00.001Z',
    };
    for (const [key, value] of Object.entries(changed)) {
      expect(entryHash(GENESIS_HASH, { ...fields, [key]: value }), key).not.toBe(hash);
    }
    expect(Object.keys(changed).sort()).toEqual(Object.keys(fields).sort());
    expect(entryHash('1'.repeat(64), fields)).not.toBe(hash);
  });
});
