import { html, nothing, type TemplateResult } from 'lit';
import type { TFunction } from 'i18next';
import { fieldKey, type CustomerData, type FormIssue } from '../../flow/index.js';

interface Field {
  /** The path in CustomerData (`billingAddress.postalCode`). */
  name: string;
  type?: string;
  /** Standard autofill token (house number and extension have none). */
  auto?: string;
  /** Private (`p`) or business (`b`) customers only. */
  only?: string;
  optional?: boolean;
  numeric?: boolean;
  wide?: boolean;
}

const FIELDS: Field[] = [
  { name: 'firstName', auto: 'given-name' },
  { name: 'lastName', auto: 'family-name' },
  // No maxlength anywhere: the browser would cut pasted text silently; the rules say what is too long.
  { name: 'company', auto: 'organization', only: 'b', wide: true },
  { name: 'cocNumber', only: 'b', numeric: true },
  { name: 'vatNumber', only: 'b', optional: true },
  { name: 'birthdate', type: 'date', auto: 'bday', only: 'p' },
  { name: 'email', type: 'email', auto: 'email' },
  { name: 'phone', type: 'tel', auto: 'tel' },
  { name: 'billingAddress.street', auto: 'address-line1', wide: true },
  { name: 'billingAddress.houseNumber', numeric: true },
  { name: 'billingAddress.houseExtension', optional: true },
  { name: 'billingAddress.postalCode', auto: 'postal-code' },
  { name: 'billingAddress.city', auto: 'address-level2' },
];

const leaf = (name: string) => name.split('.').pop()!;

function valueAt(data: CustomerData, name: string): string {
  const [head, tail] = name.split('.');
  const v = (data as Record<string, unknown>)[head!];
  const value = tail ? (v as Record<string, unknown> | undefined)?.[tail] : v;
  return typeof value === 'string' ? value : '';
}

/** Reads the form back into CustomerData (empty fields left out). */
export function readForm(form: HTMLFormElement): CustomerData {
  const data: Record<string, Record<string, string> | string> = {};
  for (const [name, value] of new FormData(form)) {
    const text = String(value).trim();
    const [head, tail] = name.split('.') as [string, string?];
    if (!text) continue;
    if (tail) data[head] = { ...(data[head] as object), [tail]: text };
    else data[head] = text;
  }
  return data as CustomerData;
}

/**
 * Billink's direct-mode form: what Billink requires for a private or business customer, labelled,
 * with autofill tokens, Billink's rules checked before sending, and each problem shown on its field
 * (`aria-invalid` + `aria-describedby`). Values come from `data`, so nothing typed is lost when a
 * request fails and the form renders again.
 */
export function customerForm(o: {
  t: TFunction;
  data: CustomerData;
  issues: readonly FormIssue[];
  /**
   * The proxy's own message for its field error, while it is in the language on screen: it says
   * it best. After a language switch the issue's code gives our text (or "check this field").
   */
  proxyIssue?: { field: string; message: string } | undefined;
  busy: boolean;
  onSubmit: (event: SubmitEvent) => void;
  onTypeChange: (event: Event) => void;
  onInput: (event: Event) => void;
}): TemplateResult {
  const { t, data } = o;
  const type = data.type === 'b' ? 'b' : 'p';
  const label = (name: string) => t(`form.${leaf(name)}`);
  return html`<form part="form" novalidate @submit=${o.onSubmit} @input=${o.onInput}>
    <fieldset ?disabled=${o.busy}>
      <legend>${t('form.legend')}</legend>
      <fieldset class="choice" @change=${o.onTypeChange}>
        <legend>${t('form.type')}</legend>
        ${['p', 'b'].map(
          (v) =>
            html`<label
              ><input
                type="radio"
                name="type"
                value=${v}
                .checked=${type === v}
              />${label(v)}</label
            >`,
        )}
      </fieldset>
      <div class="grid">
        ${FIELDS.map((f) => {
          if (f.only && f.only !== type) return nothing;
          const id = 'f-' + leaf(f.name);
          const issue = o.issues.find((i) => i.field === f.name || i.field === leaf(f.name));
          return html`<div class="field ${f.wide ? 'wide' : ''}" part="field">
            <label for=${id}>${label(f.name)}</label>
            <input
              id=${id}
              name=${f.name}
              type=${f.type ?? 'text'}
              autocomplete=${f.auto ?? 'on'}
              inputmode=${f.numeric ? 'numeric' : nothing}
              .value=${valueAt(data, f.name)}
              ?required=${!f.optional}
              aria-invalid=${!!issue}
              aria-describedby=${issue ? id + '-e' : nothing}
            />
            ${
              issue
                ? html`<p id="${id}-e" class="error" part="error">
                    ${
                      o.proxyIssue?.field === issue.field
                        ? o.proxyIssue.message
                        : t(fieldKey(issue.code), { defaultValue: t('flow.field.invalid_field') })
                    }
                  </p>`
                : nothing
            }
          </div>`;
        })}
        <div class="field" part="field">
          <label for="f-country">${label('countryCode')}</label>
          <select id="f-country" name="billingAddress.countryCode" autocomplete="country">
            ${['NL', 'BE'].map(
              (c) =>
                html`<option
                  value=${c}
                  ?selected=${valueAt(data, 'billingAddress.countryCode') === c}
                >
                  ${label(c)}
                </option>`,
            )}
          </select>
        </div>
      </div>
    </fieldset>
    <button part="button" ?disabled=${o.busy} aria-busy=${o.busy}>${t('ui.continue')}</button>
  </form>`;
}
