import { createServer } from 'node:http';

/** The floor: a bare node:http server answering a static job status. */
const body = JSON.stringify({ id: '20260101-000000-000001', state: 'INPROGRESS', progress: 40, messages: [], start_time: '2026-01-01T00:00:00.000Z' });
const port = Number(process.argv[2] ?? 0);
createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(body);
}).listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
