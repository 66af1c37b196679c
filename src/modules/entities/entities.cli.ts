// `cassa entity ...` and `cassa apikey ...`: set up creditor bodies and their back-office keys.
// These commands need only this module's services, which take nothing but the database: they build
// them rather than ctx.services(), which would load every module of Cassa (half their run time).
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { type Command, type CommandContext, parse, table, UsageError } from '../../cli/runtime.ts';
import type { ApiKeyInfo } from './api-keys.ts';
import type { Entity } from './entity.ts';

async function entitiesOf(ctx: CommandContext) {
  const [database, { entitiesService }] = await Promise.all([ctx.database(), import('./entities.service.ts')]);
  return entitiesService({ db: database.db });
}

async function apiKeysOf(ctx: CommandContext) {
  const [database, { apiKeysService }] = await Promise.all([ctx.database(), import('./api-keys.ts')]);
  return apiKeysService({ db: database.db });
}

const MEDIA_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.svg': 'image/svg+xml',
};

const describe = (e: Entity) =>
  [
    `${e.name} (${e.fiscalCode})`,
    e.sector && `  sector:           ${e.sector}`,
    e.info && `  info:             ${e.info}`,
    `  segregation code: ${e.segregationCode}`,
    e.cbill && `  CBILL:            ${e.cbill}`,
    `  broker / station: ${e.brokerId} / ${e.stationId}`,
    e.postalAccount && `  postal account:   ${e.postalAccount}`,
    e.postalAuthorization && `  Poste auth.:      ${e.postalAuthorization}`,
    `  notice language:  ${e.noticeLanguage}`,
    `  after due date:   ${e.payableAfterDue ? 'payable' : 'not payable'}`,
    `  IBANs:            ${e.ibans.join(', ')}`,
    `  logo:             ${e.hasLogo ? 'yes' : 'no'}`,
    e.deactivatedAt && `  DEACTIVATED since ${e.deactivatedAt.toISOString()} (its API keys are refused)`,
  ]
    .filter(Boolean)
    .join('\n');

export const entityCommands: Command[] = [
  {
    name: 'entity create',
    usage:
      'entity create --fiscal-code CF --name NAME --segregation-code NN --iban IBAN [--iban IBAN ...] [--sector S] [--info I] [--cbill CODE] [--postal-account N] [--broker-id ID] [--station-id ID] [--logo FILE] [--notice-language it|it-en|it-de] [--postal-authorization TEXT] [--payable-after-due yes|no] [--json]',
    summary: 'Create a creditor body (entity)',
    async run(ctx) {
      const { values } = parse(ctx.args, {
        'fiscal-code': { type: 'string' },
        name: { type: 'string' },
        'segregation-code': { type: 'string' },
        iban: { type: 'string', multiple: true },
        sector: { type: 'string' },
        info: { type: 'string' },
        cbill: { type: 'string' },
        'postal-account': { type: 'string' },
        'broker-id': { type: 'string' },
        'station-id': { type: 'string' },
        logo: { type: 'string' },
        'notice-language': { type: 'string' },
        'postal-authorization': { type: 'string' },
        'payable-after-due': { type: 'string' },
      });
      for (const required of ['fiscal-code', 'name', 'segregation-code'] as const) {
        if (!values[required]) throw new UsageError(`--${required} is required`);
      }
      let logo: { data: Uint8Array; mediaType: string } | undefined;
      if (values.logo) {
        const mediaType = MEDIA_TYPES[extname(values.logo).toLowerCase()];
        if (!mediaType) throw new UsageError('--logo must be a .png, .jpg or .svg file');
        logo = { data: readFileSync(values.logo), mediaType };
      }
      const entity = await (await entitiesOf(ctx)).create(
        {
          fiscalCode: values['fiscal-code']!,
          name: values.name!,
          segregationCode: values['segregation-code']!,
          ibans: values.iban ?? [],
          sector: values.sector,
          info: values.info,
          cbill: values.cbill,
          postalAccount: values['postal-account'],
          brokerId: values['broker-id'],
          stationId: values['station-id'],
          logo,
          noticeLanguage: values['notice-language'],
          postalAuthorization: values['postal-authorization'],
          payableAfterDue: yesNo(values['payable-after-due'], '--payable-after-due'),
        },
        ctx.actor,
      );
      ctx.print(entity, `Created ${describe(entity)}`);
    },
  },
  {
    name: 'entity list',
    usage: 'entity list [--json]',
    summary: 'List the entities',
    async run(ctx) {
      parse(ctx.args, {});
      const entities = await (await entitiesOf(ctx)).list();
      ctx.print(
        entities,
        entities.length === 0
          ? 'No entities yet. Create one with: cassa entity create ...'
          : table(
              ['FISCAL CODE', 'NAME', 'SEG', 'STATION'],
              entities.map((e) => [e.fiscalCode, e.name, e.segregationCode, e.stationId]),
            ),
      );
    },
  },
  {
    name: 'entity show',
    usage: 'entity show <fiscal code> [--json]',
    summary: 'Show one entity',
    async run(ctx) {
      const { positionals } = parse(ctx.args, {});
      if (positionals.length !== 1) throw new UsageError('give the fiscal code of the entity');
      const entity = await (await entitiesOf(ctx)).require(positionals[0]!);
      ctx.print(entity, describe(entity));
    },
  },
];

