// A stand-in for the Cover Art Archive (https://musicbrainz.org/doc/Cover_Art_Archive/API), speaking
// its wire format: `GET /release/{mbid}/front-250` answers 307 to the image (the real one redirects
// to archive.org), 404 when the release has no cover; `GET /release/{mbid}` lists the images as JSON.
// Releases are told apart by their id: see COVER_RELEASES.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';

export const COVER_RELEASES = {
  /** Has a front cover (a small PNG). */
  found: '76df3287-6cda-33eb-8e9a-044b5e15ffdd',
  /** No cover: 404. */
  missing: '00000000-0000-4000-8000-000000000404',
  /** The archive never answers. */
  hanging: '00000000-0000-4000-8000-00000000dead',
  /** Redirects on for ever. */
  looping: '00000000-0000-4000-8000-0000000010ee',
  /** Answers 200 with bytes that are not an image. */
  notImage: '00000000-0000-4000-8000-000000000bad',
} as const;

export interface CoverArtArchive {
  baseUrl: string;
  /** How many requests each path received. */
  hits: Map<string, number>;
  /** The PNG served for the `found` release. */
  png: Buffer;
  close(): Promise<void>;
}

export async function startCoverArtArchive(host = '127.0.0.1'): Promise<CoverArtArchive> {
  const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#3366ff' } }).png().toBuffer();
  const hits = new Map<string, number>();
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://archive').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const [, release, mbid, size] = path.split('/');
    if (path === `/images/${COVER_RELEASES.found}-250.png`) {
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length }).end(png);
    } else if (release !== 'release' || mbid === COVER_RELEASES.missing) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
    } else if (mbid === COVER_RELEASES.hanging) {
      hanging.add(res); // answered never
    } else if (mbid === COVER_RELEASES.looping) {
      res.writeHead(307, { location: path }).end();
    } else if (mbid === COVER_RELEASES.notImage) {
      res.writeHead(200, { 'content-type': 'image/png' }).end('<html>not an image</html>');
    } else if (mbid === COVER_RELEASES.found && size === 'front-250') {
      res.writeHead(307, { location: `/images/${COVER_RELEASES.found}-250.png`, 'content-type': 'text/plain' }).end('See Other');
    } else if (mbid === COVER_RELEASES.found && size === undefined) {
      const image = `${baseUrl}/images/${COVER_RELEASES.found}-250.png`;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ release: `https://musicbrainz.org/release/${mbid}`, images: [{ front: true, back: false, types: ['Front'], image, thumbnails: { 250: image, small: image } }] }));
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const baseUrl = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    hits,
    png,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
