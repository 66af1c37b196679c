// What the configuration tests share: the problems loadConfig names for an environment.
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../config.ts';

/** The problems loadConfig names for env, none when it loads. */
export function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
}