const keyRow = (k: ApiKeyInfo) => [
  k.id,
  k.entityFiscalCode,
  k.name,
  `${k.prefix}…`,
  k.createdAt.toISOString().slice(0, 19),
  k.revokedAt ? `revoked ${k.revokedAt.toISOString().slice(0, 10)}` : 'active',
];

export const apiKeyCommands: Command[] = [
  {
    name: 'apikey create',
    usage: 'apikey create --entity CF [--name NAME] [--grant AREA:read|write …] [--json]',
    summary: 'Create an API key for an entity (shown once); --grant narrows what it may do (ADR 0031)',
    async run(ctx) {
      const { values } = parse(ctx.args, {
        entity: { type: 'string' },
        name: { type: 'string' },
        grant: { type: 'string', multiple: true },
      });
      if (!values.entity) throw new UsageError('--entity is required');
      const keys = await apiKeysOf(ctx);
      const created = await keys.create(values.entity, values.name ?? 'back office', ctx.actor, values.grant);
      ctx.print(
        created,
        `API key for ${created.entityFiscalCode} (id ${created.id}, ${created.grants.join(' ')}):\n\n  ${created.key}\n\nStore it now: Cassa keeps only its hash and cannot show it again.`,
      );
    },
  },
  {
    name: 'apikey list',
    usage: 'apikey list [--entity CF] [--json]',
    summary: 'List API keys (never the secrets)',
    async run(ctx) {
      const { values } = parse(ctx.args, { entity: { type: 'string' } });
      const keys = await (await apiKeysOf(ctx)).list(values.entity);
      ctx.print(
        keys,
        keys.length === 0
          ? 'No API keys.'
          : table(['ID', 'ENTITY', 'NAME', 'PREFIX', 'CREATED', 'STATUS'], keys.map(keyRow)),
      );
    },
  },
  {
    name: 'apikey revoke',
    usage: 'apikey revoke <id or prefix> [--json]',
    summary: 'Revoke an API key',
    async run(ctx) {
      const { positionals } = parse(ctx.args, {});
      if (positionals.length !== 1) throw new UsageError('give the id (or the prefix) of the key');
      const revoked = await (await apiKeysOf(ctx)).revoke(positionals[0]!.replace(/…$/, ''), ctx.actor);
      ctx.print(revoked, `Revoked key ${revoked.id} (${revoked.name}) of ${revoked.entityFiscalCode}`);
    },
  },
];

/** A yes/no flag value; undefined when the flag is absent. */
function yesNo(value: string | undefined, flag: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'yes' || value === 'true') return true;
  if (value === 'no' || value === 'false') return false;
  throw new UsageError(`${flag} must be yes or no`);
}
