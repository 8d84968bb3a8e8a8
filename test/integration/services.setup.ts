import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import './services.js';

/**
 * Starts FerretDB and Redis for the integration tier with scripts/services (which installs them
 * when missing), or uses TANDEM_TEST_MONGODB_URI / TANDEM_TEST_REDIS_URL when both are set.
 * A service that cannot start fails the run: the tier never falls back to a mock.
 */
export default function setup(project: TestProject): () => void {
  const given = { mongo: process.env.TANDEM_TEST_MONGODB_URI, redis: process.env.TANDEM_TEST_REDIS_URL };
  if (given.mongo && given.redis) {
    provide(project, {
      MONGODB_URI: given.mongo,
      REDIS_URL: given.redis,
      REDIS_DIR: '',
      REDIS_PORT: new URL(given.redis).port,
    });
    return () => {};
  }
  const dir = mkdtempSync(join(tmpdir(), 'tandem-services-'));
  const script = join(project.config.root, 'scripts', 'services');
  try {
    execFileSync(script, ['start', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (err) {
    execFileSync(script, ['stop', dir], { stdio: 'ignore' });
    throw new Error(`integration services did not start (scripts/services start ${dir}); see the log above`, {
      cause: err,
    });
  }
  const env = Object.fromEntries(
    readFileSync(join(dir, 'env'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  provide(project, env);
  return () => {
    execFileSync(script, ['stop', dir], { stdio: 'inherit' });
    rmSync(dir, { recursive: true, force: true });
  };
}

function provide(project: TestProject, env: Record<string, string | undefined>): void {
  project.provide('mongodbUri', required(env, 'MONGODB_URI'));
  project.provide('redisUrl', required(env, 'REDIS_URL'));
  project.provide('redisDir', env.REDIS_DIR ?? '');
  project.provide('redisPort', Number(env.REDIS_PORT));
}

function required(env: Record<string, string | undefined>, key: string): string {
  const value = env[key];
  if (!value) throw new Error(`scripts/services gave no ${key}`);
  return value;
}
