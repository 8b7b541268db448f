/**
 * A small, real PDF 1.4 invoice: one A4 page of Helvetica text, with a correct xref table so any
 * reader opens it. Hand-built (no dependency): the simulator only needs a document that is a PDF.
 */

/** PDF string literal: ASCII only (Helvetica's standard encoding), `\`, `(` and `)` escaped. */
function pdfText(text: string): string {
  const ascii = text.normalize('NFKD').replace(/[^\x20-\x7e]/g, '');
  return `(${ascii.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

/** Builds a one-page PDF showing `lines` top to bottom; the first line is the title. */
export function invoicePdf(lines: readonly string[]): Uint8Array<ArrayBuffer> {
  const [title = '', ...rest] = lines;
  const content = [
    'BT',
    '/F1 18 Tf',
    '56 780 Td',
    `${pdfText(title)} Tj`,
    '/F1 11 Tf',
    '0 -30 Td',
    ...rest.flatMap((line) => [`${pdfText(line)} Tj`, '0 -16 Td']),
    'ET',
  ].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  // Everything above is ASCII, so string offsets are byte offsets.
  return new TextEncoder().encode(out);
}
