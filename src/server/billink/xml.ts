/**
 * Legacy XML in and out, only through fast-xml-parser: the builder escapes text, so a shopper's
 * name can never become markup, and the parser keeps every value as text so zero-padded codes
 * ("001") and invoice numbers survive unchanged.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

/** An XML element's content: text, a nested element map, or a list of repeated elements. */
export type XmlValue = string | XmlElement | readonly XmlElement[];
export interface XmlElement {
  readonly [tag: string]: XmlValue | undefined;
}

const builder = new XMLBuilder({
  ignoreAttributes: true,
  processEntities: true,
  suppressEmptyNode: false,
  format: false,
});

// INVOICE is a list only inside INVOICES: the order answer's MSG/INVOICE is a single invoice number.
function isListTag(tagName: string, jPath: unknown): boolean {
  if (tagName === 'ITEM') return true;
  return tagName === 'INVOICE' && typeof jPath === 'string' && jPath.endsWith('INVOICES.INVOICE');
}

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  jPath: true,
  isArray: (tagName, jPath) => isListTag(tagName, jPath),
});

/** `<API>…</API>` with the fields in insertion order; undefined fields are left out. */
export function buildApiXml(fields: XmlElement): string {
  return builder.build({ API: dropUndefined(fields) }) as string;
}

function dropUndefined(element: XmlElement): XmlElement {
  const out: Record<string, XmlValue> = {};
  for (const [tag, value] of Object.entries(element)) {
    if (value === undefined) continue;
    if (typeof value === 'string') out[tag] = value;
    else if (isElementList(value)) out[tag] = value.map(dropUndefined);
    else out[tag] = dropUndefined(value);
  }
  return out;
}

function isElementList(value: XmlValue): value is readonly XmlElement[] {
  return Array.isArray(value);
}

/**
 * Parses a Billink XML answer. Returns undefined for anything that is not well-formed XML with an
 * `<API>` root element (HTML error pages, JSON, empty bodies).
 */
export function parseApiXml(text: string): XmlElement | undefined {
  if (text.trim() === '') return undefined;
  if (XMLValidator.validate(text) !== true) return undefined;
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch {
    return undefined;
  }
  const api = asElement(asElement(doc)?.API);
  return api;
}

/** Narrow to an element map (not text, not a list). */
export function asElement(value: unknown): XmlElement | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as XmlElement)
    : undefined;
}

/** Text content of `element[tag]`, or undefined when missing or not text. */
export function textOf(element: XmlElement | undefined, tag: string): string | undefined {
  const value = element?.[tag];
  return typeof value === 'string' ? value : undefined;
}

/** The repeated children `element[listTag][itemTag]` (e.g. STATUSES/ITEM), [] when absent. */
export function listOf(
  element: XmlElement | undefined,
  listTag: string,
  itemTag: string,
): XmlElement[] {
  const list = asElement(element?.[listTag]);
  const items = list?.[itemTag];
  if (Array.isArray(items)) return items.filter((x): x is XmlElement => asElement(x) !== undefined);
  const single = asElement(items);
  return single ? [single] : [];
}
