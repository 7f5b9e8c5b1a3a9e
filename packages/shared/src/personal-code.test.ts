import { describe, expect, it } from 'vitest';
import { checkPersonalCode, maskPersonalCode, normalisePersonalCode } from './personal-code.ts';

describe('checkPersonalCode', () => {
  it('accepts old-format codes and reads the birth date from them', () => {
    expect(checkPersonalCode('290156-11605')).toEqual({
      ok: true,
      code: '290156-11605',
      format: 'old',
      dateOfBirth: '1956-01-29',
    });
    expect(checkPersonalCode('18056505610')).toMatchObject({ ok: true, code: '180565-05610' });
    // a sum whose check comes to 10 is written 0
    expect(checkPersonalCode('061193-06460')).toMatchObject({ ok: true, dateOfBirth: '1893-11-06' });
    expect(checkPersonalCode('010107-20007')).toMatchObject({ ok: true, dateOfBirth: '2007-01-01' });
  });

  it('accepts new-format codes, which carry no date', () => {
    for (const code of ['323691-93794', '32073120115', '321412-91101', '323106-55350']) {
      expect(checkPersonalCode(code)).toMatchObject({ ok: true, format: 'new', dateOfBirth: null });
    }
  });

  it('names what is wrong', () => {
    expect(checkPersonalCode('290156-11606')).toEqual({ ok: false, problem: 'personal_code_checksum' });
    expect(checkPersonalCode('180565-05611')).toEqual({ ok: false, problem: 'personal_code_checksum' });
    expect(checkPersonalCode('12345')).toEqual({ ok: false, problem: 'personal_code_format' });
    expect(checkPersonalCode('2901561160A')).toEqual({ ok: false, problem: 'personal_code_format' });
    // 30 February, with a correct check digit
    expect(checkPersonalCode('300201-10002')).toEqual({ ok: false, problem: 'personal_code_date' });
  });
});

describe('the written form', () => {
  it('puts the dash back and masks all but the last two digits', () => {
    expect(normalisePersonalCode(' 290156 11605 ')).toBe('290156-11605');
    expect(maskPersonalCode('290156-11605')).toBe('●●●●●●-●●●05');
  });
});
