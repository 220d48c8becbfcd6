import { createServer } from 'node:http';
import { ceilingPort } from './config.ts';

// The ceiling: node:http answering a fixed JSON body of get_user_info's size, nothing else.
const body = JSON.stringify({
  code: 0,
  msg: '',
  result: { nickname: '', profile_picture: '', username: 'seed00000001' },
});
createServer((_request, response) => {
  response.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}).listen(ceilingPort(), '127.0.0.1');
