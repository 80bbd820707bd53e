import { configDefaults, defineConfig } from 'vitest/config';
import { filesLeftOutForMissingTools } from './test/e2e/helpers/system-tools.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Empty unless PIPELINE_ALLOW_MISSING_E2E=1 on a machine without LibreOffice or Chromium (it says which files, and why).
    exclude: [...configDefaults.exclude, ...filesLeftOutForMissingTools(import.meta.dirname)],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // e2e runs start LibreOffice and Chromium; two workers fit this 2-core machine.
    maxWorkers: 2,
  },
});
