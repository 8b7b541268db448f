/** Renders the bench's one table (and its header and notes) as Markdown. */
import type { Row } from './util.js';

export interface Machine {
  cpus: string;
  memory: string;
  node: string;
  chromium: string;
  os: string;
  /** 1-minute load average when the run started and when it ended. */
  load: string;
}

export interface Report {
  date: Date;
  machine: Machine;
  command: string;
  /** The commit measured, and whether the working tree had changes on top. */
  source: string;
  seconds: number;
  /** Names of the measurements that ran, when not all of them did. */
  only?: string[];
  rows: Row[];
  notes: string[];
}

/** Pipes and newlines would break a table cell. */
const cell = (s: string | undefined) => (s ?? '').replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

export function renderTable(rows: readonly Row[]): string {
  const lines = ['| Area | Measurement | Result | Details |', '| --- | --- | --- | --- |'];
  for (const r of rows)
    lines.push(`| ${cell(r.area)} | ${cell(r.metric)} | ${cell(r.value)} | ${cell(r.detail)} |`);
  return lines.join('\n');
}

export function renderReport(r: Report): string {
  const m = r.machine;
  const out = [
    '# billink-checkout bench results',
    '',
    ...(r.only
      ? [
          `> **Partial run: only ${r.only.join(', ')}** (\`--only\`). The other measurements were not run; ` +
            'run `npm run bench` for all of them.',
          '',
        ]
      : []),
    `- Date: ${r.date.toISOString()}`,
    `- Machine: ${m.cpus}; ${m.memory} RAM; ${m.os}`,
    `- Node ${m.node}; Chromium ${m.chromium}`,
    `- Load average (1 min) at start / end: ${m.load} — other work on the machine shows up in the figures`,
    `- Source: ${r.source}`,
    `- Command: \`${r.command}\` (${r.seconds.toFixed(0)} s)`,
    '',
    'Every figure below comes from this run; nothing is copied from an earlier one.',
    '',
    renderTable(r.rows),
    '',
    '## How each figure was measured',
    '',
    ...r.notes.map((n) => `- ${n}`),
    '',
  ];
  return out.join('\n');
}
