import { describe, expect, it } from 'vitest';
import { cleanFilename, kindOfName, sniffKind } from './files.ts';

const zipEntry = (name: string, content = '') => {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(name.length, 26);
  return Buffer.concat([header, Buffer.from(name, 'latin1'), Buffer.from(content, 'latin1')]);
};

describe('diary files', () => {
  it('reads the kind from the bytes', () => {
    expect(sniffKind(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('jpeg');
    expect(sniffKind(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('png');
    expect(sniffKind(Buffer.from('RIFF\x00\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe('webp');
    expect(sniffKind(Buffer.from('\x00\x00\x00\x18ftypheic\x00\x00\x00\x00', 'latin1'))).toBe('heic');
    expect(sniffKind(Buffer.from('%PDF-1.7\n'))).toBe('pdf');
    expect(sniffKind(zipEntry('mimetype', 'application/vnd.oasis.opendocument.text'))).toBe('odt');
    expect(sniffKind(Buffer.concat([zipEntry('[Content_Types].xml'), zipEntry('word/document.xml')]))).toBe(
      'docx',
    );
  });

  it('refuses what is not allowed, whatever it is called', () => {
    expect(sniffKind(Buffer.from('MZ\x90\x00'))).toBeNull();
    expect(sniffKind(Buffer.from('<html><script>'))).toBeNull();
    expect(sniffKind(zipEntry('evil.exe'))).toBeNull();
    expect(sniffKind(Buffer.alloc(0))).toBeNull();
  });

  it('reads the claimed kind from the extension and cleans names', () => {
    expect(kindOfName('Foto.JPG')).toBe('jpeg');
    expect(kindOfName('scan.heif')).toBe('heic');
    expect(kindOfName('report.exe')).toBeNull();
    expect(kindOfName('noextension')).toBeNull();
    expect(cleanFilename('C:\\Users\\x\\"atskaite"\n.pdf')).toBe('atskaite.pdf');
    expect(cleanFilename('../../')).toBe('file');
  });
});
