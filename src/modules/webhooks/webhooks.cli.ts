// `cassa webhook …`: manage an entity's webhook endpoints, read the delivery log, replay deliveries
// (one, or every given-up delivery of an endpoint) and deliver what is due now.
import { type Command, parse, table, UsageError } from '../../cli/runtime.ts';
import { EVENT_TYPES } from './webhook.ts';

// The JSON of the API's answers (webhooks.http.ts), imported with the command: not for --help.
const json = () => import('./webhooks.http.ts');

const noPositionals = (positionals: string[]) => {
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
};

export const webhookCommands: Command[] = [
  {
    name: 'webhook create',
    usage: `webhook create --entity CF --url URL --event TYPE [--event TYPE ...] [--description TEXT] [--json]   (TYPE: ${EVENT_TYPES.join(', ')})`,
    summary: 'Subscribe a back-office endpoint to events; prints its signing secret once',
    async run(ctx) {
      const { values, positionals } = parse(ctx.args, {
        entity: { type: 'string' },
        url: { type: 'string' },
        event: { type: 'string', multiple: true },
        description: { type: 'string' },
      });
      noPositionals(positionals);
      if (!values.entity || !values.url || !values.event?.length)
        throw new UsageError('--entity, --url and --event are required');
      const [services, { endpointJson }] = await Promise.all([ctx.services(), json()]);
      const entity = await services.entities.require(values.entity);
      const { endpoint, secret } = await services.webhooks.create(
        entity,
        { url: values.url, events: values.event, description: values.description },
        ctx.actor,
      );
      ctx.print(
        endpointJson(endpoint, secret),
        `Webhook ${endpoint.id} → ${endpoint.url} (${endpoint.events.join(', ')})\n  signing secret (shown only now): ${secret}`,
      );
      return undefined;
    },
  },
  {
    name: 'webhook list',
    usage: 'webhook list --entity CF [--json]',
    summary: 'List the webhook endpoints of an entity',
    async run(ctx) {
      const { values, positionals } = parse(ctx.args, { entity: { type: 'string' } });
      noPositionals(positionals);
      if (!values.entity) throw new UsageError('--entity is required');
      const [services, { endpointJson }] = await Promise.all([ctx.services(), json()]);
      const endpoints = await services.webhooks.list(await services.entities.require(values.entity));
      ctx.print(
        endpoints.map((e) => endpointJson(e)),
        endpoints.length === 0
          ? 'No webhook endpoints.'
          : table(
              ['id', 'url', 'events', 'active'],
              endpoints.map((e) => [e.id, e.url, e.events.join(','), e.active ? 'yes' : 'no']),
            ),
      );
      return undefined;
    },
  },
  {
    name: 'webhook disable',
    usage: 'webhook disable --entity CF --id ENDPOINT_ID [--json]',
    summary: 'Stop sending to a webhook endpoint',
    async run(ctx) {
      const { values, positionals } = parse(ctx.args, { entity: { type: 'string' }, id: { type: 'string' } });
      noPositionals(positionals);
      if (!values.entity || !values.id) throw new UsageError('--entity and --id are required');
      const [services, { endpointJson }] = await Promise.all([ctx.services(), json()]);
      const endpoint = await services.webhooks.disable(
        await services.entities.require(values.entity),
        values.id,
        ctx.actor,
      );
      ctx.print(endpointJson(endpoint), `Webhook ${endpoint.id} disabled.`);
      return undefined;
    },
  },
  {
    name: 'webhook deliveries',
    usage: 'webhook deliveries --entity CF [--endpoint ID] [--status PENDING|DELIVERED|FAILED] [--limit N] [--json]',
    summary: 'The delivery log, newest first, with the last error of each',
    async run(ctx) {
      const { values, positionals } = parse(ctx.args, {
        entity: { type: 'string' },
        endpoint: { type: 'string' },
        status: { type: 'string' },
        limit: { type: 'string' },
      });
      noPositionals(positionals);
      if (!values.entity) throw new UsageError('--entity is required');
      const status = values.status as 'PENDING' | 'DELIVERED' | 'FAILED' | undefined;
      if (status && !['PENDING', 'DELIVERED', 'FAILED'].includes(status))
        throw new UsageError('--status must be PENDING, DELIVERED or FAILED');
      const limit = Number(values.limit ?? '50');
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError('--limit must be 1 to 1000');
      const [services, { deliveryJson }] = await Promise.all([ctx.services(), json()]);
      const entity = await services.entities.require(values.entity);
      const list = await services.webhooks.deliveries(entity, {
        endpointId: values.endpoint,
        status,
        limit,
        offset: 0,
      });
      ctx.print(
        list.map(deliveryJson),
        list.length === 0
          ? 'No deliveries.'
          : table(
              ['delivery', 'event', 'status', 'attempts', 'last error'],
              list.map((d) => [d.id, d.eventType, d.status, String(d.attempts), d.lastError ?? '']),
            ),
      );
      return undefined;
    },
  },
  {
    name: 'webhook replay',
    usage: 'webhook replay --entity CF (--delivery ID | --endpoint ID --failed) [--json]',
    summary: 'Send deliveries again: one, or every given-up delivery of an endpoint; then deliver what is due',
    async run(ctx) {
      const { values, positionals } = parse(ctx.args, {
        entity: { type: 'string' },
        delivery: { type: 'string' },
        endpoint: { type: 'string' },
        failed: { type: 'boolean' },
      });
      noPositionals(positionals);
      if (!values.entity) throw new UsageError('--entity is required');
      if (Boolean(values.delivery) === Boolean(values.endpoint && values.failed)) {
        throw new UsageError('give either --delivery ID, or --endpoint ID --failed');
      }
      const services = await ctx.services();
      const entity = await services.entities.require(values.entity);
      const ids = values.delivery
        ? [values.delivery]
        : (
            await services.webhooks.deliveries(entity, {
              endpointId: values.endpoint,
              status: 'FAILED',
              limit: 10_000,
              offset: 0,
            })
          ).map((d) => d.id);
      for (const id of ids) await services.webhooks.replay(entity, id, ctx.actor);
      const sent = await services.webhooks.deliverDue();
      ctx.print(
        { replayed: ids.length, ...sent },
        `Replayed ${ids.length} deliveries: ${sent.delivered} delivered, ${sent.retried} to retry, ${sent.failed} given up.`,
      );
      return undefined;
    },
  },
];
