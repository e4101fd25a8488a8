// Writing a web Response (small, not streamed) to a Node response, with the security headers.
import type { ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from './security-headers.js';

export async function writeWebResponse(res: ServerResponse, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, { ...SECURITY_HEADERS, ...Object.fromEntries(response.headers), 'Content-Length': body.length });
  res.end(body);
}
