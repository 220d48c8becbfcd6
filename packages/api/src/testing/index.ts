// Named re-exports only: what tests in other packages may use of this one's test kit.
export { CookieJar } from './cookie-jar.ts';
export { createTestInstance, type TestInstance, type TestInstanceOptions } from './harness.ts';
export { md5 } from './md5.ts';
export { enrollTotp } from './enrol-totp.ts';
export { totpCodeAt } from '../domain/totp.ts';
