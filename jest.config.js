/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }] },
  testTimeout: 30000,
  setupFiles: ['<rootDir>/dev/platform/jest-setup.ts'],
  // The security pass: every console line of the run is kept and scanned for secrets at the end.
  setupFilesAfterEnv: ['<rootDir>/test/support/log-scan/capture-console.ts'],
  globalSetup: '<rootDir>/test/support/log-scan/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/log-scan/global-teardown.ts',
};
