import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    mongodbUri: string;
    redisUrl: string;
    /** Folder and port of the test Redis, for tests that restart it. */
    redisDir: string;
    redisPort: number;
  }
}

/** The MongoDB wire server (FerretDB) the integration tier runs against. */
export function mongodbUri(): string {
  return inject('mongodbUri');
}

export function redisUrl(): string {
  return inject('redisUrl');
}
