export { HttpKindError, classifyError } from './errors.ts';
export { plainEnvelope, useErrorEnvelope, type Envelope } from './envelope.ts';
export { limitMultipart, readFormData } from './multipart.ts';
