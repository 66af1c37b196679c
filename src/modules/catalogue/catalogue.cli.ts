// `cassa services add|list|show|update|retire`: the catalogue of spontaneous payments from the
// command line. A definition is read from a JSON file in the API's format and checked by the same
// JSON schema and rules as the API.
import { readFileSync } from 'node:fs';
import { type Command, parse, table, UsageError } from '../../cli/runtime.ts';
import { invalid } from '../../shared/errors.ts';
import { formatSoapAmount } from '../../shared/money.ts';
import { definitionSchema, toServiceJson } from './catalogue.schemas.ts';
import type { ListedService } from './catalogue.service.ts';
import type { ServiceDefinition } from './service.ts';

/** The definition in a JSON file, or VALIDATION_FAILED listing what is wrong with it. */
async function readDefinition(file: string): Promise<ServiceDefinition> {
  // Ajv and the compiled schema only for the commands that read a definition (not for --help).
  const [{ Ajv }, { default: addFormats }, { ajvProblems }] = await Promise.all([
    import('ajv'),
    import('ajv-formats'),
    import('../../http/errors.ts'),
  ]);
  const ajv = new Ajv({ useDefaults: true, allErrors: true, strict: false });
  addFormats.default(ajv);
  const validDefinition = ajv.compile(definitionSchema);
  let body: unknown;
  try {
    body = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${file} as JSON: ${(error as Error).message}`);
  }
  if (!validDefinition(body)) {
    throw invalid(ajvProblems(validDefinition.errors ?? [], 'body'));
  }
  return body as ServiceDefinition;
}

const euro = (cents: number) => `${formatSoapAmount(cents as never)} EUR`;
const amountOf = (s: ListedService) =>
  s.amount.type === 'fixed' ? euro(s.amount.cents) : `${euro(s.amount.minCents)} - ${euro(s.amount.maxCents)}`;

const describe = (s: ListedService) =>
  [
    `${s.title} (${s.id}, version ${s.version})${s.retiredAt ? ` — retired ${s.retiredAt.toISOString()}` : ''}`,
    `  amount:     ${amountOf(s)}`,
    `  fields:     ${s.fields.map((f) => `${f.key} (${f.type}${f.required ? ', required' : ''})`).join(', ') || 'none'}`,
    `  account:    ${s.accounting.iban}${s.accounting.postalIban ? ` / postal ${s.accounting.postalIban}` : ''}`,
    `  category:   ${s.accounting.category}`,
    `  remittance: ${s.accounting.remittance}`,
    `  due:        ${s.dueInDays} days after the request`,
    `  positions:  ${s.requests}`,
  ].join('\n');

function entityAndId(args: string[]) {
  const { values, positionals } = parse(args, { entity: { type: 'string' } });
  if (!values.entity) throw new UsageError('--entity is required');
  if (positionals.length !== 1) throw new UsageError('give the id of the service');
  return { entity: values.entity, id: positionals[0]! };
}

export const catalogueCommands: Command[] = [
  {
    name: 'services add',
    usage: 'services add --entity CF --file DEFINITION.json [--json]',
    summary: 'Add a service to the catalogue of spontaneous payments (definition as in the API)',
    async run(ctx) {
      const { values, positionals } = parse(ctx.args, { entity: { type: 'string' }, file: { type: 'string' } });
      if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
      if (!values.entity) throw new UsageError('--entity is required');
      if (!values.file) throw new UsageError('--file is required');
      const definition = await readDefinition(values.file);
      const services = await ctx.services();
      const entity = await services.entities.require(values.entity);
      const service = await services.catalogue.create(entity, definition, ctx.actor);
      ctx.print(toServiceJson(service, entity.fiscalCode), `Added ${describe(service)}`);
      return undefined;
    },
  },
  {
    name: 'services list',
    usage: 'services list --entity CF [--all] [--json]',
    summary: 'List the catalogue of an entity (--all: retired services too)',
    async run(ctx) {
      const { values, positionals } = parse(ctx.args, { entity: { type: 'string' }, all: { type: 'boolean' } });
      if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
      if (!values.entity) throw new UsageError('--entity is required');
      const services = await ctx.services();
      const entity = await services.entities.require(values.entity);
      const list = await services.catalogue.list(entity, { includeRetired: values.all === true });
      ctx.print(
        list.map((s) => toServiceJson(s, entity.fiscalCode)),
        list.length === 0
          ? 'No services yet. Add one with: cassa services add --entity CF --file DEFINITION.json'
          : table(
              ['ID', 'TITLE', 'AMOUNT', 'POSITIONS', 'STATE'],
              list.map((s) => [s.id, s.title, amountOf(s), String(s.requests), s.retiredAt ? 'retired' : 'offered']),
            ),
      );
      return undefined;
    },
  },
  {
    name: 'services show',
    usage: 'services show --entity CF <service id> [--json]',
    summary: 'Show one service of the catalogue',
    async run(ctx) {
      const { entity: cf, id } = entityAndId(ctx.args);
      const services = await ctx.services();
      const entity = await services.entities.require(cf);
      const service = await services.catalogue.get(entity, id);
      ctx.print(toServiceJson(service, entity.fiscalCode), describe(service));
      return undefined;
    },
  },
  {
    name: 'services update',
    usage: 'services update --entity CF <service id> --file DEFINITION.json [--json]',
    summary: 'Replace the definition of a service (positions already made keep theirs)',
    async run(ctx) {
      const { values, positionals } = parse(ctx.args, { entity: { type: 'string' }, file: { type: 'string' } });
      if (!values.entity) throw new UsageError('--entity is required');
      if (!values.file) throw new UsageError('--file is required');
      if (positionals.length !== 1) throw new UsageError('give the id of the service');
      const definition = await readDefinition(values.file);
      const services = await ctx.services();
      const entity = await services.entities.require(values.entity);
      const service = await services.catalogue.update(entity, positionals[0]!, definition, ctx.actor);
      ctx.print(toServiceJson(service, entity.fiscalCode), `Updated ${describe(service)}`);
      return undefined;
    },
  },
  {
    name: 'services retire',
    usage: 'services retire --entity CF <service id> [--json]',
    summary: 'Take a service off the portal (it is kept, with its positions)',
    async run(ctx) {
      const { entity: cf, id } = entityAndId(ctx.args);
      const services = await ctx.services();
      const entity = await services.entities.require(cf);
      const service = await services.catalogue.retire(entity, id, ctx.actor);
      ctx.print(toServiceJson(service, entity.fiscalCode), `Retired ${describe(service)}`);
      return undefined;
    },
  },
];
