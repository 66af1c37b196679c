// `cassa audit verify` walks the audit chains (all, or one entity's) and names the first record of
// each broken chain; exit code 1 when any chain is broken, so a cron job or a restore drill can act.
import { type Command, parse, UsageError } from '../../cli/runtime.ts';
import { verifyAuditChains } from './audit-verify.ts';

export const auditCommands: Command[] = [
  {
    name: 'audit verify',
    usage: 'audit verify [--entity CF] [--json]',
    summary: 'Check the audit chains: report the first changed, removed, inserted or reordered record',
    async run(ctx) {
      const { values, positionals } = parse(ctx.args, { entity: { type: 'string' } });
      if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
      const services = await ctx.services();
      const entity = values.entity ? await services.entities.require(values.entity) : undefined;
      const report = await verifyAuditChains(services.database.db, entity ? { entityId: entity.id } : {});
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
];
