// The React 19 and Vue 3 examples type-check against src/jsx.d.ts, and the types bite: the
// wrong-props fixtures fail exactly where their `@ts-expect-error` lines say.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import ts from 'typescript';

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
});
