import { describe, expect, it } from 'vitest';
import { fieldMessage } from '../errors.ts';
import { creditPoints, frameworkLevel } from './catalogue.ts';
import { phone, website } from './partners.ts';
import { ruleUpdateRow } from './rules.ts';

describe('register field schemas', () => {
  it('website: adds https:// to a bare address, keeps empty, refuses other schemes', () => {
    expect(website.parse('www.example.lv')).toBe('https://www.example.lv');
    expect(website.parse('http://example.lv')).toBe('http://example.lv');
    expect(website.parse('  ')).toBe('');
    expect(website.safeParse('ftp://example.lv').success).toBe(false);
  });

  it('credit points: a decimal comma, empty as 0, at most two decimals', () => {
    expect(creditPoints.parse('2,5')).toBe(2.5);
    expect(creditPoints.parse('')).toBe(0);
    expect(creditPoints.parse(3)).toBe(3);
    expect(creditPoints.safeParse('1,234').success).toBe(false);
    expect(creditPoints.safeParse('-1').success).toBe(false);
  });

  it('levels from a form field', () => {
    expect(frameworkLevel.parse('4')).toBe(4);
    expect(frameworkLevel.safeParse('9').success).toBe(false);
  });

  it('a rule’s minimum above its maximum is a problem of the maximum', () => {
    const result = ruleUpdateRow.safeParse({
      activityType: 'group_mobility',
      minDays: '31',
      maxDays: '30',
      minLearners: '2',
      needsAccompanyingStaff: true,
      graduateMonths: '',
      needsLinkedMobility: false,
    });
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0]!;
    expect(issue.path).toEqual(['maxDays']);
    expect(fieldMessage(issue as never, 'lv')).toBe(
      'Maksimālais dienu skaits nevar būt mazāks par minimālo.',
    );
  });
});

describe('fieldMessage for the registers', () => {
  it('a schema’s own key wins over the generic words of its code', () => {
    const issue = phone.safeParse('zvanīt').error!.issues[0]!;
    expect(fieldMessage(issue as never, 'en')).toBe('A phone number may have digits, spaces and + ( ) - . /');
  });
  it('numbers are measured as numbers, not characters', () => {
    expect(fieldMessage({ code: 'too_small', origin: 'number', minimum: 1 }, 'lv')).toBe('Jābūt vismaz 1.');
    expect(fieldMessage({ code: 'too_big', origin: 'number', maximum: 8 }, 'en')).toBe('Must be at most 8.');
    expect(fieldMessage({ code: 'too_small', origin: 'string', minimum: 1 }, 'en')).toBe(
      'This field is required.',
    );
  });
});
