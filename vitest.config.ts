import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // e2e runs start LibreOffice and Chromium; two workers fit this 2-core machine.
    maxWorkers: 2,
  },
});
