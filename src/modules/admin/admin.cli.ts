// `cassa admin-key ...`: the installation's admin credential (ADR 0029) from the command line —
// rotate it (or create it, when the first start was told not to), and see which one is in use.
import { type Command, parse } from '../../cli/runtime.ts';

export const adminKeyCommands: Command[] = [
  {
    name: 'admin-key rotate',
    usage: 'admin-key rotate [--json]',
    summary: 'Replace the admin credential with a new one (shown once); creates it when there is none',
    async run(ctx) {
      parse(ctx.args, {});
      const rotated = await (await ctx.services()).admin.rotate(ctx.actor);
      ctx.print(
        { ...rotated, createdAt: rotated.createdAt.toISOString(), rotatedAt: rotated.rotatedAt?.toISOString() ?? null },
        `Admin credential:\n\n  ${rotated.key}\n\nStore it now: Cassa keeps only its hash and cannot show it again. The previous one is refused from now on.`,
      );
    },
  },
  {
    name: 'admin-key show',
    usage: 'admin-key show [--json]',
    summary: 'Show the prefix and dates of the admin credential (never its secret)',
    async run(ctx) {
      parse(ctx.args, {});
      const info = await (await ctx.services()).admin.info();
      ctx.print(
        info ?? null,
        info
          ? `Admin credential ${info.prefix}… created ${info.createdAt.toISOString()}${info.rotatedAt ? `, rotated ${info.rotatedAt.toISOString()}` : ''}`
          : 'No admin credential yet: it is created at the first start, or by `cassa admin-key rotate`.',
      );
    },
  },
];
