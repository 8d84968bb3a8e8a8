import { defineConfig } from 'vitest/config';

/**
 * The fault suite (`npm run test:faults`): each file starts its own FerretDB, Redis, server and
 * workers, and breaks them; one file at a time, as they share the machine's two cores.
 */
export default defineConfig({
  test: {
    name: 'faults',
    reporters: ['default', './test/closing-line.ts'],
    include: ['test/faults/**/*.test.ts'],
    globalSetup: ['test/faults/table.setup.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 180_000,
  },
});
