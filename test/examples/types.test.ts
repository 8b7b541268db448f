// The React 19 and Vue 3 examples type-check against src/jsx.d.ts, and the types bite: the
// wrong-props fixtures fail exactly where their `@ts-expect-error` lines say.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import ts from 'typescript';
import { analyze, readApi } from '../../scripts/jsx-types.js';

const require = createRequire(import.meta.url);
const CONFIG = resolve('examples/tsconfig.json');
const MARKER = /^\s*\/\/ @ts-expect-error/;
const FIXTURES = ['examples/react/wrong-props.fixture.tsx', 'examples/vue/wrong-props.fixture.ts'];

describe('React and Vue examples: types', () => {
  it('tsc -p examples/tsconfig.json passes (examples, and every @ts-expect-error is used)', () => {
    const r = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', CONFIG], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  it('the check covers the examples and the fixtures', () => {
    const r = spawnSync(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-p', CONFIG, '--listFilesOnly'],
      { encoding: 'utf8' },
    );
    const files = r.stdout.split('\n').map((f) => f.trim());
    for (const f of [
      'examples/react/CheckoutStep.tsx',
      'examples/vue/checkout-step.ts',
      'src/jsx.d.ts',
      ...FIXTURES,
    ]) {
      assert.ok(files.includes(resolve(f)), `${f} not in the program:\n${r.stdout}`);
    }
  });

  it('without the @ts-expect-error comments, each marked line of the fixtures fails', () => {
    const parsed = ts.getParsedCommandLineOfConfigFile(
      CONFIG,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(String(d.messageText)),
      },
    )!;
    const stripped = new Map<string, string>();
    const expected = new Map<string, number[]>();
    for (const f of FIXTURES) {
      const path = resolve(f);
      const lines = readFileSync(path, 'utf8').split('\n');
      // The error belongs to the line after each marker (0-based index of the marker + 1).
      expected.set(
        path,
        lines.flatMap((l, i) => (MARKER.test(l) ? [i + 1] : [])),
      );
      stripped.set(path, lines.map((l) => l.replace(MARKER, '//')).join('\n'));
    }
    const host = ts.createCompilerHost(parsed.options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, languageVersion, ...rest) => {
      const text = stripped.get(resolve(name));
      return text === undefined
        ? getSourceFile(name, languageVersion, ...rest)
        : ts.createSourceFile(name, text, languageVersion, true);
    };
    const program = ts.createProgram(parsed.fileNames, parsed.options, host);
    for (const [path, lines] of expected) {
      assert.ok(lines.length >= 5, `${path}: expected several wrong-prop cases`);
      const file = program.getSourceFile(path)!;
      const errorLines = new Set(
        program
          .getSemanticDiagnostics(file)
          .map((d) => file.getLineAndCharacterOfPosition(d.start ?? 0).line),
      );
      for (const line of lines) {
        assert.ok(errorLines.has(line), `${path}:${line + 1} should fail to type-check`);
      }
      assert.equal(errorLines.size, lines.length, `${path}: errors outside the marked lines`);
    }
  });

  it('every attribute, property and event in custom-elements.json is typed: right values pass, wrong ones fail', () => {
    const manifest = analyze();
    const apis = readApi(manifest);
    const members = new Map(
      manifest.modules
        .flatMap((m) => m.declarations ?? [])
        .filter((d) => d.tagName)
        .map((d) => [d.tagName!, new Map((d.members ?? []).map((m) => [m.name, m]))]),
    );
    /** A value of the field's type and one of another type, from its manifest type (and default). */
    const samples = (tag: string, field: string): [ok: string, wrong: string] => {
      const m = members.get(tag)!.get(field)!;
      const type = (m.type?.text ?? '').replace(/ \| undefined$/, '');
      const literal = (m as { default?: string }).default;
      if (type === 'string') return ["'x'", '42'];
      if (type === 'number') return ['1', "'14'"];
      if (type === 'boolean') return ['true', "'yes'"];
      if (type === 'CustomerData') return ["{ email: 'a@b.nl' }", '42'];
      // Literal unions and their aliases (TextVariant, BadgeStyle): the default is one of them.
      assert.ok(literal && /^'[^']+'$/.test(literal), `${tag}.${field}: no sample for ${type}`);
      return [literal, "'not-a-value'"];
    };
    const lines = [
      "import type { BillinkBadgeVueProps, BillinkCheckoutVueProps } from 'billink-checkout/jsx';",
      'export const cases: unknown[] = [];',
    ];
    const wrong: number[] = [];
    const add = (code: string, fails: boolean) => {
      if (fails) wrong.push(lines.length);
      lines.push(code);
    };
    for (const api of apis) {
      const vue =
        api.tag === 'billink-checkout' ? 'BillinkCheckoutVueProps' : 'BillinkBadgeVueProps';
      const names = [
        ...api.attributes.map((a) => [a.name, a.field] as const),
        ...api.properties.map((p) => [p, p] as const),
      ];
      assert.ok(names.length >= 4, `${api.tag}: the manifest lists its attributes`);
      for (const [name, field] of names) {
        const [ok, bad] = samples(api.tag, field);
        add(`cases.push(<${api.tag} ${name}={${ok}} />);`, false);
        add(`cases.push(<${api.tag} ${name}={${bad}} />);`, true);
        add(`cases.push({ '${name}': ${ok} } satisfies ${vue});`, false);
        add(`cases.push({ '${name}': ${bad} } satisfies ${vue});`, true);
      }
      for (const event of api.events) {
        const vueName = 'on' + event.replace(/(^|-)(\w)/g, (_, _d, c: string) => c.toUpperCase());
        add(`cases.push(<${api.tag} on${event}={(e) => e.detail} />);`, false);
        add(`cases.push({ ${vueName}: (e: CustomEvent) => e.detail } satisfies ${vue});`, false);
        add(`cases.push({ ${vueName}: (e: KeyboardEvent) => e.key } satisfies ${vue});`, true);
      }
    }
    // The element's own read-only attributes are not for the shop to set.
    add("cases.push({ state: 'approved' } satisfies BillinkCheckoutVueProps);", true);

    const parsed = ts.getParsedCommandLineOfConfigFile(
      CONFIG,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(String(d.messageText)),
      },
    )!;
    const virtual = resolve('examples/react/manifest-cases.fixture.tsx');
    const host = ts.createCompilerHost(parsed.options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, languageVersion, ...rest) =>
      resolve(name) === virtual
        ? ts.createSourceFile(name, lines.join('\n'), languageVersion, true)
        : getSourceFile(name, languageVersion, ...rest);
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (name) => resolve(name) === virtual || fileExists(name);
    const program = ts.createProgram([...parsed.fileNames, virtual], parsed.options, host);
    const file = program.getSourceFile(virtual)!;
    const errorLines = [
      ...new Set(
        program
          .getSemanticDiagnostics(file)
          .map((d) => file.getLineAndCharacterOfPosition(d.start ?? 0).line),
      ),
    ].sort((a, b) => a - b);
    const show = (n: number[]) => n.map((i) => `${i + 1}: ${lines[i]}`).join('\n');
    assert.deepEqual(show(errorLines), show(wrong));
  });
});
