/**
 * Turns a legacy XML answer into its `<API>` and `<MSG>` elements or a BillinkError. Billink answers
 * errors with HTTP 200 and `<RESULT>ERROR</RESULT><ERROR><CODE/><DESCRIPTION/></ERROR>`, and
 * Magento treats any RESULT other than MSG as failure; we do the same. `MSG/CODE` is not required
 * here: real Credit and Payment answers carry only per-invoice items (reference §11), so each
 * reader decides whether it needs the code.
 */
import { BillinkError } from './errors.js';
import type { EndpointName } from './endpoints.js';
import { asElement, parseApiXml, textOf, type XmlElement } from './xml.js';

export interface LegacyAnswer {
  api: XmlElement;
  msg: XmlElement;
  /** MSG/CODE, kept as text ("001" stays "001"); absent in real Credit/Payment answers. */
  code: string | undefined;
  description: string;
}

export function interpretXml(
  operation: EndpointName,
  httpStatus: number,
  text: string,
): LegacyAnswer {
  const api = parseApiXml(text);
  if (!api) {
    if (httpStatus >= 400) throw httpError(operation, httpStatus);
    throw new BillinkError({
      code: 'malformed_response',
      description: 'answer is not <API> XML',
      operation,
      httpStatus,
    });
  }

  const result = textOf(api, 'RESULT');
  const error = asElement(api.ERROR);
  if (result !== 'MSG' || error || httpStatus >= 400) {
    const code = textOf(error, 'CODE');
    if (!code && httpStatus >= 400) throw httpError(operation, httpStatus);
    throw new BillinkError({
      code: code || (result === undefined ? 'malformed_response' : 'api_error'),
      description:
        textOf(error, 'DESCRIPTION') ||
        (result === undefined ? 'answer has no RESULT' : `RESULT ${result}`),
      operation,
      httpStatus,
    });
  }

  const msg = asElement(api.MSG);
  if (!msg) {
    throw new BillinkError({
      code: 'malformed_response',
      description: 'answer has no MSG',
      operation,
      httpStatus,
    });
  }
  return {
    api,
    msg,
    code: textOf(msg, 'CODE') || undefined,
    description: textOf(msg, 'DESCRIPTION') ?? '',
  };
}

function httpError(operation: EndpointName, httpStatus: number): BillinkError {
  return new BillinkError({
    code: `http_${httpStatus}`,
    description: `HTTP ${httpStatus}`,
    operation,
    httpStatus,
  });
}
