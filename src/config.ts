// The only place that reads process.env. Every variable is parsed once, every problem is listed
// together, and the result is frozen: a bad value stops start-up with a message naming the variable.
import { resolve } from 'node:path';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Folder for the embedded database (PGlite) and other local files. */
  readonly dataDir: string;
  /** PostgreSQL connection string; when absent Cassa runs on the embedded PGlite database. */
  readonly databaseUrl: string | undefined;
  readonly dbPoolSize: number;
  /** Seed the demo entity on first start. */
  readonly demo: boolean;
  readonly logLevel: LogLevel;
  /** Run background job workers in this process. */
  readonly jobs: boolean;
  /** Largest import file accepted, in bytes (after decompression for ZIP uploads). */
  readonly importMaxBytes: number;
  /** Largest number of positions in one import file. */
  readonly importMaxRows: number;
  /** Cassa's public base URL, without a trailing slash: the QR codes on receipts point to it. */
  readonly publicUrl: string;
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

type Env = Record<string, string | undefined>;

/** Documented variables, used by the README table and to reject obvious typos such as CASSA_DEMOS. */
export const CONFIG_VARIABLES = [
  'PORT',
  'HOST',
  'DATA_DIR',
  'DATABASE_URL',
  'DB_POOL_SIZE',
  'CASSA_DEMO',
  'LOG_LEVEL',
  'CASSA_JOBS',
  'IMPORT_MAX_BYTES',
  'IMPORT_MAX_ROWS',
  'PUBLIC_URL',
] as const;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Parses the environment into a frozen Config, or throws ConfigError listing every bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
      problems.push(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name]?.trim().toLowerCase();
    if (raw === undefined || raw === '') return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    problems.push(`${name} must be true or false (also 1/0, yes/no, on/off), got "${env[name]}"`);
    return fallback;
  };

  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl !== undefined) {
    try {
      const url = new URL(databaseUrl);
      if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
        problems.push(`DATABASE_URL must start with postgres:// or postgresql://, got "${url.protocol}"`);
      }
    } catch {
      problems.push('DATABASE_URL is not a valid URL (expected postgres://user:password@host:5432/database)');
    }
  }

  const logLevel = (env.LOG_LEVEL?.trim().toLowerCase() || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }

  const host = env.HOST?.trim() || 'localhost';
  if (!/^[A-Za-z0-9.:\-[\]]+$/.test(host)) problems.push(`HOST must be a host name or IP address, got "${env.HOST}"`);

  const port = int('PORT', 3000, 0, 65535);
  const publicUrl = parsePublicUrl(env.PUBLIC_URL, port, problems);

  const config: Config = {
    port,
    host,
    dataDir: resolve(env.DATA_DIR?.trim() || './data'),
    databaseUrl,
    dbPoolSize: int('DB_POOL_SIZE', 10, 1, 200),
    demo: bool('CASSA_DEMO', databaseUrl === undefined),
    logLevel,
    jobs: bool('CASSA_JOBS', true),
    importMaxBytes: int('IMPORT_MAX_BYTES', 200 * 1024 * 1024, 1024, 10 * 1024 * 1024 * 1024),
    importMaxRows: int('IMPORT_MAX_ROWS', 1_000_000, 1, 100_000_000),
    publicUrl,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

/**
 * PUBLIC_URL: the address citizens reach Cassa at (printed on receipts, so it must last). An http(s)
 * URL, optionally with a path; no query or fragment. Defaults to http://localhost:<PORT>.
 */
function parsePublicUrl(raw: string | undefined, port: number, problems: string[]): string {
  const text = raw?.trim();
  if (!text) return `http://localhost:${port}`;
  try {
    const url = new URL(text);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash || url.username) {
      problems.push(
        `PUBLIC_URL must be an http:// or https:// URL without query, fragment or credentials, got "${raw}"`,
      );
    }
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  } catch {
    problems.push(`PUBLIC_URL is not a valid URL (expected e.g. https://pagamenti.comune.example.it), got "${raw}"`);
    return `http://localhost:${port}`;
  }
}
