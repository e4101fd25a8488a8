import type { IncomingMessage } from 'node:http';
import type { BlockList } from 'node:net';

export const PEER_ADDRESS_HEADER: string;
export const UNKNOWN_ADDRESS: 'unknown';
export function normalizeAddress(address: string | null | undefined): string;
export function limitKeyOf(address: string, prefixBits?: 16 | 32 | 48 | 64 | 80 | 96 | 112 | 128): string;
export function parseTrustedProxies(value: string | null | undefined): BlockList | null;
export function isTrustedProxy(address: string | null | undefined): boolean;
export function resolveClientAddress(parts: { peer?: string | null; forwardedFor?: string | null; vercelForwardedFor?: string | null }): string;
export function clientAddressOfNodeRequest(req: IncomingMessage): string;
export function clientAddressOfHeaders(headers: { get(name: string): string | null }): string;
