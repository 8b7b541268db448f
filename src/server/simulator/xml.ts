/**
 * Legacy (v1) XML envelope: parse requests and build answers with fast-xml-parser only, so every
 * value is text (escaped on the way out, unescaped on the way in) and never markup.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

/** Repeated elements that are lists even when a message carries just one (requests and answers). */
const ARRAY_PATHS = new Set([
  'API.ORDERITEMS.ITEM',
  'API.INVOICES.ITEM',
  'API.MSG.STATUSES.ITEM',
  'API.MSG.INVOICES.ITEM',
  'API.MSG.INVOICES.INVOICE',
]);

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (_name, jpath) => ARRAY_PATHS.has(String(jpath)),
});

const builder = new XMLBuilder({
  ignoreAttributes: false,
  format: false,
  suppressEmptyNode: false,
});

/** A parsed element: text, a nested element, or a list of either (repeated tags). */
export type XmlNode = string | XmlElement | XmlNode[];
export interface XmlElement {
  [tag: string]: XmlNode;
}

export type ParsedEnvelope = { ok: true; api: XmlElement } | { ok: false; reason: string };

/** Parses `<API>…</API>`. DOCTYPE/ENTITY declarations are refused (no entity expansion games). */
export function parseEnvelope(text: string): ParsedEnvelope {
  if (!text.trim()) return { ok: false, reason: 'empty body' };
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) return { ok: false, reason: 'DOCTYPE not allowed' };
  const valid = XMLValidator.validate(text);
  if (valid !== true) return { ok: false, reason: valid.err.msg };
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : 'parse error' };
  }
  if (!isElement(doc)) return { ok: false, reason: 'no root' };
  const api = doc['API'];
  if (api === '') return { ok: true, api: {} };
  if (!isElement(api)) return { ok: false, reason: 'root element API missing' };
  return { ok: true, api };
}

export function isElement(node: unknown): node is XmlElement {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}

/**
 * Text of a child element. Missing → `undefined`; an element that is repeated or has children
 * (e.g. an injection attempt that smuggled a second `<ACTION>`) → `null`, which callers treat as
 * malformed rather than picking one of the values.
 */
export function text(el: XmlElement, tag: string): string | undefined | null {
  const v = el[tag];
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  return null;
}

/** Text of a child or `''` (missing and malformed both count as blank). */
export function textOr(el: XmlElement, tag: string): string {
  const v = text(el, tag);
  return typeof v === 'string' ? v : '';
}

/** The `ITEM` list under `<listTag>`; `[]` when absent or empty. */
export function items(api: XmlElement, listTag: 'ORDERITEMS' | 'INVOICES'): XmlElement[] {
  const list = api[listTag];
  if (!isElement(list)) return [];
  const raw = list['ITEM'];
  if (!Array.isArray(raw)) return [];
  return raw.map((item) => (isElement(item) ? item : {}));
}

/** Values in an answer: text, nested objects, or lists rendered as repeated tags. */
export type XmlOut = string | number | XmlOutObject | XmlOutObject[];
export interface XmlOutObject {
  [tag: string]: XmlOut;
}

function build(api: XmlOutObject): string {
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    API: api,
  }) as string;
}

/** `<API><RESULT>MSG</RESULT><MSG><CODE/><DESCRIPTION/>…msgExtra</MSG>…topExtra</API>` */
export function xmlMsg(
  code: string | undefined,
  description: string | undefined,
  msgExtra: XmlOutObject = {},
  topExtra: XmlOutObject = {},
): string {
  // Real Credit and Payment answers carry only their items: `code` undefined leaves CODE out.
  const msg: XmlOutObject = code === undefined ? {} : { CODE: code };
  if (description !== undefined) msg['DESCRIPTION'] = description;
  return build({ RESULT: 'MSG', MSG: { ...msg, ...msgExtra }, ...topExtra });
}

/** `<API><RESULT>ERROR</RESULT><ERROR><CODE/><DESCRIPTION/></ERROR></API>` */
export function xmlError(code: string, description: string): string {
  return build({ RESULT: 'ERROR', ERROR: { CODE: code, DESCRIPTION: description } });
}

/** Builds an arbitrary request envelope; used by tests and handy for callers exploring the API. */
export function buildEnvelope(api: XmlOutObject): string {
  return build(api);
}
