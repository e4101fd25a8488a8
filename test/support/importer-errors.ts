// Checks shared by the importer readers' tests: what a failed poll throws, and how it fails when the
// service is silent or not there at all. Every message is checked to be free of the API keys given.
import { expect } from 'vitest';
import { ImporterFetchError, type ImporterSetupError } from '@/lib/importers/types';
import { freePort } from './server.js';

type ErrorKind = typeof ImporterSetupError | typeof ImporterFetchError;

/** The message of the error `poll` rejects with, after checking its kind, the service's name and no key. */
export async function importerError(poll: Promise<unknown>, kind: ErrorKind, service: string, keys: (string | undefined)[]) {
  const error = await poll.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(kind);
  const message = (error as Error).message;
  for (const key of keys) if (key?.trim()) expect(message).not.toContain(key.trim());
  expect(message).toContain(service);
  return message;
}

interface SilentService {
  service: string;
  /** Polls the service at `baseUrl`. */
  poll(baseUrl: string, signal: AbortSignal): Promise<unknown>;
  /** The stand-in's URL, already set to hang. */
  hangingUrl: string;
}

/** A hanging answer ends with the signal's timeout, a cancel says so, and a closed port is "not reached". */
export async function expectTransportFailures({ service, poll, hangingUrl }: SilentService) {
  const started = Date.now();
  const timedOut = await importerError(poll(hangingUrl, AbortSignal.timeout(300)), ImporterFetchError, service, []);
  expect(timedOut).toBe(`${service} did not answer in time.`);
  expect(Date.now() - started).toBeLessThan(3000);

  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  expect(await importerError(poll(hangingUrl, controller.signal), ImporterFetchError, service, [])).toBe(`The request to ${service} was cancelled.`);

  const closedUrl = `http://127.0.0.1:${await freePort()}${new URL(hangingUrl).pathname.replace(/\/$/, '')}`;
  const unreached = await importerError(poll(closedUrl, AbortSignal.timeout(5000)), ImporterFetchError, service, []);
  expect(unreached).toBe(`${service} could not be reached (ECONNREFUSED).`);
}
