import Fastify from 'fastify';
import { ceilingPort } from './config.ts';

// A library ceiling: Fastify with one route and no plugins, answering the same fixed body.
const body = {
  code: 0,
  msg: '',
  result: { nickname: '', profile_picture: '', username: 'seed00000001' },
};
const app = Fastify();
app.get('/', async () => body);
await app.listen({ port: ceilingPort(), host: '127.0.0.1' });
