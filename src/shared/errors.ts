// One error type for the whole of Cassa, with a stable code from a closed registry. The HTTP edge
// turns it into problem+json (src/http/errors.ts), the CLI into a message on stderr.

/** Every domain error code, with the HTTP status it maps to and when it is thrown. */
export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid', when: 'a field breaks a rule; see errors[]' },
  BAD_REQUEST: { status: 400, title: 'Malformed request', when: 'a body that is not valid JSON, a poisoned key' },
  UNAUTHENTICATED: { status: 401, title: 'Missing or invalid API key', when: 'no key, an unknown or revoked key' },
  FORBIDDEN: {
    status: 403,
    title: 'Not allowed with this credential',
    when: 'an entity API key on the admin API (/admin/v1), the admin credential on an entity API, a key or principal without the area or access a route or service needs (ADR 0031), or /metrics from a non-loopback address while METRICS_TOKEN is unset',
  },
  NOT_FOUND: { status: 404, title: 'Not found', when: 'the resource does not exist or belongs to another entity' },
  POSITION_EXISTS: { status: 409, title: 'Debt position already exists', when: 'create with an iupd in use' },
  NOTICE_NUMBER_TAKEN: { status: 409, title: 'Notice number already used', when: 'a supplied nav/iuv is in use' },
  POSITION_NOT_UPDATABLE: { status: 409, title: 'Debt position cannot be updated', when: 'invalid, paid, reported' },
  POSITION_NOT_PUBLISHABLE: { status: 409, title: 'Debt position cannot be published', when: 'not in DRAFT' },
  POSITION_NOT_INVALIDABLE: { status: 409, title: 'Debt position cannot be invalidated', when: 'see lifecycle' },
  POSITION_HAS_PAYMENTS: { status: 409, title: 'Debt position has payments', when: 'delete after a payment' },
  ALREADY_PAID: { status: 409, title: 'Already paid', when: 'the instalment is paid, or another option settled it' },
  NOT_PAYABLE: { status: 422, title: 'Not in a payable state', when: 'draft, published, invalid or expired' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'File too large', when: 'an import over the size or row limit' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type', when: 'a body of the wrong Content-Type' },
  UNSUPPORTED_FORMAT: { status: 415, title: 'Unsupported file format', when: 'an import that is not CSV/JSON/ZIP' },
  REPORT_NOT_READY: { status: 425, title: 'Report not ready', when: 'an import still in progress' },
  RECEIPT_AMBIGUOUS: {
    status: 409,
    title: 'Several receipts carry this id',
    when: 'a channel reused a receipt id across notices: name the notice with iuv',
  },
  NOTICE_NOT_PRINTABLE: {
    status: 409,
    title: 'Payment notice cannot be printed',
    when: 'the position is a draft, invalid, expired or paid, or the notice asked for is paid or settled',
  },
  NOTHING_TO_PRINT: { status: 422, title: 'Nothing to print', when: 'no notice of a print run can be printed' },
  PRINT_JOB_NOT_READY: { status: 425, title: 'Print job not finished', when: 'file of a queued or running job' },
  PRINT_JOB_FAILED: { status: 409, title: 'Print job failed', when: 'file of a job that failed (see its error)' },
  PAYMENT_IN_PROGRESS: {
    status: 409,
    title: 'A payment of this notice is in progress',
    when: 'a payment is started for a notice another live payment attempt holds (not the same set of notices, or started by another browser or API caller), or while a live attempt holds a notice of another payment option of the same debt; Retry-After says when the notices are free at the latest',
  },
  CHECKOUT_UNAVAILABLE: {
    status: 502,
    title: 'pagoPA Checkout did not take the payment',
    when: 'Checkout refused the cart or did not answer; the attempt shows why',
  },
  CART_FULL: {
    status: 409,
    title: 'The cart is full',
    when: 'a sixth notice added to a citizen’s cart (pagoPA Checkout pays at most five at once)',
  },
  WEBHOOK_DISABLED: { status: 409, title: 'Webhook endpoint disabled', when: 'replay to a disabled endpoint' },
  DELIVERY_PENDING: { status: 409, title: 'Delivery still pending', when: 'replay of a delivery still being tried' },
  OVERPAYMENT_CLOSED: {
    status: 409,
    title: 'Over-payment item already closed',
    when: 'refund or resolve an item that is refunded or resolved already',
  },
  REFUND_EXCEEDS_OVERPAYMENT: {
    status: 409,
    title: 'Refund over the over-payment',
    when: 'a refund that with the item’s other refunds (not cancelled) would return more than it brought in',
  },
  REFUND_NOT_CHANGEABLE: {
    status: 409,
    title: 'Refund cannot change so',
    when: 'marking paid or cancelling a refund that is paid or cancelled already',
  },
  ENTITY_EXISTS: { status: 409, title: 'Entity already exists', when: 'entity create with a fiscal code in use' },
  ENTITY_INACTIVE: {
    status: 409,
    title: 'Entity is deactivated',
    when: 'an API key created for an entity that is deactivated (reactivate it first)',
  },
  SIGN_IN_FAILED: {
    status: 401,
    title: 'Sign-in failed',
    when: 'an operator’s wrong e-mail, password or second factor, a disabled or locked account (one answer for all, ADR 0033)',
  },
  REAUTHENTICATION_REQUIRED: {
    status: 401,
    title: 'Confirm who you are to do this',
    when: 'a sensitive act (a new API key or operator, a refund, a role change) more than 5 minutes after the operator last proved who they are',
  },
  OPERATOR_EXISTS: {
    status: 409,
    title: 'Operator already exists',
    when: 'an e-mail (or fiscal code) in use at the entity',
  },
  ROLE_EXISTS: { status: 409, title: 'Role already exists', when: 'a role name in use at the entity' },
  OWN_ADMINISTRATION: {
    status: 409,
    title: 'You cannot take away your own administration',
    when: 'an operator removing their own last role that manages operators, or disabling themselves',
  },
  INVITATION_INVALID: {
    status: 410,
    title: 'Invitation link not valid',
    when: 'an unknown, used or expired invitation link, or a first-administrator link once an operator exists',
  },
  TOO_MANY_REQUESTS: {
    status: 429,
    title: 'Too many requests',
    when: 'an address or an entity is over an access limit (notice look-ups, ADR 0023); Retry-After says when to try again',
  },
  SERVICE_UNAVAILABLE: { status: 503, title: 'Service unavailable', when: 'shutting down, or the database is down' },
  INTERNAL: { status: 500, title: 'Internal error', when: 'anything unexpected; logged with the request id' },
} as const satisfies Record<string, { status: number; title: string; when: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** A problem with one field, located by a path such as `paymentOption[0].installments[1].amount`. */
export interface FieldProblem {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly problems: FieldProblem[];
  /** For TOO_MANY_REQUESTS and PAYMENT_IN_PROGRESS: the seconds until a new try may succeed (Retry-After). */
  readonly retryAfterSeconds: number | undefined;
  constructor(code: ErrorCode, detail: string, problems: FieldProblem[] = [], retryAfterSeconds?: number) {
    super(detail);
    this.name = 'AppError';
    this.code = code;
    this.problems = problems;
    this.retryAfterSeconds = retryAfterSeconds;
  }
  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}

/** Shorthand for a validation error listing field problems. */
export function invalid(problems: FieldProblem[], detail?: string): AppError {
  const first = problems[0];
  const summary = first ? `${first.path}: ${first.message}` : 'invalid input';
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return new AppError('VALIDATION_FAILED', detail ?? `${summary}${more}`, problems);
}

/** The single detail used for every 404, so a missing resource and a foreign one look the same. */
export const NOT_FOUND_DETAIL = 'The requested resource does not exist.';

/** An access limit is reached: try again in `retryAfterSeconds`. */
export function tooManyRequests(retryAfterSeconds: number): AppError {
  return new AppError(
    'TOO_MANY_REQUESTS',
    'Too many attempts from here lately; try again later.',
    [],
    retryAfterSeconds,
  );
}

export function notFound(): AppError {
  return new AppError('NOT_FOUND', NOT_FOUND_DETAIL);
}
