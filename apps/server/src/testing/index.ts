// Named re-exports only: what tests in other packages may use of the server's test kit.
export { kindOf } from './kind-of.ts';
export { TEST_PUBLIC_URL, type TestServer, startTestServer } from './start-server.ts';
