import { describe, expect, it } from 'vitest';
import { sniffImage } from './school.service.ts';

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]);

describe('sniffImage', () => {
  it('recognises PNG and JPEG by their first bytes', () => {
    expect(sniffImage(png)).toBe('image/png');
    expect(sniffImage(jpeg)).toBe('image/jpeg');
  });

  it('refuses anything else, whatever it claims to be', () => {
    expect(sniffImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'))).toBeNull();
    expect(sniffImage(Buffer.from('GIF89a......'))).toBeNull();
    expect(sniffImage(Buffer.from('%PDF-1.7\n'))).toBeNull();
    expect(sniffImage(Buffer.alloc(0))).toBeNull();
    // A PNG signature with one byte wrong, and one cut short.
    const broken = Buffer.from(png);
    broken[3] = 0x48;
    expect(sniffImage(broken)).toBeNull();
    expect(sniffImage(png.subarray(0, 8))).toBeNull();
    expect(sniffImage(jpeg.subarray(0, 3))).toBeNull();
  });
});
