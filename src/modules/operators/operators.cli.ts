// `cassa operator ...`: the console's operators from the machine's terminal — create one (printing
// the one-time link with which they set their password), list them, disable or enable one, and issue
// a new link. The actor of every change is `cli:<user>`. Only this module's services are built.
import { type Command, type CommandContext, parse, table, UsageError } from '../../cli/runtime.ts';
import type { OperatorWithRoles } from './operators.service.ts';

async function operatorsOf(ctx: CommandContext) {
  const [database, { operatorsModule }, { entitiesService }, { systemClock }] = await Promise.all([
    ctx.database(),
    import('./operators.module.ts'),
    import('../entities/entities.service.ts'),
    import('../../shared/clock.ts'),
  ]);
  const { db } = database;
  return {
    operators: operatorsModule({ db, clock: systemClock, publicUrl: ctx.config.publicUrl }),
    entities: entitiesService({ db }),
  };
}

const SCOPE = { entity: { type: 'string' }, installation: { type: 'boolean' } } as const;

/** The entity id of --entity CF, null for --installation; exactly one of them (or neither when `optional`). */
async function scopeOf(
  values: { entity?: string | undefined; installation?: boolean | undefined },
  entities: { require(cf: string): Promise<{ id: string }> },
  optional = false,
): Promise<string | null | undefined> {
  if (values.entity && values.installation) throw new UsageError('give --entity CF or --installation, not both');
  if (values.installation) return null;
  if (values.entity) return (await entities.require(values.entity)).id;
  if (optional) return undefined;
  throw new UsageError(
    'give --entity CF (an operator of that entity) or --installation (an installation administrator)',
  );
}

const row = (o: OperatorWithRoles, fiscalCodes: Map<string, string>) => [
  o.email,
  o.displayName,
  o.entityId === null ? '(installation)' : (fiscalCodes.get(o.entityId) ?? o.entityId),
  o.roles.map((r) => r.builtin ?? r.name).join(', ') || '-',
  o.status,
  o.hasPassword ? 'yes' : 'no',
];

export const operatorCommands: Command[] = [
  {
    name: 'operator create',
    usage:
      'operator create (--entity CF | --installation) --email EMAIL --name NAME [--role ROLE ...] [--fiscal-code CF] [--json]',
    summary: 'Create a console operator and print their one-time invitation link',
    async run(ctx) {
      const { values, positionals } = parse(ctx.args, {
        ...SCOPE,
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string', multiple: true },
        'fiscal-code': { type: 'string' },
      });
      if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
      if (!values.email || !values.name) throw new UsageError('--email and --name are required');
      const { operators, entities } = await operatorsOf(ctx);
      const entityId = (await scopeOf(values, entities)) ?? null;
      const operator = await operators.accounts.create(
        {
          entityId,
          email: values.email,
          displayName: values.name,
          fiscalCode: values['fiscal-code'],
          roles: values.role ?? ['administrator'],
        },
        ctx.actor,
      );
      const invitation = await operators.invitations.invite(operator.id, ctx.actor);
      ctx.print(
        { operator, invitation: { url: invitation.url, expiresAt: invitation.expiresAt } },
        [
          `Created operator ${operator.email} (${operator.roles.map((r) => r.builtin ?? r.name).join(', ') || 'no role'}).`,
          '',
          `Send them this link to set their password (valid until ${invitation.expiresAt.toISOString()}, once):`,
          `  ${invitation.url}`,
        ].join('\n'),
      );
    },
  },
  {
    name: 'operator invite',
    usage: 'operator invite <email> (--entity CF | --installation) [--json]',
    summary: 'Print a new one-time link for an operator to set their password',
    async run(ctx) {
      const { values, positionals } = parse(ctx.args, SCOPE);
      if (positionals.length !== 1) throw new UsageError('give the e-mail of the operator');
      const { operators, entities } = await operatorsOf(ctx);
      const operator = await operators.accounts.byEmail((await scopeOf(values, entities)) ?? null, positionals[0]!);
      const invitation = await operators.invitations.invite(operator.id, ctx.actor);
      ctx.print(
        { url: invitation.url, expiresAt: invitation.expiresAt },
        `Link for ${operator.email} (valid until ${invitation.expiresAt.toISOString()}, once):\n  ${invitation.url}`,
      );
    },
  },
  {
    name: 'operator list',
    usage: 'operator list [--entity CF | --installation] [--json]',
    summary: 'List console operators and their roles',
    async run(ctx) {
      const { values, positionals } = parse(ctx.args, SCOPE);
      if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
      const { operators, entities } = await operatorsOf(ctx);
      const list = await operators.accounts.list(await scopeOf(values, entities, true));
      const fiscalCodes = new Map((await entities.list()).map((e) => [e.id, e.fiscalCode]));
      ctx.print(
        list,
        list.length === 0
          ? 'No operators. Create one with: cassa operator create ...'
          : table(
              ['E-MAIL', 'NAME', 'ENTITY', 'ROLES', 'STATUS', 'PASSWORD'],
              list.map((o) => row(o, fiscalCodes)),
            ),
      );
    },
  },
  ...(['disable', 'enable'] as const).map(
    (verb): Command => ({
      name: `operator ${verb}`,
      usage: `operator ${verb} <email> (--entity CF | --installation) [--json]`,
      summary: verb === 'disable' ? 'Disable an operator (their sessions end at once)' : 'Enable a disabled operator',
      async run(ctx) {
        const { values, positionals } = parse(ctx.args, SCOPE);
        if (positionals.length !== 1) throw new UsageError('give the e-mail of the operator');
        const { operators, entities } = await operatorsOf(ctx);
        const operator = await operators.accounts.byEmail((await scopeOf(values, entities)) ?? null, positionals[0]!);
        const changed = await operators.accounts.setStatus(
          operator.id,
          verb === 'disable' ? 'disabled' : 'active',
          ctx.actor,
        );
        ctx.print(changed, `Operator ${changed.email} is ${changed.status}.`);
      },
    }),
  ),
];
