export { default } from '@acct/eslint-config';
