// `cassa audit verify` walks the audit chains (all, or one entity's) and names the first record of
// each broken chain; exit code 1 when any chain is broken, so a cron job or a restore drill can act.
// `cassa audit heads` prints every chain's head, to be kept outside the database (signed, on another
// host): `verify --anchor FILE` then also finds a chain rewritten by someone who recomputed its hashes.
import { readFile } from 'node:fs/promises';
import { type Command, parse, UsageError } from '../../cli/runtime.ts';
import type { ChainAnchor } from './audit-verify.ts';

async function readAnchors(file: string): Promise<ChainAnchor[]> {
  const parsed = JSON.parse(await readFile(file, 'utf8')) as { chains?: unknown };
  const ok = (a: unknown): a is ChainAnchor =>
    typeof a === 'object' &&
    a !== null &&
    typeof (a as ChainAnchor).chain === 'string' &&
    Number.isInteger((a as ChainAnchor).seq) &&
    /^[0-9a-f]{64}$/.test(String((a as ChainAnchor).hash));
  if (!Array.isArray(parsed.chains) || !parsed.chains.every(ok)) {
    throw new UsageError(`${file} is not the output of "cassa audit heads --json"`);
  }
  return parsed.chains;
}

export const auditCommands: Command[] = [
  {
    name: 'audit verify',
    usage: 'audit verify [--entity CF] [--anchor FILE] [--json]',
    summary: 'Check the audit chains: report the first changed, removed, inserted or reordered record',
    async run(ctx) {
      const { values, positionals } = parse(ctx.args, { entity: { type: 'string' }, anchor: { type: 'string' } });
      if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
      const anchors = values.anchor ? await readAnchors(values.anchor) : undefined;
      const [services, { verifyAuditChains }] = await Promise.all([ctx.services(), import('./audit-verify.ts')]);
      const entity = values.entity ? await services.entities.require(values.entity) : undefined;
      const report = await verifyAuditChains(services.database.db, {
        ...(entity && { entityId: entity.id }),
        ...(anchors && { anchors }),
      });
      const lines = report.ok
        ? [`Audit chains intact: ${report.records} records in ${report.chains} chain(s).`]
        : [
            `Audit chains BROKEN: ${report.breaks.length} of ${report.chains} chain(s).`,
            ...report.breaks.map(
              (b) =>
                `  chain ${b.entityId ?? '(no entity)'}: ${b.kind} at record ${b.seq ?? '-'}` +
                `${b.auditId === null ? '' : ` (audit id ${b.auditId})`}: ${b.detail}`,
            ),
          ];
      ctx.print(report, lines.join('\n'));
      return report.ok ? 0 : 1;
    },
  },
  {
    name: 'audit heads',
    usage: 'audit heads [--json]',
    summary: 'Print every audit chain head, to keep outside the database as an anchor',
    async run(ctx) {
      const { positionals } = parse(ctx.args, {});
      if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
      const [database, { chainAnchors }] = await Promise.all([ctx.database(), import('./audit-verify.ts')]);
      const chains = await chainAnchors(database.db);
      const at = new Date().toISOString();
      ctx.print(
        { at, chains },
        [`Audit chain heads at ${at}:`, ...chains.map((c) => `  ${c.chain} ${c.seq} ${c.hash}`)].join('\n'),
      );
      return 0;
    },
  },
];
